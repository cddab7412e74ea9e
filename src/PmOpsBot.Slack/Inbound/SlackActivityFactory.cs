using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using PmOpsBot.Slack.WebApi;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Turns a verified Slack request into the Bot Framework activity the bot understands, or null when
/// there is nothing to answer (messages from bots, edits, events the bot does not use). The
/// workspace (team_id) becomes the tenant, so nothing one workspace says reaches another.
/// </summary>
public sealed class SlackActivityFactory(SlackWebApi slack)
{
    public const string BotName = "PmOpsBot";

    public async Task<Activity?> CreateAsync(SlackInbound inbound, CancellationToken cancellationToken)
    {
        if (inbound.ReadPayload() is not { } payload) return null;
        var botUserId = (await slack.AuthTestAsync(cancellationToken)).UserId;
        return inbound.Kind switch
        {
            SlackInboundKind.Event => await FromEventAsync(payload, botUserId, cancellationToken),
            SlackInboundKind.Interaction => await FromInteractionAsync(payload, botUserId, cancellationToken),
            SlackInboundKind.Command => await FromCommandAsync(payload, botUserId, cancellationToken),
            _ => null,
        };
    }

    private async Task<Activity?> FromEventAsync(JObject envelope, string botUserId, CancellationToken cancellationToken)
    {
        if (envelope["event"] is not JObject e) return null;
        var team = Str(envelope, "team_id") ?? Str(e, "team");
        var user = Str(e, "user");
        var channel = Str(e, "channel");
        if (team is null || user is null || channel is null) return null;

        switch (Str(e, "type"))
        {
            case "message" when Str(e, "channel_type") == "im":
            case "app_mention":
                // Bots (this one included), edits, deletions and joins are not something to answer.
                if (e["bot_id"] is not null || Str(e, "subtype") is not null || user == botUserId) return null;
                var ts = Str(e, "ts");
                var thread = Str(e, "thread_ts") ?? (Str(e, "type") == "app_mention" ? ts : null);
                var message = await MessageAsync(team, channel, user, botUserId, cancellationToken, new SlackTurnData { UserId = user, ThreadTs = thread });
                message.Id = ts;
                await SetTextAsync(message, Str(e, "text") ?? "", botUserId, cancellationToken);
                return message;

            case "app_home_opened":
                // Opening the app is the Slack way of "adding" the bot to a private chat: welcome once.
                return await MembersAddedAsync(team, channel, user, user, botUserId, cancellationToken);

            case "member_joined_channel" when user == botUserId:
                var inviter = Str(e, "inviter") ?? botUserId;
                return await MembersAddedAsync(team, channel, inviter, botUserId, botUserId, cancellationToken);

            default:
                return null;
        }
    }

    private async Task<Activity?> FromInteractionAsync(JObject payload, string botUserId, CancellationToken cancellationToken)
    {
        if (Str(payload, "type") != "block_actions") return null;
        // Objects are read through Child: indexing a field that is a string, number or array by name throws, and
        // such a payload (found by the endpoint fuzz test) failed in the queue instead of being ignored.
        var user = Child(payload, "user")?["id"]?.ToString();
        var team = Child(payload, "team")?["id"]?.ToString() ?? Child(payload, "user")?["team_id"]?.ToString();
        var container = payload["container"] as JObject;
        var channel = Child(payload, "channel")?["id"]?.ToString() ?? Str(container, "channel_id");
        // Only buttons carry a submission; date pickers and text boxes are read when a button is pressed.
        var button = (payload["actions"] as JArray)?.OfType<JObject>().FirstOrDefault(a => Str(a, "type") == "button");
        if (user is null || team is null || channel is null || button is null) return null;

        var thread = Str(container, "thread_ts") ?? Child(payload, "message")?["thread_ts"]?.ToString();
        var ephemeral = container?["is_ephemeral"]?.Type == JTokenType.Boolean && container.Value<bool>("is_ephemeral");
        var message = await MessageAsync(team, channel, user, botUserId, cancellationToken, new SlackTurnData
        {
            UserId = user,
            ThreadTs = thread,
            ResponseUrl = Str(payload, "response_url"),
            FromEphemeralMessage = ephemeral,
        });
        message.ReplyToId = Str(container, "message_ts") ?? Child(payload, "message")?["ts"]?.ToString();
        message.Value = ButtonSubmission.Read(button, Child(payload, "state")?["values"] as JObject);
        return message;
    }

