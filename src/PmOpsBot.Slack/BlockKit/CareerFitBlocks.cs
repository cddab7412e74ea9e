using System.Globalization;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.CareerFit;
using static PmOpsBot.Slack.BlockKit.Blocks;
using static PmOpsBot.Slack.BlockKit.Mrkdwn;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>The career check (question, result, offer to reuse saved answers), as <c>CareerFitCards</c> shows it in Teams.</summary>
public static class CareerFitBlocks
{
    public const string AnswerAction = "career-answer";
    public const string ReuseAction = "career-reuse";
    public const string RedoAction = "career-redo";

    private const int BarLength = 20;

    public static SlackMessage Question(CareerFitProgress.AskQuestion ask, bool canGoBack)
    {
        var question = ask.Question;
        var step = question.StepKey();
        var navigation = new List<JObject>();
        if (canGoBack) navigation.Add(Button("Back", new ButtonValue("back", Step: step)));
        navigation.Add(Button("Skip", new ButtonValue("skip", Step: step)));
        navigation.Add(Button("Cancel", new ButtonValue("cancel", Step: step)));

        return BlockKitMessage.Compose($"Career check, question {ask.Number} of {ask.Total}: {Escape(question.Prompt)}",
        [
            Context($"Career check · question {ask.Number} of {ask.Total} · {Escape(question.Topic)}"),
            ask.Note is { } note ? Section($":warning: {Escape(note)}") : null,
            Section(Bold(Escape(question.Prompt))),
            .. Actions(question.Options.Select(o => Button($"{o.Key}) {o.Label}", new ButtonValue(AnswerAction, o.Key, step)))),
            Context($"Or type your answer, for example {Escape(question.Example)}."),
            .. Actions(navigation),
        ]);
    }

    public static SlackMessage Result(CareerFitResult result)
    {
        var headline = CareerPathGuidance.HeadlineFor(result.Leaning);
        var blocks = new List<JObject?>
        {
            Context("Career check"),
            Header(headline),
            Section(Escape(CareerPathGuidance.SummaryFor(result.Leaning))),
            Fit(CareerPathGuidance.ProjectManagement.Name, result.ProjectFit),
            Fit(CareerPathGuidance.OperationsManagement.Name, result.OperationsFit),
        };
        blocks.AddRange(Bullets("What points to project management", result.ProjectTraits.Select(Escape)));
        blocks.AddRange(Bullets("What points to operations management", result.OperationsTraits.Select(Escape)));
        if (result.ProjectTraits.Count == 0 && result.OperationsTraits.Count == 0)
            blocks.Add(Context("None of your answers leaned either way, so this is an even split. Redo the check and pick the options that sound most like you."));

        foreach (var path in CareerPathGuidance.InOrderFor(result.Leaning))
        {
            blocks.AddRange(Bullets($"Where {path.Name.ToLowerInvariant()} can lead", path.Progressions.Select(Escape)));
            blocks.AddRange(Bullets($"Certifications for {path.Name.ToLowerInvariant()}", path.Certifications.Select(Escape)));
        }

        blocks.Add(Context($"Based on {result.Answered} of {result.Total} answers."));
        blocks.AddRange(Actions(
        [
            Button("Start an interview", new ButtonValue("new"), ButtonStyle.Primary),
            Button("Redo the career check", new ButtonValue(RedoAction)),
        ]));
        return BlockKitMessage.Compose(
            $"{headline}: project management {Percent(result.ProjectFit)}, operations management {Percent(result.OperationsFit)}", blocks);
    }

    public static SlackMessage OfferReuse(DateTimeOffset answeredAt)
    {
        var when = $"You answered the career questions on {answeredAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}.";
        return BlockKitMessage.Compose($"{when} Use those answers again?",
        [
            Context("Career check"),
            Section(Bold(when)),
            Section("Use those answers again, or answer the questions afresh?"),
            .. Actions(
            [
                Button("Use my saved answers", new ButtonValue(ReuseAction), ButtonStyle.Primary),
                Button("Answer again", new ButtonValue(RedoAction)),
            ]),
        ]);
    }

    /// <summary>"Project management 70%" over a bar of filled and empty blocks, in code style so it lines up.</summary>
    private static JObject Fit(string name, int percent)
    {
        var filled = (int)Math.Round(Math.Clamp(percent, 0, 100) * BarLength / 100.0, MidpointRounding.AwayFromZero);
        var bar = new string('█', filled) + new string('░', BarLength - filled);
        return Section($"{Bold($"{Escape(name)} {Percent(percent)}")}\n`{bar}`");
    }

    private static string Percent(int percent) => percent.ToString(CultureInfo.InvariantCulture) + "%";
}
