namespace PmOpsBot.Core.Understanding;

/// <summary>
/// The bot's real commands, and nothing else: a model's answer naming anything outside this list is ignored.
/// Each becomes the canonical text of that command (<see cref="IntentCommands"/>), which then goes through the
/// same parsers, checks and tenant scoping as if the person had typed it.
/// </summary>
public enum IntentKind
{
    NewInitiative,
    WhoOwns,
    HandoversDue,
    WithoutOperationsOwner,
    HandoverPlan,
    StatusHistory,
    DigestSubscribe,
    DigestNow,
    DigestOff,
    CareerFit,
    Help,
}

/// <summary>An intent with its arguments as the model gave them; validated before use.</summary>
/// <param name="Initiative">The initiative's name, for WhoOwns, HandoverPlan and StatusHistory.</param>
/// <param name="Time">HH:mm (24 h), for DigestSubscribe.</param>
/// <param name="Days">"weekdays" or "daily", for DigestSubscribe.</param>
/// <param name="Period">"this week", "this month" or "next month", for HandoversDue.</param>
public sealed record UnderstoodIntent(IntentKind Kind, string? Initiative = null, string? Time = null, string? Days = null, string? Period = null);