    private async Task<Activity?> FromCommandAsync(JObject form, string botUserId, CancellationToken cancellationToken)
    {
        var team = Str(form, "team_id");
        var user = Str(form, "user_id");
        var channel = Str(form, "channel_id");
        if (team is null || user is null || channel is null) return null;

        var message = await MessageAsync(team, channel, user, botUserId, cancellationToken, new SlackTurnData
        {
            UserId = user,
            ResponseUrl = Str(form, "response_url"),
            FromCommand = true,
        });
        var text = Str(form, "text")?.Trim();
        await SetTextAsync(message, string.IsNullOrEmpty(text) ? "help" : text, botUserId, cancellationToken);
        if (!new SlackConversation(channel, null).IsDirectMessage)
        {
            // A slash command is addressed to the bot as surely as an @mention is.
            message.Entities.Add(MentionOf(botUserId, BotName, SlackText.BotMention(botUserId)));
        }

        return message;
    }

    private async Task<Activity> MessageAsync(string team, string conversation, string user, string botUserId, CancellationToken cancellationToken, SlackTurnData? data = null)
    {
        var activity = Activity.CreateMessageActivity() as Activity ?? throw new InvalidOperationException("Bot Framework message activity expected.");
        Address(activity, team, conversation, botUserId);
        var person = await slack.GetUserAsync(user, cancellationToken);
        activity.From = new ChannelAccount(user, person?.Name ?? user, RoleTypes.User);
        // Slack knows each person's time zone; a digest they set up is in it unless they name another.
        activity.LocalTimezone = person?.TimeZone;
        activity.ChannelData = data ?? new SlackTurnData { UserId = user };
        activity.Entities = [];
        return activity;
    }

    private async Task<Activity> MembersAddedAsync(string team, string conversation, string from, string added, string botUserId, CancellationToken cancellationToken)
    {
        var activity = Activity.CreateConversationUpdateActivity() as Activity ?? throw new InvalidOperationException("Bot Framework conversation update expected.");
        Address(activity, team, conversation, botUserId);
        activity.From = new ChannelAccount(from, await slack.GetUserNameAsync(from, cancellationToken) ?? from, RoleTypes.User);
        activity.MembersAdded = [new ChannelAccount(added)];
        activity.ChannelData = new SlackTurnData { UserId = from };
        return activity;
    }

    private async Task SetTextAsync(Activity message, string slackText, string botUserId, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var id in SlackText.MentionedUserIds(slackText).Where(id => id != botUserId))
            names[id] = await slack.GetUserNameAsync(id, cancellationToken);

        message.Text = SlackText.ToPlain(slackText, botUserId, id => names.GetValueOrDefault(id));
        foreach (var id in SlackText.MentionedUserIds(slackText))
        {
            var name = id == botUserId ? BotName : names.GetValueOrDefault(id) ?? id;
            message.Entities.Add(MentionOf(id, name, id == botUserId ? SlackText.BotMention(id) : "@" + name));
        }
    }

    private static void Address(Activity activity, string team, string channel, string botUserId)
    {
        var conversation = new SlackConversation(channel, null);
        activity.ChannelId = SlackAdapter.ChannelId;
        activity.ServiceUrl = SlackAdapter.NativeServiceUrl;
        activity.Timestamp = DateTimeOffset.UtcNow;
        activity.Recipient = new ChannelAccount(botUserId, BotName, RoleTypes.Bot);
        activity.Conversation = new ConversationAccount(
            isGroup: !conversation.IsDirectMessage,
            conversationType: conversation.IsDirectMessage ? "personal" : "channel",
            id: conversation.ChannelId,
            tenantId: team);
    }

    private static Entity MentionOf(string id, string name, string text)
    {
        var mention = new Mention(new ChannelAccount(id, name), text);
        var entity = new Entity();
        entity.SetAs(mention);
        return entity;
    }

    private static JObject? Child(JObject? data, string name) => data?[name] as JObject;

    private static string? Str(JObject? data, string name) =>
        data?[name] is { Type: JTokenType.String } token && token.ToString() is { Length: > 0 } value ? value : null;
}
