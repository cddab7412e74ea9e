using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public abstract class InboundEventLogTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private ProviderDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ProviderDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_event_is_recorded_once_and_each_source_has_its_own_ids()
    {
        var log = new SqlInboundEventLog(_database.Database);

        Assert.True(await log.TryRecordAsync("slack", "Ev1", Now, CancellationToken.None));
        Assert.False(await log.TryRecordAsync("slack", "Ev1", Now.AddSeconds(30), CancellationToken.None));
        Assert.True(await log.TryRecordAsync("other", "Ev1", Now, CancellationToken.None));
    }

    [Fact]
    public async Task Instances_receiving_copies_of_one_event_at_once_let_exactly_one_process_it()
    {
        var logs = Enumerable.Range(0, 4).Select(_ => new SqlInboundEventLog(_database.OpenAnother())).ToArray();

        for (var round = 0; round < 10; round++)
        {
            var id = $"Ev{round}";
            var firsts = await Task.WhenAll(logs.SelectMany(log => Enumerable.Range(0, 3).Select(_ => Task.Run(() => log.TryRecordAsync("slack", id, Now, CancellationToken.None)))));
            Assert.Equal(1, firsts.Count(first => first));
        }
    }

    [Fact]
    public async Task Old_records_are_forgotten_and_recent_ones_kept()
    {
        var log = new SqlInboundEventLog(_database.Database);
        await log.TryRecordAsync("slack", "EvOld", Now.AddDays(-2), CancellationToken.None);
        await log.TryRecordAsync("slack", "EvNew", Now.AddMinutes(-5), CancellationToken.None);

        Assert.Equal(1, await log.ForgetBeforeAsync(Now.AddDays(-1), CancellationToken.None));
        Assert.True(await log.TryRecordAsync("slack", "EvOld", Now, CancellationToken.None));
        Assert.False(await log.TryRecordAsync("slack", "EvNew", Now, CancellationToken.None));
    }
}

public sealed class SqliteInboundEventLogTests() : InboundEventLogTests(StorageProvider.Sqlite);

public sealed class PostgresInboundEventLogTests() : InboundEventLogTests(StorageProvider.Postgres);
