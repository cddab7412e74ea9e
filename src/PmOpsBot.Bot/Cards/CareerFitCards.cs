using System.Globalization;
using Newtonsoft.Json.Linq;
using PmOpsBot.Core.CareerFit;
using static PmOpsBot.Bot.Cards.AdaptiveCard;

namespace PmOpsBot.Bot.Cards;

/// <summary>
/// The career check as Adaptive Cards 1.5: a question, the result, and the offer to reuse saved
/// answers. Every button carries an action id; question buttons also carry the question's step key.
/// </summary>
public static class CareerFitCards
{
    public const string AnswerAction = "career-answer";
    public const string ReuseAction = "career-reuse";
    public const string RedoAction = "career-redo";

    private const int BarLength = 20;

    public static JObject Question(CareerFitProgress.AskQuestion ask, bool canGoBack)
    {
        var question = ask.Question;
        var step = question.StepKey();
        var navigation = new List<JObject>();
        if (canGoBack) navigation.Add(Submit("Back", "back", step: step));
        navigation.Add(Submit("Skip", "skip", step: step));
        navigation.Add(Submit("Cancel", "cancel", step: step));

        return Card(
        [
            Text($"Career check · question {ask.Number} of {ask.Total} · {question.Topic}", subtle: true, size: "Small"),
            ask.Note is { } note ? Text(Escape(note), color: "Attention") : null,
            Text(question.Prompt, size: "Medium", weight: "Bolder"),
            ActionSet(question.Options.Select(o => Submit($"{o.Key}) {o.Label}", AnswerAction, o.Key, step))),
            Text($"Or type your answer, for example {question.Example}.", subtle: true, size: "Small"),
            ActionSet(navigation),
        ]);
    }

    public static JObject Result(CareerFitResult result)
    {
        var body = new List<JObject?>
        {
            Text("Career check", subtle: true),
            Heading(CareerPathGuidance.HeadlineFor(result.Leaning)),
            Text(CareerPathGuidance.SummaryFor(result.Leaning)),
            Fit(CareerPathGuidance.ProjectManagement.Name, result.ProjectFit, "Accent"),
            Fit(CareerPathGuidance.OperationsManagement.Name, result.OperationsFit, "Good"),
            Bullets("What points to project management", result.ProjectTraits, "Accent"),
            Bullets("What points to operations management", result.OperationsTraits, "Good"),
        };
        if (result.ProjectTraits.Count == 0 && result.OperationsTraits.Count == 0)
            body.Add(Text("None of your answers leaned either way, so this is an even split. Redo the check and pick the options that sound most like you.", subtle: true));

        foreach (var path in CareerPathGuidance.InOrderFor(result.Leaning))
        {
            body.Add(Bullets($"Where {path.Name.ToLowerInvariant()} can lead", path.Progressions));
            body.Add(Bullets($"Certifications for {path.Name.ToLowerInvariant()}", path.Certifications));
        }

        body.Add(Text($"Based on {result.Answered} of {result.Total} answers.", subtle: true, size: "Small"));
        return Card(body,
            Submit("Start an interview", "new", style: "positive"),
            Submit("Redo the career check", RedoAction));
    }

    public static JObject OfferReuse(DateTimeOffset answeredAt) => Card(
        [
            Text("Career check", subtle: true),
            Text($"You answered the career questions on {answeredAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}.", weight: "Bolder"),
            Text("Use those answers again, or answer the questions afresh?"),
        ],
        Submit("Use my saved answers", ReuseAction, style: "positive"),
        Submit("Answer again", RedoAction));

    /// <summary>"Project management 70%" over a bar of filled and empty blocks, readable in any client and in the terminal.</summary>
    private static JObject Fit(string name, int percent, string color)
    {
        var filled = (int)Math.Round(Math.Clamp(percent, 0, 100) * BarLength / 100.0, MidpointRounding.AwayFromZero);
        var bar = new string('█', filled) + new string('░', BarLength - filled);
        var barBlock = Text(bar, color: color, spacing: "None");
        barBlock["fontType"] = "Monospace";
        return Container(
        [
            Text($"{name} {percent.ToString(CultureInfo.InvariantCulture)}%", weight: "Bolder", spacing: "Medium"),
            barBlock,
        ]);
    }
}
