using Newtonsoft.Json.Linq;
using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Bot.Cards;

/// <summary>
/// Checks a button press (an activity's <c>value</c>) before it reaches the core: it must be an
/// object with a known action and short string fields; anything else is refused with a reason.
/// </summary>
public static class CardSubmission
{
    public static readonly IReadOnlySet<string> KnownActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "new", "help", "back", "skip", "cancel", "restart", "status", "career", "handover", "confirm", "decline", "answer",
        "handover-show", "handover-tick", "handover-stage", "handover-date", "handover-owners", "handover-accept", "handover-decline", "pick",
        "career-answer", "career-reuse", "career-redo",
        "digest-on", "digest-no",
        "checkin-status", "checkin-snooze",
        "forget", Reply.ConfirmForget.ConfirmAction, Reply.ConfirmForget.CancelAction,
    };

    /// <summary>Card input values that may come back with a button press (Input.Date, Input.Text ids).</summary>
    public static readonly IReadOnlyList<string> InputFields = ["date", "opsOwner", "projectOwner", "checkin.subscription", "checkin.date", "checkin.note", "checkin.milestone"];

    private const int MaxInputLength = 200;

    private const int MaxFieldLength = 64;

    public static bool TryRead(object? value, out UserInput input, out string problem)
    {
        input = UserInput.Typed("");
        problem = "";
        var token = value as JToken ?? (value is null ? null : JToken.FromObject(value));
        if (token is not JObject data)
        {
            problem = "I couldn't read that button press.";
            return false;
        }

        if (!TryString(data, "action", out var action) || action is null || !KnownActions.Contains(action))
        {
            problem = "I don't know that button. Maybe the card is from an older version of me: say “help” to see what I can do.";
            return false;
        }

        if (!TryString(data, "choice", out var choice) || !TryString(data, "step", out var step))
        {
            problem = "That button press was missing something I need. Please try again or type your answer.";
            return false;
        }

        if (!TryString(data, "initiative", out var initiative) || (initiative is not null && !Guid.TryParse(initiative, out _)))
        {
            problem = "That button points to an initiative I can't read. Please ask again, for example “handover CRM rollout”.";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in InputFields)
        {
            var field = data[name];
            if (field is null || field.Type == JTokenType.Null) continue;
            if (field.Type != JTokenType.String || field.Value<string>()!.Length > MaxInputLength)
            {
                problem = $"The value in “{name}” is not something I can use. Please try again.";
                return false;
            }

            fields[name] = field.Value<string>()!;
        }

        input = UserInput.Button(action, choice, step) with
        {
            InitiativeId = initiative is null ? null : Guid.Parse(initiative),
            Fields = fields,
        };
        return true;
    }

    private static bool TryString(JObject data, string name, out string? value)
    {
        value = null;
        var token = data[name];
        if (token is null || token.Type == JTokenType.Null) return true;
        if (token.Type != JTokenType.String) return false;
        value = token.Value<string>();
        return value!.Length <= MaxFieldLength;
    }
}
