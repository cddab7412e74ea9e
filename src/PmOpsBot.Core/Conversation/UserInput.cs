using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Conversation;

/// <summary>
/// What a person sent, already checked by the channel edge: typed text (with the people it
/// @mentions), or a button press with its action, chosen option, the interview step the button was
/// shown for, the initiative it is about, and the values of any inputs on the card.
/// </summary>
public sealed record UserInput(string? Text, string? Action = null, string? Choice = null, string? Step = null)
{
    public IReadOnlyList<UserRef> Mentions { get; init; } = [];

    public Guid? InitiativeId { get; init; }

    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    public static UserInput Typed(string text) => new(text);

    public static UserInput Button(string action, string? choice = null, string? step = null) => new(null, action, choice, step);

    public bool IsButton => Action is not null;

    public string? Field(string name) => Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
