using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Bot.Hosting;
using PmOpsBot.Bot.State;

namespace PmOpsBot.Bot.Terminal;

/// <summary>
/// Runs the same bot in a terminal: each line typed becomes a message activity, each reply is
/// printed, cards as text with numbered buttons. Typing a button's number presses it.
/// </summary>
public sealed class TerminalAdapter : BotAdapter
{
    public const string ChannelId = "terminal";

    private readonly TextWriter _output;
    private readonly ConversationAccount _conversation;
    private readonly ChannelAccount _user;
    private readonly ChannelAccount _bot = new("pmopsbot", "PmOpsBot");
    private IReadOnlyList<NumberedButton> _buttons = [];

    public TerminalAdapter(TextWriter output, string userId, string userName, ChatStateStore states, ILogger logger)
    {
        _output = output;
        _user = new ChannelAccount(userId, userName);
        _conversation = new ConversationAccount(id: $"terminal-{userId}", tenantId: "local");
        OnTurnError = (turnContext, exception) => TurnErrorPolicy.HandleAsync(turnContext, exception, states, logger);
    }

    public Task StartAsync(IBot bot, CancellationToken cancellationToken)
    {
        var activity = NewActivity(ActivityTypes.ConversationUpdate);
        activity.MembersAdded = [_bot, _user];
        return RunPipelineAsync(new TurnContext(this, activity), bot.OnTurnAsync, cancellationToken);
    }

    /// <summary>Sends one typed line to the bot; a number that matches a button presses that button.</summary>
    public Task SendAsync(IBot bot, string line, CancellationToken cancellationToken)
    {
        var activity = NewActivity(ActivityTypes.Message);
        var trimmed = line.Trim();
        var pressed = int.TryParse(trimmed, out var number) ? _buttons.FirstOrDefault(b => b.Number == number) : null;
        if (pressed is not null)
        {
            activity.Value = pressed.Data;
            _output.WriteLine($"  (you chose: {pressed.Title})");
        }
        else
        {
            activity.Text = trimmed;
        }

        return RunPipelineAsync(new TurnContext(this, activity), bot.OnTurnAsync, cancellationToken);
    }

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var responses = new List<ResourceResponse>();
        foreach (var activity in activities)
        {
            if (activity.Type == ActivityTypes.Message) Print(activity);
            responses.Add(new ResourceResponse(Guid.NewGuid().ToString("N")));
        }

        return Task.FromResult(responses.ToArray());
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        Print(activity);
        return Task.FromResult(new ResourceResponse(activity.Id));
    }

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print(Activity activity)
    {
        _output.WriteLine();
        if (!string.IsNullOrEmpty(activity.Text)) _output.WriteLine(activity.Text);
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (attachment.ContentType != AdaptiveCard.ContentType) continue;
            var card = attachment.Content as JObject ?? JObject.FromObject(attachment.Content);
            var (text, buttons) = CardTextRenderer.Render(card);
            _output.WriteLine(text);
            if (buttons.Count > 0) _buttons = buttons;
        }
    }

    private Activity NewActivity(string type) => new()
    {
        Type = type,
        Id = Guid.NewGuid().ToString("N"),
        ChannelId = ChannelId,
        Conversation = _conversation,
        From = _user,
        Recipient = _bot,
        ServiceUrl = "terminal://local",
        Timestamp = DateTimeOffset.UtcNow,
        Locale = "en-US",
    };
}
