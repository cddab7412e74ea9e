using Dapper;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;
using static PmOpsBot.Storage.Tests.TestInitiatives;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteInitiativeNameWordsTests() : InitiativeNameWordsTests(StorageProvider.Sqlite);

public sealed class PostgresInitiativeNameWordsTests() : InitiativeNameWordsTests(StorageProvider.Postgres);

/// <summary>Finding initiatives by the beginnings of the words in their names.</summary>
public abstract class InitiativeNameWordsTests(StorageProvider provider) : IAsyncLifetime
{
    private ProviderDatabase _database = null!;
    private SqlInitiativeStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlInitiativeStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_prefix_finds_the_names_with_a_word_starting_with_it()
    {
        await SaveAll("CRM rollout", "Payroll", "Office move", "Procurement portal");

        Assert.Equal(["CRM rollout"], await Names(NameWords.PrefixesOf("crm")));
        Assert.Equal(["CRM rollout"], await Names(NameWords.PrefixesOf("rollout")));
        Assert.Equal(["Procurement portal"], await Names(["por"]));
        Assert.Empty(await Names(["xyz"]));
    }

    [Fact]
    public async Task A_typo_after_the_third_letter_still_finds_the_name()
    {
        await SaveAll("Payroll", "Payroll migration", "Data warehouse");

        Assert.Equal(["pay"], NameWords.PrefixesOf("payrol"));
        Assert.Equal(["Payroll", "Payroll migration"], (await Names(NameWords.PrefixesOf("payrol"))).Order());
        Assert.Contains("Payroll migration", await Names(NameWords.PrefixesOf("Payrlol migraton")));
    }

    [Fact]
    public async Task Prefixes_are_matched_whole_at_the_start_of_words_only()
    {
        await SaveAll("Data warehouse", "Metadata catalogue");

        Assert.Equal(["Data warehouse"], await Names(["dat"]));
        Assert.Equal(["Data warehouse", "Metadata catalogue"], (await Names(["dat", "met"])).Order());
    }

    [Fact]
    public async Task Prefixes_are_trimmed_and_lower_cased_and_blank_ones_ignored()
    {
        await SaveAll("CRM rollout");

        Assert.Equal(["CRM rollout"], await Names([" CRM ", "", "  "]));
        Assert.Empty(await Names([]));
        Assert.Empty(await Names(["", " "]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.FindByNameWordsAsync("tenant-1", ["crm"], 0, CancellationToken.None));
    }

    [Fact]
    public async Task Names_matching_more_prefixes_win_the_limit()
    {
        // Many names share one word; only one has both.
        for (var i = 0; i < 30; i++)
        {
            await _store.SaveAsync(New($"Rollout wave {i}"), CancellationToken.None);
        }

        await SaveAll("CRM rollout", "CRM licences");

        var best = await _store.FindByNameWordsAsync("tenant-1", NameWords.PrefixesOf("crm rollout"), 1, CancellationToken.None);
        var top3 = await _store.FindByNameWordsAsync("tenant-1", NameWords.PrefixesOf("crm rollout"), 3, CancellationToken.None);

        Assert.Equal("CRM rollout", Assert.Single(best).Name);
        Assert.Equal(3, top3.Count);
        Assert.Equal("CRM rollout", top3[0].Name);
    }

    [Fact]
    public async Task A_name_is_found_once_however_many_of_its_words_match()
    {
        await SaveAll("Payments and payroll platform");

        var found = await _store.FindByNameWordsAsync("tenant-1", ["pay", "pla", "payr"], 10, CancellationToken.None);

        Assert.Single(found);
        Assert.Single(await _store.FindByNameWordsAsync("tenant-1", ["pay"], 10, CancellationToken.None));
    }

    [Fact]
    public async Task Found_initiatives_are_complete_and_carry_their_version()
    {
        var saved = FullyPopulated();
        await _store.SaveAsync(saved, CancellationToken.None);
        await _store.UpdateAsync(saved, 0, CancellationToken.None);

        var candidate = Assert.Single(await _store.FindByNameWordsAsync(saved.TenantId, ["crm"], 10, CancellationToken.None));

        Assert.Equal(new InitiativeName(saved.Id, saved.Name), candidate);
        AssertSame(saved with { Version = 1 }, (await _store.FindAsync(saved.TenantId, candidate.Id, CancellationToken.None))!);
    }

    [Fact]
    public async Task Renaming_replaces_the_words()
    {
        var initiative = New("CRM rollout");
        await _store.SaveAsync(initiative, CancellationToken.None);

        Assert.True(await _store.UpdateAsync(initiative with { Name = "Customer portal" }, 0, CancellationToken.None));

        Assert.Empty(await Names(["crm"]));
        Assert.Empty(await Names(["rol"]));
        Assert.Equal(["Customer portal"], await Names(["cus"]));
        Assert.Equal(["customer", "portal"], await StoredWords(initiative.Id));

        await _store.SaveAsync(initiative with { Name = "Sales dashboard" }, CancellationToken.None);

        Assert.Empty(await Names(["cus"]));
        Assert.Equal(["Sales dashboard"], await Names(["das"]));
        Assert.Equal(["dashboard", "sales"], await StoredWords(initiative.Id));
    }

    [Fact]
    public async Task Stored_words_are_those_of_NameWords()
    {
        var initiative = New("The new CRM-rollout (2027) for the Ωmega team");

        await _store.SaveAsync(initiative, CancellationToken.None);

        Assert.Equal(NameWords.Of(initiative.Name).Order(StringComparer.Ordinal), await StoredWords(initiative.Id));
        Assert.Equal(["The new CRM-rollout (2027) for the Ωmega team"], await Names(["ωme"]));
        Assert.Equal(["The new CRM-rollout (2027) for the Ωmega team"], await Names(["202"]));
    }

    [Fact]
    public async Task A_name_of_filler_words_only_is_stored_but_never_found()
    {
        var initiative = New("The new project");

        await _store.SaveAsync(initiative, CancellationToken.None);

        Assert.Empty(await StoredWords(initiative.Id));
        Assert.Empty(await Names(["the", "new", "pro"]));
        Assert.NotNull(await _store.FindAsync(initiative.TenantId, initiative.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Another_tenants_names_are_never_found()
    {
        await _store.SaveAsync(New("CRM rollout", tenantId: "tenant-2"), CancellationToken.None);
        await SaveAll("CRM licences");

        Assert.Equal(["CRM licences"], await Names(["crm"]));
        Assert.Empty(await _store.FindByNameWordsAsync("tenant-3", ["crm"], 10, CancellationToken.None));
        var other = await _store.FindByNameWordsAsync("tenant-2", ["crm", "lic"], 10, CancellationToken.None);
        Assert.Equal(["CRM rollout"], other.Select(initiative => initiative.Name));
    }

    private async Task SaveAll(params string[] names)
    {
        foreach (var name in names)
        {
            await _store.SaveAsync(New(name), CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<string>> Names(IReadOnlyCollection<string> prefixes) =>
        (await _store.FindByNameWordsAsync("tenant-1", prefixes, 50, CancellationToken.None)).Select(initiative => initiative.Name).ToList();

    // In code point order on both providers: the word column is compared by bytes (SQLite's BINARY,
    // PostgreSQL's "C").
    private async Task<List<string>> StoredWords(Guid id)
    {
        await using var connection = await _database.Database.OpenConnectionAsync(CancellationToken.None);
        return (await connection.QueryAsync<string>(
            "SELECT word FROM initiative_name_words WHERE initiative_id = @Id ORDER BY word",
            new { Id = id.ToString("D") })).ToList();
    }
}
