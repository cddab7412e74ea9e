using PmOpsBot.Core.CareerFit;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteCareerProfileStoreTests() : CareerProfileStoreTests(StorageProvider.Sqlite);

public sealed class PostgresCareerProfileStoreTests() : CareerProfileStoreTests(StorageProvider.Postgres);

public abstract class CareerProfileStoreTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 9, 30, 15, TimeSpan.FromHours(2));

    private ProviderDatabase? _database;
    private SqlCareerProfileStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlCareerProfileStore(_database.Database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_saved_profile_round_trips()
    {
        var saved = new CareerProfile("tenant-1", "user-1", new Dictionary<string, string>
        {
            ["energy"] = "building",
            ["ambiguity"] = "thrive",
            ["quote \" ünï"] = "“value”",
        }, At.AddTicks(123));

        await _store.SaveAsync(saved, CancellationToken.None);
        var found = await _store.FindAsync("tenant-1", "user-1", CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(saved.Answers.OrderBy(a => a.Key, StringComparer.Ordinal), found.Answers.OrderBy(a => a.Key, StringComparer.Ordinal));
        Assert.Equal(saved with { Answers = found.Answers }, found);
    }

    [Fact]
    public async Task Saving_again_replaces_the_answers_as_a_whole()
    {
        await _store.SaveAsync(new CareerProfile("tenant-1", "user-1", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, At), CancellationToken.None);

        await _store.SaveAsync(new CareerProfile("tenant-1", "user-1", new Dictionary<string, string> { ["b"] = "3" }, At.AddDays(1)), CancellationToken.None);

        var found = await _store.FindAsync("tenant-1", "user-1", CancellationToken.None);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "3" }, found!.Answers);
        Assert.Equal(At.AddDays(1), found.UpdatedAt);
    }

    [Fact]
    public async Task Profiles_are_per_tenant_and_person()
    {
        await _store.SaveAsync(new CareerProfile("tenant-1", "user-1", new Dictionary<string, string> { ["a"] = "1" }, At), CancellationToken.None);
        await _store.SaveAsync(new CareerProfile("tenant-2", "user-1", new Dictionary<string, string> { ["a"] = "2" }, At), CancellationToken.None);

        Assert.Equal("1", (await _store.FindAsync("tenant-1", "user-1", CancellationToken.None))!.Answers["a"]);
        Assert.Equal("2", (await _store.FindAsync("tenant-2", "user-1", CancellationToken.None))!.Answers["a"]);
        Assert.Null(await _store.FindAsync("tenant-3", "user-1", CancellationToken.None));
        Assert.Null(await _store.FindAsync("tenant-1", "user-2", CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_profile_round_trips()
    {
        await _store.SaveAsync(new CareerProfile("tenant-1", "user-1", new Dictionary<string, string>(), At), CancellationToken.None);

        Assert.Empty((await _store.FindAsync("tenant-1", "user-1", CancellationToken.None))!.Answers);
    }
}
