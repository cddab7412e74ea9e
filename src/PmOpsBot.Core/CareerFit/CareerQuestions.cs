namespace PmOpsBot.Core.CareerFit;

/// <summary>
/// The career check as data: each question sets a project-management trait against an
/// operations-management one, in the order they are asked. Ids are stored in saved profiles:
/// never reuse one for a different question.
/// </summary>
public static class CareerQuestions
{
    private static readonly string[] EitherSynonyms =
    [
        "both", "either", "neither", "no preference", "both equally", "equally", "a bit of both", "some of each", "mixed",
        "not sure", "unsure", "don't know", "dont know", "no idea", "depends", "it depends", "hard to say",
    ];

    public static IReadOnlyList<CareerQuestion> Questions { get; } =
    [
        Ask("energy", "What gives you energy",
            "Which kind of work gives you more energy?",
            ("Starting something new from scratch", "Enjoys new initiatives and building from scratch",
                ["new", "something new", "from scratch", "building", "building new things", "starting", "starting something new", "new initiatives", "greenfield", "launching"]),
            ("Making an existing process run better", "Enjoys optimising processes",
                ["improving", "improving things", "improving processes", "optimising", "optimizing", "optimising processes", "optimizing processes", "process improvement", "making things better", "improving how things run"]),
            "“building new things” or “improving how things run”"),
        Ask("pace", "Rhythm",
            "What kind of working rhythm suits you best?",
            ("Deadlines and milestones to aim for", "Works well under deadlines and milestones",
                ["deadlines", "a deadline", "deadline", "milestones", "time pressure", "pressure", "sprints", "a finish line"]),
            ("A steady routine I can plan around", "Prefers structured, predictable work",
                ["routine", "a routine", "steady", "a steady routine", "predictable", "structure", "structured", "regular", "stable"]),
            "“I like a deadline” or “a steady routine”"),
        Ask("problems", "Problems",
            "Which problems would you rather spend your time on?",
            ("Complex puzzles nobody here has solved before", "Likes complex, unique problems",
                ["complex", "unique", "puzzles", "complex problems", "unique problems", "tricky new problems", "new problems", "hard problems", "one-off problems"]),
            ("Keeping results strong month after month", "Cares about long-term performance",
                ["long term", "long-term", "long-term results", "long-term performance", "results", "performance", "steady results", "sustaining results", "month after month"]),
            "“tricky new problems” or “long-term results”"),
        Ask("variety", "Variety or control",
            "Which would you miss more if it were taken away?",
            ("Variety: different work every few months", "Wants variety",
                ["variety", "change", "different work", "something different", "new challenges", "a change of scene"]),
            ("Control: consistent quality I can rely on", "Values consistency, quality and control",
                ["control", "consistency", "consistent", "quality", "reliability", "reliable", "consistency and quality", "being in control"]),
            "“variety” or “consistency and quality”"),
    ];

    public static CareerQuestion? Find(string id) => Questions.FirstOrDefault(q => string.Equals(q.Id, id, StringComparison.Ordinal));

    public static int IndexOf(string id)
    {
        for (var i = 0; i < Questions.Count; i++)
            if (string.Equals(Questions[i].Id, id, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static CareerQuestion Ask(string id, string topic, string prompt,
        (string Label, string Trait, string[] Synonyms) project, (string Label, string Trait, string[] Synonyms) operations, string example) =>
        new(id, topic, prompt,
        [
            new CareerOption("a", project.Label, CareerLeaning.ProjectManagement, project.Trait, project.Synonyms),
            new CareerOption("b", operations.Label, CareerLeaning.OperationsManagement, operations.Trait, operations.Synonyms),
            new CareerOption("c", "Both, or no preference", CareerLeaning.Balanced, null, EitherSynonyms),
        ],
        example);
}
