using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Azure Bot Service's Slack channel relays a Block Kit button press as a message whose channelData
/// "Payload" is Slack's block_actions payload. This reads it into the activity's value, the same
/// submission the native adapter builds, so the bot handles both paths alike.
/// </summary>
public sealed class AzureSlackButtonMiddleware : IMiddleware
{
    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        if (turnContext.Activity is { Type: ActivityTypes.Message, ChannelId: SlackAdapter.ChannelId, Value: null } activity
            && activity.ServiceUrl != SlackAdapter.NativeServiceUrl
            && PayloadOf(activity) is { } payload
            && payload["type"]?.ToString() == "block_actions"
            && (payload["actions"] as JArray)?.OfType<JObject>().FirstOrDefault(a => a["type"]?.ToString() == "button") is { } button)
        {
            activity.Value = ButtonSubmission.Read(button, payload["state"]?["values"] as JObject);
            activity.Text = null;
            activity.ReplyToId ??= payload["container"]?["message_ts"]?.ToString();
        }

        return next(cancellationToken);
    }

    private static JObject? PayloadOf(Activity activity)
    {
        var data = activity.ChannelData as JObject ?? (activity.ChannelData is null ? null : JObject.FromObject(activity.ChannelData));
        return data?.GetValue("Payload", StringComparison.OrdinalIgnoreCase) switch
        {
            JObject payload => payload,
            JValue { Type: JTokenType.String } text when TryParse(text.ToString()) is { } parsed => parsed,
            _ => null,
        };
    }

    private static JObject? TryParse(string json)
    {
        try
        {
            return JObject.Parse(json);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return null;
        }
    }
}
