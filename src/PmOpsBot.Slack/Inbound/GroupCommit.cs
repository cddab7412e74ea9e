using System.Threading.Channels;

namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Writes that arrive while one is in progress are gathered and written together, in one transaction, by the next
/// write. Under load a commit (on SQLite: one sync to disk, with the database's one write lock) serves many requests
/// instead of each request waiting for its own; when requests come one at a time, each is written at once as before.
/// </summary>
/// <param name="write">Writes a batch and returns one result per item, in order; an exception fails every item of the batch.</param>
public sealed class GroupCommit<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, int maxBatch) : IDisposable
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> _waiting =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _gate = new();
    private Task? _writer;

    public Task<TResult> WriteAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.Writer.TryWrite((item, done))) throw new ObjectDisposedException(nameof(GroupCommit<TItem, TResult>));
        EnsureWriter();
        return done.Task;
    }

    public void Dispose() => _waiting.Writer.TryComplete();

    private void EnsureWriter()
    {
        if (_writer is not null) return;
        lock (_gate) _writer ??= Task.Run(WriteBatchesAsync);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(maxBatch);
        while (await _waiting.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < maxBatch && _waiting.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                var results = await write(batch.Select(b => b.Item).ToList());
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception exception)
            {
                foreach (var waiting in batch) waiting.Done.TrySetException(exception);
            }
        }
    }
}
