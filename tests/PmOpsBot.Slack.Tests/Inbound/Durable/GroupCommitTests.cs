using PmOpsBot.Slack.Inbound;

namespace PmOpsBot.Slack.Tests.Inbound.Durable;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Writes_arriving_while_one_is_in_progress_are_written_together_in_their_order()
    {
        var batches = new List<IReadOnlyList<int>>();
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var commit = new GroupCommit<int, string>(async items =>
        {
            lock (batches) batches.Add(items);
            writing.TrySetResult();
            if (items[0] == 0) await firstWrite.Task;
            return items.Select(i => $"#{i}").ToList();
        }, maxBatch: 3);

        var first = commit.WriteAsync(0);
        await writing.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var later = Enumerable.Range(1, 5).Select(commit.WriteAsync).ToList();
        firstWrite.SetResult();

        Assert.Equal(["#0", "#1", "#2", "#3", "#4", "#5"], await Task.WhenAll(later.Prepend(first)));
        Assert.Equal([[0], [1, 2, 3], [4, 5]], batches.Select(b => b.ToArray()));
    }

    [Fact]
    public async Task A_failed_write_fails_every_item_of_its_batch_and_the_next_write_goes_ahead()
    {
        var fail = true;
        using var commit = new GroupCommit<int, int>(items => fail ? throw new IOException("database is locked") : Task.FromResult<IReadOnlyList<int>>(items.ToList()), maxBatch: 10);

        await Assert.ThrowsAsync<IOException>(() => commit.WriteAsync(1));
        fail = false;

        Assert.Equal(2, await commit.WriteAsync(2));
    }
}
