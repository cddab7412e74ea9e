using System.Text;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

/// <summary>The upkeep of the event-id record that <see cref="SqlSlackInboundStore"/> writes with each request.</summary>
public abstract class InboundEventLogTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private ProviderDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ProviderDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Old_records_are_forgotten_and_recent_ones_kept()
    {
        var requests = new SqlSlackInboundStore(_database.Database);
        var log = new SqlInboundEventLog(_database.Database);
        Assert.NotNull(await TakeInAsync(requests, "EvOld", Now.AddDays(-2)));
        Assert.NotNull(await TakeInAsync(requests, "EvNew", Now.AddMinutes(-5)));

        Assert.Equal(1, await log.ForgetBeforeAsync(Now.AddDays(-1), CancellationToken.None));

        // A forgotten id is taken in again; a kept one is still turned away as a copy.
        Assert.NotNull(await TakeInAsync(requests, "EvOld", Now));
        Assert.Null(await TakeInAsync(requests, "EvNew", Now));
    }

    private static Task<long?> TakeInAsync(SqlSlackInboundStore requests, string eventId, DateTimeOffset receivedAt) =>
        requests.AddAsync(
            new NewSlackRequest("event", "T1/D1/U1", eventId, Encoding.UTF8.GetBytes("{}"), receivedAt, receivedAt.AddMinutes(1)), CancellationToken.None);
}

public sealed class SqliteInboundEventLogTests() : InboundEventLogTests(StorageProvider.Sqlite);

public sealed class PostgresInboundEventLogTests() : InboundEventLogTests(StorageProvider.Postgres);
