using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using PmOpsBot.Slack.Inbound;
using static PmOpsBot.Slack.Tests.Inbound.Durable.SlackEndpointHarness;

namespace PmOpsBot.Slack.Tests.Inbound.Durable;

/// <summary>
/// Slack never sends an acknowledged request again, so the endpoints answer 200 only once the request is stored in the
/// shared table, and the row goes only when its turn is done.
/// </summary>
public sealed class DurableIntakeTests : IAsyncLifetime
{
    private SlackEndpointHarness _slack = null!;

    public async Task InitializeAsync() => _slack = await StartAsync();

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    [Fact]
    public async Task A_request_is_stored_before_it_is_acknowledged()
    {
        var storing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _slack.Store.BeforeAdd = async () =>
        {
            storing.TrySetResult();
            await stored.Task;
        };
        _slack.Bot.Hold();
        var body = _slack.DirectMessage("new initiative", "EvStored");

        var answer = _slack.PostEventAsync(body);
        await storing.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.False(answer.IsCompleted, "acknowledged before the request was stored");
        stored.SetResult();
        using var response = await answer;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(_slack.Store.Rows);
        Assert.Equal(("event", "EvStored", "T0001/DU0ANN/U0ANN", 1), (row.Kind, row.EventId, row.OrderKey, row.Attempts));
        Assert.Equal(body, Encoding.UTF8.GetString(row.Body));
    }

    [Fact]
    public async Task A_request_the_database_does_not_take_gets_503_and_slack_s_retry_is_taken_in()
    {
        _slack.Store.BeforeAdd = () => throw new TimeoutException("database is locked");
        var body = _slack.DirectMessage("help", "EvRefused");

        using var refused = await _slack.PostEventAsync(body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await Task.Delay(300);
        Assert.Empty(_slack.Bot.Started);
        Assert.Empty(_slack.Store.Rows);
        Assert.Contains(_slack.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("answered 503", StringComparison.Ordinal));

        // The database is back when Slack retries: the same event id is not mistaken for a copy.
        _slack.Store.BeforeAdd = null;
        using var retried = await _slack.PostEventAsync(body);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await EventuallyAsync(() => _slack.Bot.Finished.Contains("help"), "the retried request has had its turn");
    }

    [Theory]
    [InlineData("/api/slack/commands")]
    [InlineData("/api/slack/interactions")]
    public async Task Commands_and_button_presses_also_get_503_when_they_cannot_be_stored(string path)
    {
        _slack.Store.BeforeAdd = () => throw new IOException("disk full");
        var body = path.EndsWith("commands", StringComparison.Ordinal)
            ? "team_id=T0001&channel_id=C1&user_id=U0ANN&command=%2Fpmops&text=help&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fr"
            : "payload=" + Uri.EscapeDataString("""{"type":"block_actions","team":{"id":"T0001"},"user":{"id":"U0ANN"},"channel":{"id":"DU0ANN"},"actions":[]}""");

        using var response = await _slack.PostSignedAsync(path, body, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task An_event_another_instance_already_stored_is_acknowledged_and_not_run()
    {
        _slack.Store.RecordEventId("EvElsewhere");

        using var response = await _slack.PostEventAsync(_slack.DirectMessage("help", "EvElsewhere"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(300);
        Assert.Empty(_slack.Bot.Started);
        Assert.Empty(_slack.Store.Rows);
    }

    [Fact]
    public async Task The_row_stays_while_the_turn_runs_and_goes_when_it_is_done()
    {
        _slack.Bot.Hold();
        using var response = await _slack.PostEventAsync(_slack.DirectMessage("status"));
        await EventuallyAsync(() => _slack.Bot.Started.Contains("status"), "the turn has started");
        Assert.Single(_slack.Store.Rows);

        _slack.Bot.Release();

        await EventuallyAsync(() => _slack.Store.Rows.Count == 0, "the row of the finished turn is deleted");
        Assert.Equal(["status"], _slack.Bot.Finished);
    }

    [Fact]
    public async Task A_turn_that_throws_is_logged_and_its_row_deleted_so_it_never_runs_again()
    {
        using var response = await _slack.PostEventAsync(_slack.DirectMessage("explode"));
        await EventuallyAsync(() => _slack.Store.Rows.Count == 0, "the row of the failed turn is deleted");
        using var next = await _slack.PostEventAsync(_slack.DirectMessage("help"));
        await EventuallyAsync(() => _slack.Bot.Finished.Contains("help"), "the next request in the lane has had its turn");

        // Several lease lengths later it has still run once: nothing brought it back.
        await Task.Delay(Lease * 2);
        Assert.Single(_slack.Bot.Started, "explode");
        Assert.Contains(_slack.Logs.Entries, e => e.Category == typeof(SlackAdapter).FullName && e.Level == LogLevel.Error && e.Message.StartsWith("Turn failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_turn_keeps_its_lease_for_as_long_as_it_runs()
    {
        _slack.Bot.Hold();
        using var response = await _slack.PostEventAsync(_slack.DirectMessage("slow"));
        await EventuallyAsync(() => _slack.Bot.Started.Contains("slow"), "the turn has started");
        var id = Assert.Single(_slack.Store.Rows).Id;

        // Three leases long: without renewal the recovery pass would take the row and start the turn a second time.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(Lease / 2);
            Assert.True(_slack.Store.LeaseOf(id) > DateTimeOffset.UtcNow, "the lease of a running turn ended");
        }

        _slack.Bot.Release();
        await EventuallyAsync(() => _slack.Store.Rows.Count == 0, "the row is deleted");
        Assert.Single(_slack.Bot.Started, "slow");
    }
}
