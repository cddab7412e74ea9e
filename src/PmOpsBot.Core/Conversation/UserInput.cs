namespace PmOpsBot.Core.Conversation;

/// <summary>
/// What a person sent, already checked by the channel edge: typed text, or a button press with
/// its action, chosen option and the interview step the button was shown for.
/// </summary>
public sealed record UserInput(string? Text, string? Action = null, string? Choice = null, string? Step = null)
{
    public static UserInput Typed(string text) => new(text);

    public static UserInput Button(string action, string? choice = null, string? step = null) => new(null, action, choice, step);

    public bool IsButton => Action is not null;
}
