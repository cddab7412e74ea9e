using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Interview;

/// <summary>The interview as data: one question per dimension, in the order they are asked.</summary>
public static class InterviewScript
{
    private static readonly string[] BothSynonyms = ["both", "a bit of both", "some of each", "mixed", "either", "not sure", "unsure", "don't know", "dont know", "no idea", "depends", "it depends", "hard to say", "neither"];

    public static IReadOnlyList<InterviewQuestion> Questions { get; } =
    [
        Ask(Dimension.Nature, "Nature of the work",
            "Is this a one-time piece of work with a result of its own, or work that repeats and carries on?",
            ("A one-time piece of work", ["one time", "one-time", "once", "one off", "one-off", "unique", "temporary", "just once"]),
            ("It repeats and carries on", ["repeats", "ongoing", "it's ongoing", "it is ongoing", "recurring", "continuous", "it carries on", "forever", "routine"]),
            "“it's a one-off” or “it's ongoing”"),
        Ask(Dimension.Objective, "Objective",
            "What is it mainly for?",
            ("Reaching one specific outcome", ["outcome", "a specific outcome", "a goal", "deliver something", "reach a goal"]),
            ("Running or improving a business process", ["process", "running a process", "improving a process", "keep it running", "run the process"]),
            "“to deliver the new portal” or “to keep invoicing running”"),
        Ask(Dimension.Timeframe, "Timeframe",
            "Does it have a planned start and finish, such as a launch, a go-live or a deadline?",
            ("Yes, it has an end date", ["yes", "y", "yep", "yeah", "it has an end", "there is a deadline", "end date"]),
            ("No, it just continues", ["no", "n", "nope", "no end", "it continues", "continues", "no end date", "never ends"]),
            "“we go live in March” or “no, it never ends”"),
        Ask(Dimension.Focus, "Focus",
            "What matters more here?",
            ("Changing things or creating something new", ["change", "changing things", "innovation", "something new", "transformation"]),
            ("Keeping things stable, efficient and consistent", ["stability", "stable", "efficiency", "consistency", "keeping things stable"]),
            "“mostly change” or “stability”"),
        Ask(Dimension.Scope, "Scope",
            "How far does it reach?",
            ("Only as far as one goal needs", ["one goal", "limited", "bounded", "narrow", "just the goal"]),
            ("A whole function or area of the business", ["whole function", "broad", "a whole area", "the whole department", "everything"]),
            "“just the new website” or “the whole finance function”"),
        Ask(Dimension.SuccessMeasure, "How success is measured",
            "How will you know it went well?",
            ("Delivered on time, in scope and on budget", ["on time", "on budget", "in scope", "on time and on budget", "delivered"]),
            ("Good efficiency, productivity or quality figures over time", ["kpis", "kpi", "metrics", "efficiency", "productivity", "quality", "slas"]),
            "“on time and on budget” or “our SLA figures”"),
        Ask(Dimension.WorkStyle, "Kind of work",
            "What does the work itself look like?",
            ("It evolves as we learn", ["evolving", "it evolves", "dynamic", "changes as we go", "we figure it out"]),
            ("Structured and standard, with set procedures", ["structured", "standard", "procedures", "sops", "the same every time"]),
            "“it changes as we go” or “we follow SOPs”"),
        Ask(Dimension.Risk, "Main risk",
            "What worries you most?",
            ("Unknowns: scope, stakeholders, budget or schedule", ["unknowns", "scope", "budget", "schedule", "stakeholders", "slipping"]),
            ("Disruption: failures, bottlenecks, quality slips, shortages", ["disruption", "failures", "outages", "bottlenecks", "shortages", "quality"]),
            "“the budget running over” or “outages”"),
        Ask(Dimension.Team, "Team",
            "Who does the work?",
            ("A temporary group from several teams", ["temporary team", "cross-functional", "a project team", "people from several teams", "temporary"]),
            ("A stable team with fixed roles", ["stable team", "fixed roles", "the same team", "permanent team", "our ops team"]),
            "“a task force from IT and sales” or “the support team”"),
        Ask(Dimension.Rhythm, "Rhythm",
            "What sets the pace?",
            ("Milestones and deadlines, with shifting priorities", ["milestones", "deadlines", "sprints", "shifting priorities"]),
            ("A regular cycle with service levels", ["cycle", "regular cycle", "service levels", "routine", "same every week"]),
            "“milestones” or “a weekly cycle”"),
        Ask(Dimension.Decisions, "Decisions",
            "How are most decisions made?",
            ("At milestones, to clear blockers", ["milestones", "at milestones", "clear blockers", "blockers", "steering group"]),
            ("By process, to stay consistent and avoid errors", ["process", "by process", "procedures", "policy", "consistency"]),
            "“at milestone reviews” or “by our procedures”"),
        Ask(Dimension.EndResult, "End result",
            "When it goes well, what is left at the end?",
            ("A finished deliverable", ["deliverable", "a deliverable", "a finished product", "something finished", "a thing"]),
            ("The business keeps running smoothly", ["business keeps running", "keeps running", "smooth running", "business as usual", "nothing ends"]),
            "“a new office” or “customers keep getting served”"),
    ];

    public static InterviewQuestion For(Dimension dimension) => Questions.First(q => q.Dimension == dimension);

    public static string TopicOf(Dimension dimension) => For(dimension).Topic;

    private static InterviewQuestion Ask(Dimension dimension, string topic, string prompt,
        (string Label, string[] Synonyms) project, (string Label, string[] Synonyms) operations, string example) =>
        new(dimension, topic, prompt,
        [
            new AnswerOption("a", project.Label, Leaning.Project, project.Synonyms),
            new AnswerOption("b", operations.Label, Leaning.Operations, operations.Synonyms),
            new AnswerOption("c", "Some of each, or not sure", Leaning.Neutral, BothSynonyms),
        ],
        example);
}
