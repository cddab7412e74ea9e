using PmOpsBot.Core.Classification;

namespace PmOpsBot.Core.Understanding;

/// <summary>
/// Optional help from a language model. The bot works fully without it (<see cref="NoLanguageUnderstanding"/>);
/// an implementation never throws: on any failure, time-out or unusable answer it returns nothing, and the
/// rule-based path carries on as if it were not there. Only the text given is sent: no names, no tenant data.
/// </summary>
public interface ILanguageUnderstanding
{
    bool IsEnabled { get; }

    /// <summary>Dimension signals read from a free-text description (source <see cref="SignalSource.Text"/>); empty when unavailable.</summary>
    Task<IReadOnlyList<DimensionSignal>> ReadSignalsAsync(string description, CancellationToken cancellationToken);

    /// <summary>Which of the bot's own commands a message the command parser did not recognise asks for; null when none or unavailable.</summary>
    Task<UnderstoodIntent?> ReadIntentAsync(string text, CancellationToken cancellationToken);

    /// <summary>A short plain-language rationale for a decision already made from <paramref name="evidence"/>; null when unavailable.</summary>
    Task<string?> ExplainAsync(DecisionEvidence evidence, CancellationToken cancellationToken);
}

/// <summary>No language model configured: every answer is "nothing".</summary>
public sealed class NoLanguageUnderstanding : ILanguageUnderstanding
{
    public bool IsEnabled => false;

    public Task<IReadOnlyList<DimensionSignal>> ReadSignalsAsync(string description, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DimensionSignal>>([]);

    public Task<UnderstoodIntent?> ReadIntentAsync(string text, CancellationToken cancellationToken) => Task.FromResult<UnderstoodIntent?>(null);

    public Task<string?> ExplainAsync(DecisionEvidence evidence, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
