using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;
using static PmOpsBot.Storage.Tests.TestInitiatives;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteInitiativeListTests() : InitiativeListTests(StorageProvider.Sqlite);

public sealed class PostgresInitiativeListTests() : InitiativeListTests(StorageProvider.Postgres);

/// <summary>The handover lists: due dates, missing operations owners, and what a person is part of.</summary>
public abstract class InitiativeListTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateOnly June1 = new(2026, 6, 1);

    private ProviderDatabase _database = null!;
    private SqlInitiativeStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _store = new SqlInitiativeStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Handovers_due_are_those_dated_within_the_range_inclusive_and_not_yet_run_or_retired()
    {
        await SaveAll(
            Dated("before", June1.AddDays(-1)),
            Dated("on the first day", June1),
            Dated("handing over", June1.AddDays(3)) with { Stage = InitiativeStage.HandingOver },
            Dated("in project", June1.AddDays(3)) with { Stage = InitiativeStage.InProject },
            Dated("already running", June1.AddDays(3)) with { Stage = InitiativeStage.InOperations },
            Dated("retired", June1.AddDays(3)) with { Stage = InitiativeStage.Retired },
            Dated("on the last day", June1.AddDays(7)),
            Dated("after", June1.AddDays(8)),
            New("undated"),
            Dated("other tenant", June1.AddDays(2)) with { TenantId = "tenant-2" });

        var due = await _store.ListHandoversDueAsync("tenant-1", June1, June1.AddDays(7), 50, CancellationToken.None);

        // By date, then by name.
        Assert.Equal(["on the first day", "handing over", "in project", "on the last day"], due.Select(i => i.Name));
        Assert.Equal(June1, due[0].HandoverDate);
    }

    [Fact]
    public async Task Handovers_due_honour_the_limit_and_an_empty_range()
    {
        await SaveAll(Dated("a", June1), Dated("b", June1.AddDays(1)), Dated("c", June1.AddDays(2)));

        var firstTwo = await _store.ListHandoversDueAsync("tenant-1", June1, June1.AddDays(30), 2, CancellationToken.None);

        Assert.Equal(["a", "b"], firstTwo.Select(i => i.Name));
        Assert.Empty(await _store.ListHandoversDueAsync("tenant-1", June1.AddDays(2), June1, 10, CancellationToken.None));
        Assert.Single(await _store.ListHandoversDueAsync("tenant-1", June1.AddDays(1), June1.AddDays(1), 10, CancellationToken.None));
        Assert.Empty(await _store.ListHandoversDueAsync("tenant-2", June1, June1.AddDays(30), 10, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListHandoversDueAsync("tenant-1", June1, June1, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Without_operations_owner_lists_projects_and_mixed_results_nobody_has_accepted_or_been_asked_to_run()
    {
        await SaveAll(
            New("project, nobody named"),
            New("mixed, nobody named") with { Decision = Decision.Operations, IsMixed = true },
            New("project, owner declined") with { OperationsOwner = Owner(OwnerResponse.Declined) },
            New("project, owner asked") with { OperationsOwner = Owner(OwnerResponse.Pending) },
            New("project, owner accepted") with { OperationsOwner = Owner(OwnerResponse.Accepted) },
            New("operations only, nobody named") with { Decision = Decision.Operations },
            New("project already running") with { Stage = InitiativeStage.InOperations },
            New("project retired") with { Stage = InitiativeStage.Retired },
            New("project handing over") with { Stage = InitiativeStage.HandingOver },
            New("other tenant's project") with { TenantId = "tenant-2" });

        var unowned = await _store.ListWithoutOperationsOwnerAsync("tenant-1", 50, CancellationToken.None);

        Assert.Equal(
            ["mixed, nobody named", "project handing over", "project, nobody named", "project, owner declined"],
            unowned.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.All(unowned, initiative => Assert.True(initiative.NeedsHandover));
    }

    [Fact]
    public async Task Without_operations_owner_puts_the_soonest_handover_first_and_undated_ones_last_by_decision_time()
    {
        await SaveAll(
            New("undated, decided late") with { DecidedAt = Start.AddDays(2) },
            Dated("due later", June1.AddDays(10)),
            New("undated, decided early") with { DecidedAt = Start.AddDays(-2) },
            Dated("due sooner", June1),
            Dated("due sooner, decided earlier", June1) with { DecidedAt = Start.AddHours(-1) });

        var unowned = await _store.ListWithoutOperationsOwnerAsync("tenant-1", 50, CancellationToken.None);
        var firstTwo = await _store.ListWithoutOperationsOwnerAsync("tenant-1", 2, CancellationToken.None);

        Assert.Equal(
            ["due sooner, decided earlier", "due sooner", "due later", "undated, decided early", "undated, decided late"],
            unowned.Select(i => i.Name));
        Assert.Equal(["due sooner, decided earlier", "due sooner"], firstTwo.Select(i => i.Name));
        Assert.Empty(await _store.ListWithoutOperationsOwnerAsync("tenant-2", 50, CancellationToken.None));
    }

    [Fact]
    public async Task Involving_lists_what_a_person_created_delivers_or_runs_newest_first_once_each()
    {
        await SaveAll(
            New("created") with { CreatedBy = Cy, DecidedAt = Start.AddDays(1) },
            New("delivers") with { ProjectOwner = Cy, DecidedAt = Start.AddDays(3) },
            New("asked to run") with { OperationsOwner = new OwnerAssignment(Cy, OwnerResponse.Pending, Ana, Start), DecidedAt = Start.AddDays(2) },
            New("all three") with { CreatedBy = Cy, ProjectOwner = Cy, OperationsOwner = new OwnerAssignment(Cy, OwnerResponse.Accepted, Cy, Start, Start), DecidedAt = Start.AddDays(4) },
            New("someone else's") with { ProjectOwner = Bo, OperationsOwner = Owner(OwnerResponse.Accepted), DecidedAt = Start.AddDays(5) },
            New("other tenant") with { TenantId = "tenant-2", CreatedBy = Cy, ProjectOwner = Cy });

        var involving = await _store.ListInvolvingAsync("tenant-1", Cy.Id, 50, CancellationToken.None);
        var newestTwo = await _store.ListInvolvingAsync("tenant-1", Cy.Id, 2, CancellationToken.None);

        Assert.Equal(["all three", "delivers", "asked to run", "created"], involving.Select(i => i.Name));
        Assert.Equal(["all three", "delivers"], newestTwo.Select(i => i.Name));
        Assert.Empty(await _store.ListInvolvingAsync("tenant-1", "nobody", 50, CancellationToken.None));
        Assert.Equal(["other tenant"], (await _store.ListInvolvingAsync("tenant-2", Cy.Id, 50, CancellationToken.None)).Select(i => i.Name));
    }

    private static Initiative Dated(string name, DateOnly date) => New(name) with { HandoverDate = date };

    private static OwnerAssignment Owner(OwnerResponse response) =>
        new(new UserRef("ops-person", "Ops Person"), response, Ana, Start, response == OwnerResponse.Pending ? null : Start.AddHours(1));

    private async Task SaveAll(params Initiative[] initiatives)
    {
        foreach (var initiative in initiatives)
        {
            await _store.SaveAsync(initiative, CancellationToken.None);
        }
    }
}
