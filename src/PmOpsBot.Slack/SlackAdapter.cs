using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Bot.State;
using PmOpsBot.Slack.BlockKit;
using PmOpsBot.Slack.Inbound;
using PmOpsBot.Slack.WebApi;

namespace PmOpsBot.Slack;

/// <summary>
/// The bot's adapter for Slack's own APIs (no Azure Bot Service in between): turns run through the
/// same middleware and <see cref="IBot"/> as Teams, and what the bot sends goes out through the Web API:
/// chat.postMessage (with a digest's details in the thread), chat.postEphemeral for replies meant for
/// one person in a channel, the response URL for slash commands, chat.update for cards updated in place.
/// </summary>
public sealed class SlackAdapter : BotAdapter, IChannelAdapter
{
    public const string ChannelId = "slack";

    /// <summary>Marks conversation references this adapter made; Azure Bot Service's Slack channel uses its own service URL.</summary>
    public const string NativeServiceUrl = "https://slack.com/api/";

    private readonly SlackWebApi _slack;
    private readonly ILogger<SlackAdapter> _logger;

    public SlackAdapter(SlackWebApi slack, ChatStateStore states, ILogger<SlackAdapter> logger)
    {
        _slack = slack;
        _logger = logger;
        OnTurnError = (turnContext, exception) => TurnErrorPolicy.HandleAsync(turnContext, exception, states, logger);
    }

    BotAdapter IChannelAdapter.Adapter => this;

    public bool Serves(ConversationReference reference) => reference.ChannelId == ChannelId && reference.ServiceUrl == NativeServiceUrl;

    public async Task ProcessAsync(Activity activity, IBot bot, CancellationToken cancellationToken)
    {
        using var turn = new TurnContext(this, activity);
        await RunPipelineAsync(turn, bot.OnTurnAsync, cancellationToken);
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var responses = new List<ResourceResponse>();
        foreach (var activity in activities)
        {
            if (activity.Type == ActivityTypes.Delay)
            {
                await Task.Delay(activity.Value is int ms ? ms : 1000, cancellationToken);
                responses.Add(new ResourceResponse());
            }
            else if (activity.Type == ActivityTypes.Message)
            {
                responses.Add(new ResourceResponse(await PostAsync(turnContext, activity, cancellationToken) ?? ""));
            }
            else
            {
                // Typing indicators, traces and invoke responses have no Slack counterpart.
                responses.Add(new ResourceResponse());
            }
        }

        return [.. responses];
    }

    public override async Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        var message = MessageOf(activity);
        if (turnContext.Activity.ChannelData is SlackTurnData { FromEphemeralMessage: true, ResponseUrl: { } responseUrl })
        {
            // Slack cannot update an ephemeral message by its ts; its response URL replaces it.
            await _slack.RespondAsync(responseUrl, message, SlackResponseMode.ReplaceOriginal, cancellationToken);
            return new ResourceResponse(activity.Id);
        }

        await _slack.UpdateMessageAsync(ChannelOf(turnContext, activity), activity.Id, message, cancellationToken);
        return new ResourceResponse(activity.Id);
    }

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        _slack.DeleteMessageAsync(reference.Conversation.Id, reference.ActivityId, cancellationToken);

    public async Task<ConversationReference?> OpenPrivateChatAsync(ConversationReference near, string userId, CancellationToken cancellationToken)
    {
        if (!SlackIds.IsUser(userId)) return null;
        var channel = await _slack.OpenDirectMessageAsync(userId, cancellationToken);
        return new ConversationReference
        {
            ChannelId = ChannelId,
            ServiceUrl = NativeServiceUrl,
            Bot = near.Bot,
            User = new ChannelAccount(userId),
            Conversation = new ConversationAccount(isGroup: false, conversationType: "personal", id: channel, tenantId: near.Conversation?.TenantId),
        };
    }

    private async Task<string?> PostAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        var message = MessageOf(activity);
        var turn = turnContext.Activity.ChannelData as SlackTurnData;
        var channel = ChannelOf(turnContext, activity);
        // A reply to the person goes into the thread they wrote in; a message sent elsewhere (a private message to someone else) does not.
        var where = new SlackConversation(channel, channel == turnContext.Activity.Conversation?.Id ? turn?.ThreadTs : null);

        if (turn is { ResponseUrl: { } responseUrl } && (turn.FromCommand || turn.FromEphemeralMessage) && where.ChannelId == turnContext.Activity.Conversation?.Id)
        {
            // What starts privately stays private: a slash command, or a button on a message only this person sees,
            // is answered through its response URL, which also works in channels the bot is not a member of.
            await _slack.RespondAsync(responseUrl, message, SlackResponseMode.Ephemeral, cancellationToken);
            return null;
        }

        if (message.ForOnePerson && !where.IsDirectMessage && turn is not null)
            return await _slack.PostEphemeralAsync(where.ChannelId, turn.UserId, message, where.ThreadTs, cancellationToken);

        var ts = await _slack.PostMessageAsync(where.ChannelId, message, where.ThreadTs, cancellationToken);
        foreach (var reply in message.Thread)
            await _slack.PostMessageAsync(where.ChannelId, reply, where.ThreadTs ?? ts, cancellationToken);
        return ts;
    }

    private static string ChannelOf(ITurnContext turnContext, Activity activity) => activity.Conversation?.Id ?? turnContext.Activity.Conversation.Id;

    /// <summary>The Block Kit message the renderer attached; plain text (errors, notices) is escaped so it stays plain.</summary>
    private SlackMessage MessageOf(Activity activity)
    {
        switch (activity.ChannelData)
        {
            case SlackMessage message:
                return message;
            case JObject data when data["blocks"] is JArray blocks:
                return new SlackMessage { Text = data["text"]?.ToString() ?? activity.Text ?? "", Blocks = blocks };
        }

        if (activity.Attachments?.Count > 0)
            _logger.LogWarning("A card without a Block Kit rendering was sent to Slack; only its text is shown");
        var text = activity.Text ?? activity.Summary ?? "";
        return new SlackMessage { Text = Mrkdwn.Escape(text), Blocks = [] };
    }
}
