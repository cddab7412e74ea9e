using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Slack.BlockKit;

/// <summary>
/// What a button press carries, field for field as the Adaptive Card's Action.Submit data (see
/// <c>PmOpsBot.Bot.Cards.CardSubmission</c>): the action, an optional choice, step and initiative, and hidden
/// fields the card keeps in its data (the check-in's subscription and date).
/// </summary>
public sealed record ButtonValue(string Action, string? Choice = null, string? Step = null, Guid? Initiative = null)
{
    public IReadOnlyList<KeyValuePair<string, string>> Hidden { get; init; } = [];

    public ButtonValue With(string field, string value) => this with { Hidden = [.. Hidden, new(field, value)] };

    public JObject ToJObject()
    {
        var data = new JObject { ["action"] = Action };
        if (Choice is not null) data["choice"] = Choice;
        if (Step is not null) data["step"] = Step;
        if (Initiative is { } id) data["initiative"] = id.ToString("D");
        foreach (var (field, value) in Hidden) data[field] = value;
        return data;
    }

    /// <summary>Compact JSON: Slack allows 2000 characters, and every field here is short (ids, keys, dates).</summary>
    public string ToJson() => ToJObject().ToString(Formatting.None);
}
