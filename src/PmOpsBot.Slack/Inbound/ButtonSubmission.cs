using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// A pressed Block Kit button as the submission the bot reads from any card: the button's value (the
/// JSON the renderer put there: action, choice, step, initiative) plus the message's inputs, named by
/// their action_id. What comes back is still checked by the bot's card-submission rules.
/// </summary>
public static class ButtonSubmission
{
    public static JToken Read(JObject button, JObject? stateValues)
    {
        JObject submission;
        try
        {
            submission = JToken.Parse(button["value"]?.ToString() ?? "") as JObject ?? [];
        }
        catch (JsonReaderException)
        {
            // Not ours (or tampered): an empty submission is refused downstream with a clear message.
            return new JObject();
        }

        foreach (var block in stateValues?.Properties().Select(p => p.Value).OfType<JObject>() ?? [])
        {
            foreach (var input in block.Properties())
            {
                if (input.Value is JObject element && ValueOf(element) is { } value && !submission.ContainsKey(input.Name))
                    submission[input.Name] = value;
            }
        }

        return submission;
    }

    private static string? ValueOf(JObject element) => (element["type"]?.ToString()) switch
    {
        "datepicker" => element["selected_date"]?.ToString(),
        "timepicker" => element["selected_time"]?.ToString(),
        "users_select" => element["selected_user"]?.ToString(),
        // "as JObject": indexing a selected_option that is a string or array by name throws (found by the endpoint fuzz test).
        "static_select" or "radio_buttons" => (element["selected_option"] as JObject)?["value"]?.ToString(),
        _ => element["value"]?.Type == JTokenType.String ? element["value"]!.ToString() : null,
    };
}
