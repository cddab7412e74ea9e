using System.Collections.Concurrent;
using Microsoft.Bot.Builder;

namespace PmOpsBot.Slack.Tests.Inbound.Durable;

/// <summary>A bot that notes what each turn said, can be held in the middle of a turn, and throws on "explode".</summary>
public sealed class GatedBot : IBot
{
    private volatile TaskCompletionSource _gate = Open();

    public ConcurrentQueue<string> Started { get; } = new();

    public ConcurrentQueue<string> Finished { get; } = new();

    /// <summary>Turns wait inside the bot until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var text = turnContext.Activity.Text ?? "";
        Started.Enqueue(text);
        await _gate.Task;
        if (text.Contains("explode", StringComparison.Ordinal)) throw new InvalidOperationException("the turn exploded");
        Finished.Enqueue(text);
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
