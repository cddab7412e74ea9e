using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Interview;

/// <summary>
/// An interview in progress: plain data so any store can keep it between turns and a restarted
/// process continues where the person left off.
/// </summary>
public sealed class InterviewSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public InterviewStep Step { get; set; } = InterviewStep.Name;

    /// <summary>The dimension being asked when <see cref="Step"/> is <see cref="InterviewStep.Question"/>.</summary>
    public Dimension? Current { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>What the description suggested, waiting for the person to confirm.</summary>
    public List<DimensionSignal> Inferred { get; set; } = [];

    /// <summary>
    /// What a language model read from the description, when one is configured; kept so that going back
    /// infers the same again. Only fills dimensions the rules found nothing on (<see cref="PmOpsBot.Core.Understanding.SignalMerge"/>).
    /// </summary>
    public List<DimensionSignal> ModelSignals { get; set; } = [];

    /// <summary>Answers so far, including confirmed inferences; at most one per dimension.</summary>
    public List<DimensionSignal> Answers { get; set; } = [];

    /// <summary>Dimensions the person skipped: not asked again, not scored.</summary>
    public List<Dimension> Skipped { get; set; } = [];

    /// <summary>Steps taken, newest last, so "back" can undo them one at a time.</summary>
    public List<string> History { get; set; } = [];

    /// <summary>How many times in a row the current step was not understood.</summary>
    public int Misunderstood { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Identifies the step a button belongs to, so a click on an old card is recognised.</summary>
    public string StepKey() => Step == InterviewStep.Question ? $"q:{Current}" : Step.ToString().ToLowerInvariant();

    public IEnumerable<Dimension> SettledDimensions() => Answers.Select(a => a.Dimension).Concat(Skipped);
}
