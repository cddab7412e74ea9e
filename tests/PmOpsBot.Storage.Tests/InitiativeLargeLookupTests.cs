using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;
using static PmOpsBot.Storage.Tests.TestInitiatives;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteInitiativeLargeLookupTests() : InitiativeLargeLookupTests(StorageProvider.Sqlite);

public sealed class PostgresInitiativeLargeLookupTests() : InitiativeLargeLookupTests(StorageProvider.Postgres);

/// <summary>Name lookups when some words are in thousands of names: which plan, and what it returns.</summary>
public abstract class InitiativeLargeLookupTests(StorageProvider provider) : IAsyncLifetime
{
    private const int Common = SqlInitiativeStore.CommonPrefixWords;

    private ProviderDatabase _database = null!;
    private SqlInitiativeStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlInitiativeStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public static TheoryData<long[], int[]?> Plans => new()
    {
        // Both rare: count everything (it is cheap).
        { [10, 20], null },
        // All common: nothing rarer to start from.
        { [Common, Common], null },
        // A rare word among common ones: start from it, even when it matches nothing.
        { [Common, Common, 111], [2] },
        { [0, Common], [0] },
        { [Common, 30, Common, 40], [1, 3] },
        // Rare, but not rare enough to beat counting one common prefix's words.
        { [Common, Common / 4], null },
        { [Common, Common, Common / 5], [2] },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Rare_prefixes_are_used_only_when_reading_their_candidates_is_cheaper(long[] counts, int[]? expected)
    {
        Assert.Equal(expected, SqlInitiativeStore.ChooseRarePrefixes(counts));
    }

    [Fact]
    public async Task A_rare_word_among_common_ones_finds_its_names_with_all_their_matches_counted()
    {
        await BulkInsertAsync(_database.Database, "tenant-1", Enumerable.Range(0, Common + 100).Select(i => $"Rollout wave {i}"));
        await BulkInsertAsync(_database.Database, "tenant-1", ["CRM rollout", "CRM rollout rollback plan", "CRM licences", "Old CRM"]);
        // The same names in another tenant must never come back.
        await BulkInsertAsync(_database.Database, "tenant-2", ["CRM rollout", "CRM anything"]);

        var found = await _store.FindByNameWordsAsync("tenant-1", NameWords.PrefixesOf("CRM rollout"), 200, CancellationToken.None);

        // Only names with the rare word are candidates; the one matching both words twice ("rollout",
        // "rollback") and the one matching both once come first.
        Assert.Equal(["CRM rollout rollback plan", "CRM rollout"], found.Take(2).Select(i => i.Name));
        Assert.Equal(["CRM licences", "Old CRM"], found.Skip(2).Select(i => i.Name).Order(StringComparer.Ordinal));
        foreach (var candidate in found)
            Assert.NotNull(await _store.FindAsync("tenant-1", candidate.Id, CancellationToken.None));
        Assert.Equal("CRM rollout", InitiativeNameMatcher.Best("CRM rollout", found)[0].Name);
    }

    [Fact]
    public async Task Only_common_words_are_counted_in_full_and_the_best_matches_win_the_limit()
    {
        await BulkInsertAsync(_database.Database, "tenant-1", Enumerable.Range(0, Common + 10).Select(i => $"Rollout wave {i}"));
        await BulkInsertAsync(_database.Database, "tenant-1", Enumerable.Range(0, Common + 10).Select(i => $"CRM licence {i}"));
        await BulkInsertAsync(_database.Database, "tenant-1", ["CRM rollout"]);

        var found = await _store.FindByNameWordsAsync("tenant-1", NameWords.PrefixesOf("CRM rollout"), 50, CancellationToken.None);

        Assert.Equal(50, found.Count);
        Assert.Equal("CRM rollout", found[0].Name);
        Assert.Equal("CRM rollout", InitiativeNameMatcher.Best("CRM rollout", found).Single().Name);
    }

    [Fact]
    public async Task A_single_common_prefix_stops_at_the_limit()
    {
        await BulkInsertAsync(_database.Database, "tenant-1", Enumerable.Range(0, Common + 10).Select(i => $"Rollout wave {i}"));

        var found = await _store.FindByNameWordsAsync("tenant-1", ["rol"], 25, CancellationToken.None);

        Assert.Equal(25, found.Count);
        Assert.Equal(25, found.Select(i => i.Id).Distinct().Count());
    }
}
