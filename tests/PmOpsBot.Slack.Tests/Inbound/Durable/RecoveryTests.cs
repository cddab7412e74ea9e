using System.Text;
using Microsoft.Extensions.Logging;
using PmOpsBot.Slack.Inbound;
using static PmOpsBot.Slack.Tests.Inbound.Durable.SlackEndpointHarness;

namespace PmOpsBot.Slack.Tests.Inbound.Durable;

/// <summary>What a dead instance left in the shared table is run by the next recovery pass, in order, a bounded number of times.</summary>
public sealed class RecoveryTests
{
    private static byte[] DirectMessage(string text, string eventId, string user = "U0ANN") => Encoding.UTF8.GetBytes(DirectMessageBody(text, eventId, user));

    [Fact]
    public async Task Requests_left_by_a_dead_instance_are_run_in_the_order_they_arrived_and_then_deleted()
    {
        await using var slack = await StartAsync(store =>
        {
            store.Seed("event", "T0001/DU0ANN/U0ANN", DirectMessage("first", "EvA"), attempts: 1, "EvA");
            store.Seed("event", "T0001/DU0ANN/U0ANN", DirectMessage("second", "EvB"), attempts: 1, "EvB");
            store.Seed("event", "T0001/DU0ANN/U0ANN", DirectMessage("third", "EvC"), attempts: 2, "EvC");
        });

        await EventuallyAsync(() => slack.Store.Rows.Count == 0, "the recovered requests are done and deleted");

        Assert.Equal(["first", "second", "third"], slack.Bot.Finished);
        Assert.Contains(slack.Logs.Entries, e => e.Category == typeof(SlackInboundRecovery).FullName && e.Message.Contains("Recovered 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_started_the_most_times_allowed_is_given_up_with_an_error_and_never_run_again()
    {
        await using var slack = await StartAsync(store =>
        {
            store.Seed("event", "T0001/DU0ANN/U0ANN", DirectMessage("kills the process", "EvPoison"), attempts: MaxAttempts, "EvPoison");
            store.Seed("event", "T0001/DU0BOB/U0BOB", DirectMessage("one more try", "EvLast", "U0BOB"), attempts: MaxAttempts - 1, "EvLast");
        });

        await EventuallyAsync(() => slack.Store.Rows.Count == 0, "both rows are gone");

        Assert.Equal(["one more try"], slack.Bot.Started);
        var error = Assert.Single(slack.Logs.Entries, e => e.Category == typeof(SlackInboundRecovery).FullName && e.Level == LogLevel.Error);
        Assert.Contains("EvPoison", error.Message, StringComparison.Ordinal);
        Assert.Contains($"started {MaxAttempts} times", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_whose_turn_was_cut_short_is_run_again_after_its_lease_ends_with_the_attempt_counted()
    {
        // As if this instance had stored it and died: the lease is still running when the host starts.
        await using var slack = await StartAsync();
        slack.Bot.Hold();
        var stored = slack.Store.Seed("event", "T0001/DU0ANN/U0ANN", DirectMessage("again", "EvAgain"), attempts: 1, "EvAgain");

        await EventuallyAsync(() => slack.Bot.Started.Contains("again"), "the recovered request has started");
        Assert.Equal(2, Assert.Single(slack.Store.Rows).Attempts);
        Assert.Equal(stored, Assert.Single(slack.Store.Rows).Id);
        slack.Bot.Release();
        await EventuallyAsync(() => slack.Store.Rows.Count == 0, "the row is deleted");
    }
}
