using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Bot.Activities;

/// <summary>Reads who and where from an activity, whatever channel it came through.</summary>
public static class ChatContextReader
{
    public static ChatContext Read(IActivity activity)
    {
        var teams = activity.ChannelId == Microsoft.Bot.Connector.Channels.Msteams ? SafeTeamsData(activity) : null;
        var tenant = activity.Conversation?.TenantId ?? teams?.Tenant?.Id ?? $"{activity.ChannelId}:local";
        var user = new UserRef(activity.From?.AadObjectId ?? activity.From?.Id ?? "anonymous", activity.From?.Name ?? "");
        var channelAccountId = activity.From?.Id is { } id && id != user.Id ? id : null;
        // A Slack workspace is one team: its digests cover every channel and private chat in it.
        var team = teams?.Team?.Id ?? (activity.ChannelId == Microsoft.Bot.Connector.Channels.Slack ? activity.Conversation?.TenantId : null);
        return new ChatContext(activity.ChannelId ?? "unknown", tenant, team, ConversationOf(activity), user, IsGroup(activity), channelAccountId)
        {
            Address = JsonConvert.SerializeObject(activity.GetConversationReference()),
            TimeZone = TimeZoneOf(activity),
        };
    }

    /// <summary>A Teams channel thread ("19:…;messageid=…") belongs to its channel: scopes and subscriptions are per channel.</summary>
    public static string ConversationOf(IActivity activity) => (activity.Conversation?.Id ?? "").Split(';')[0];

    /// <summary>The client's IANA time zone: <c>localTimezone</c> on the activity, or the <c>clientInfo</c> entity's <c>timezone</c>.</summary>
    public static string? TimeZoneOf(IActivity activity)
    {
        if (activity is Activity { LocalTimezone: { Length: > 0 } local }) return local;
        var clientInfo = activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo");
        return clientInfo?.Properties?["timezone"]?.ToString() is { Length: > 0 } zone ? zone : null;
    }

    /// <summary>Channels and group chats: the bot only answers when @mentioned there.</summary>
    public static bool IsGroup(IActivity activity) =>
        activity.Conversation?.IsGroup == true || activity.Conversation?.ConversationType is "channel" or "groupChat";

    public static bool MentionsBot(IActivity activity)
    {
        if (activity is not Activity concrete) return false;
        return concrete.GetMentions().Any(m => m.Mentioned?.Id == activity.Recipient?.Id);
    }

    private static TeamsChannelData? SafeTeamsData(IActivity activity)
    {
        try
        {
            return activity.GetChannelData<TeamsChannelData>();
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }
}
