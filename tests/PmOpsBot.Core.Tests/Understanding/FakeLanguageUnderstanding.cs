using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.Core.Tests.Understanding;

/// <summary>A language model with scripted answers that records every question it was asked.</summary>
public sealed class FakeLanguageUnderstanding : ILanguageUnderstanding
{
    private readonly object _gate = new();

    public bool IsEnabled { get; set; } = true;

    /// <summary>What <see cref="ReadSignalsAsync"/> answers, whatever the description.</summary>
    public List<DimensionSignal> Signals { get; } = [];

    /// <summary>What <see cref="ReadIntentAsync"/> answers for a text.</summary>
    public Func<string, UnderstoodIntent?> Intent { get; set; } = _ => null;

    public string? Rationale { get; set; }

    public List<string> SignalRequests { get; } = [];

    public List<string> IntentRequests { get; } = [];

    public List<DecisionEvidence> ExplainRequests { get; } = [];

    public int Calls
    {
        get
        {
            lock (_gate) return SignalRequests.Count + IntentRequests.Count + ExplainRequests.Count;
        }
    }

    public Task<IReadOnlyList<DimensionSignal>> ReadSignalsAsync(string description, CancellationToken cancellationToken)
    {
        lock (_gate) SignalRequests.Add(description);
        return Task.FromResult<IReadOnlyList<DimensionSignal>>([.. Signals]);
    }

    public Task<UnderstoodIntent?> ReadIntentAsync(string text, CancellationToken cancellationToken)
    {
        lock (_gate) IntentRequests.Add(text);
        return Task.FromResult(Intent(text));
    }

    public Task<string?> ExplainAsync(DecisionEvidence evidence, CancellationToken cancellationToken)
    {
        lock (_gate) ExplainRequests.Add(evidence);
        return Task.FromResult(Rationale);
    }
}
