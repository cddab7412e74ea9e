using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Interview;

/// <summary>A question about one dimension, with its buttons and an example of a typed answer.</summary>
public sealed record InterviewQuestion(Dimension Dimension, string Topic, string Prompt, IReadOnlyList<AnswerOption> Options, string Example)
{
    public AnswerOption? Option(string key) =>
        Options.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase));
}
