namespace PmOpsBot.Core.CareerFit;

/// <summary>A preference question: a stable id (kept in saved profiles), its buttons and an example of a typed answer.</summary>
public sealed record CareerQuestion(string Id, string Topic, string Prompt, IReadOnlyList<CareerOption> Options, string Example)
{
    public const string StepPrefix = "career:";

    public CareerOption? Option(string key) =>
        Options.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Goes into every button of this question's card, so a click on an old card is recognised.</summary>
    public string StepKey() => StepPrefix + Id;
}
