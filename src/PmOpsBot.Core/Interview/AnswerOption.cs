using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Interview;

/// <summary>One button of a question; <paramref name="Synonyms"/> are whole typed answers that mean this option.</summary>
public sealed record AnswerOption(string Key, string Label, Leaning Leaning, IReadOnlyList<string> Synonyms);
