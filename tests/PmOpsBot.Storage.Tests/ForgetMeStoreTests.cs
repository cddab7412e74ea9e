using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Delivery;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Privacy;
using PmOpsBot.Storage.Stores;
using static PmOpsBot.Storage.Tests.TestInitiatives;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteForgetMeStoreTests() : ForgetMeStoreTests(StorageProvider.Sqlite);

public sealed class PostgresForgetMeStoreTests() : ForgetMeStoreTests(StorageProvider.Postgres);

/// <summary>The store methods behind “forget me”, on both providers: each touches one person in one tenant only.</summary>
public abstract class ForgetMeStoreTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private ProviderDatabase _database = null!;
    private SqlCareerProfileStore _careers = null!;
    private SqlInterviewLog _interviews = null!;
    private SqlCheckInStore _checkIns = null!;
    private SqlInitiativeStore _initiatives = null!;
    private SqlPendingMessageStore _pending = null!;

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _careers = new SqlCareerProfileStore(_database.Database);
        _interviews = new SqlInterviewLog(_database.Database);
        _checkIns = new SqlCheckInStore(_database.Database);
        _initiatives = new SqlInitiativeStore(_database.Database);
        _pending = new SqlPendingMessageStore(_database.Database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static CareerProfile Profile(string tenant, string user) => new(tenant, user, new Dictionary<string, string> { ["energy"] = "building" }, Now);

    [Fact]
    public async Task Deleting_career_answers_removes_only_that_person_in_that_tenant()
    {
        await _careers.SaveAsync(Profile("tenant-1", "user-1"), default);
        await _careers.SaveAsync(Profile("tenant-1", "user-2"), default);
        await _careers.SaveAsync(Profile("tenant-2", "user-1"), default);

        Assert.True(await _careers.DeleteAsync("tenant-1", "user-1", default));
        Assert.False(await _careers.DeleteAsync("tenant-1", "user-1", default));

        Assert.Null(await _careers.FindAsync("tenant-1", "user-1", default));
        Assert.NotNull(await _careers.FindAsync("tenant-1", "user-2", default));
        Assert.NotNull(await _careers.FindAsync("tenant-2", "user-1", default));
    }

    [Fact]
    public async Task Removing_a_persons_open_interviews_covers_every_conversation_of_the_tenant_and_nothing_else()
    {
        OpenInterview Open(string tenant, string conversation, UserRef user) =>
            new(Guid.NewGuid(), tenant, "team-1", conversation, user, "CRM", Now.AddDays(-3), Now.AddDays(-2));
        await _interviews.UpsertAsync(Open("tenant-1", "conv-1", Ana), default);
        await _interviews.UpsertAsync(Open("tenant-1", "conv-2", Ana), default);
        var bos = Open("tenant-1", "conv-1", Bo);
        await _interviews.UpsertAsync(bos, default);
        var otherTenant = Open("tenant-2", "conv-1", Ana);
        await _interviews.UpsertAsync(otherTenant, default);

        Assert.Equal(2, await _interviews.RemoveAllForUserAsync("tenant-1", Ana.Id, default));
        Assert.Equal(0, await _interviews.RemoveAllForUserAsync("tenant-1", Ana.Id, default));

        var scope1 = new DigestScope("tenant-1", "team-1", "conv-1");
        Assert.Equal([bos.SessionId], (await _interviews.ListStaleAsync(scope1, Now, 10, default)).Select(o => o.SessionId));
        var scope2 = new DigestScope("tenant-2", "team-1", "conv-1");
        Assert.Equal([otherTenant.SessionId], (await _interviews.ListStaleAsync(scope2, Now, 10, default)).Select(o => o.SessionId));
    }

    [Fact]
    public async Task Anonymising_an_author_keeps_their_answers_and_history_under_a_former_member_in_that_tenant_only()
    {
        var subscription = Guid.NewGuid();
        var crm = Guid.NewGuid();
        var today = new DateOnly(2026, 3, 2);
        CheckInAnswer Answer(string tenant, Guid initiative, UserRef author, CheckInStatus status, DateOnly date) =>
            new(Guid.NewGuid(), tenant, initiative, author, status, "note", null, subscription, date, Now, false);
        await _checkIns.SaveAnswerAsync(Answer("tenant-1", crm, Ana, CheckInStatus.AtRisk, today.AddDays(-1)), default);
        await _checkIns.SaveAnswerAsync(Answer("tenant-1", crm, Ana, CheckInStatus.Blocked, today), default);
        await _checkIns.SaveAnswerAsync(Answer("tenant-1", crm, Ana, CheckInStatus.OnTrack, today), default);
        await _checkIns.SaveAnswerAsync(Answer("tenant-1", crm, Bo, CheckInStatus.OnTrack, today), default);
        var elsewhere = Guid.NewGuid();
        await _checkIns.SaveAnswerAsync(Answer("tenant-2", elsewhere, Ana, CheckInStatus.OnTrack, today), default);
        var former = FormerMember.New();

        Assert.Equal(2, await _checkIns.AnonymiseAuthorAsync("tenant-1", Ana.Id, former, default));

        var current = await _checkIns.ListAnswersAsync("tenant-1", crm, 10, default);
        Assert.Equal(3, current.Count);
        Assert.DoesNotContain(current, a => a.Author.Id == Ana.Id || a.Author.Name == Ana.Name);
        Assert.Equal(2, current.Count(a => a.Author == former));
        Assert.Single(current, a => a.Author == Bo);
        var history = await _checkIns.ListHistoryAsync("tenant-1", crm, 10, default);
        Assert.Equal(4, history.Count);
        Assert.Equal(3, history.Count(a => a.Author == former));
        // Another tenant's answers by the same id are untouched.
        Assert.Equal(Ana, Assert.Single(await _checkIns.ListAnswersAsync("tenant-2", elsewhere, 10, default)).Author);
        Assert.Equal(Ana, Assert.Single(await _checkIns.ListHistoryAsync("tenant-2", elsewhere, 10, default)).Author);
    }

    [Fact]
    public async Task Listing_initiatives_that_mention_a_person_finds_every_role_and_list_and_stays_in_the_tenant()
    {
        var person = new UserRef("user_1%", "Pat");
        var lookalike = new UserRef("userX1abc", "Not Pat");
        var created = New("Created") with { CreatedBy = person };
        var delivers = New("Delivers") with { ProjectOwner = person };
        var runs = New("Runs") with { OperationsOwner = new OwnerAssignment(person, OwnerResponse.Pending, Bo, Now) };
        var named = New("Named") with { OperationsOwner = new OwnerAssignment(Cy, OwnerResponse.Accepted, person, Now) };
        var ticked = New("Ticked") with { Checklist = [new ChecklistTick(ReadinessItem.RunbookWritten, person, Now)] };
        var moved = New("Moved") with { StageHistory = [new StageChange(InitiativeStage.Proposed, InitiativeStage.InProject, person, Now)] };
        var unrelated = New("Unrelated") with
        {
            ProjectOwner = lookalike,
            Checklist = [new ChecklistTick(ReadinessItem.RunbookWritten, lookalike, Now)],
            StageHistory = [new StageChange(InitiativeStage.Proposed, InitiativeStage.InProject, lookalike, Now)],
        };
        var otherTenant = New("Other tenant", "tenant-2") with { CreatedBy = person, ProjectOwner = person };
        foreach (var initiative in new[] { created, delivers, runs, named, ticked, moved, unrelated, otherTenant })
            await _initiatives.SaveAsync(initiative, default);

        var found = await _initiatives.ListMentioningAsync("tenant-1", person.Id, 50, default);

        Assert.Equal(
            new[] { created, delivers, runs, named, ticked, moved }.Select(i => i.Id).Order(),
            found.Select(i => i.Id).Order());
        Assert.Equal(2, (await _initiatives.ListMentioningAsync("tenant-1", person.Id, 2, default)).Count);
    }

    [Fact]
    public async Task Forgetting_a_person_over_the_real_stores_deletes_their_data_and_flags_what_they_owned()
    {
        await _careers.SaveAsync(Profile("tenant-1", Ana.Id), default);
        await _careers.SaveAsync(Profile("tenant-2", Ana.Id), default);
        await _interviews.UpsertAsync(new OpenInterview(Guid.NewGuid(), "tenant-1", "team-1", "conv-1", Ana, null, Now, Now), default);
        await _checkIns.SetPauseAsync(new CheckInPause("tenant-1", Ana.Id, PauseKind.Away, new DateOnly(2026, 4, 1)), default);
        await _checkIns.SetPauseAsync(new CheckInPause("tenant-2", Ana.Id, PauseKind.Away, new DateOnly(2026, 4, 1)), default);
        // New() is created by Ana: a project she delivers, and one Bo delivers that she was to run.
        var delivered = New("CRM rollout") with { ProjectOwner = Ana, Stage = InitiativeStage.InProject, StageHistory = [new StageChange(InitiativeStage.Proposed, InitiativeStage.InProject, Ana, Now)] };
        var toRun = New("Payroll") with { CreatedBy = Bo, ProjectOwner = Bo, OperationsOwner = new OwnerAssignment(Ana, OwnerResponse.Accepted, Bo, Now, Now), HandoverDate = new DateOnly(2026, 3, 1) };
        var otherTenant = New("CRM rollout", "tenant-2") with { ProjectOwner = Ana };
        foreach (var initiative in new[] { delivered, toRun, otherTenant }) await _initiatives.SaveAsync(initiative, default);
        PendingMessage Waiting(string tenant, string? recipient) => new(Guid.NewGuid(), tenant, recipient, "{}", "[]", 0, Now, Now, "http_503");
        foreach (var waiting in new[] { Waiting("tenant-1", Ana.Id), Waiting("tenant-1", Bo.Id), Waiting("tenant-2", Ana.Id), Waiting("tenant-1", null) })
            await _pending.AddAsync(waiting, default);

        var result = await new ForgetMeService(_careers, _interviews, _checkIns, _initiatives, _pending).ForgetAsync("tenant-1", Ana.Id, default);

        Assert.True(result.CareerAnswersDeleted);
        Assert.Equal(1, result.OpenInterviewsDeleted);
        Assert.Equal(1, result.PendingMessagesDeleted);
        Assert.Equal(3, await _pending.CountAsync(default));
        Assert.Equal(["CRM rollout", "Payroll"], result.NeedNewOwner.Select(v => v.Initiative.Name));
        Assert.Null(await _careers.FindAsync("tenant-1", Ana.Id, default));
        Assert.Null(await _checkIns.FindPauseAsync("tenant-1", Ana.Id, default));
        Assert.Empty(await _initiatives.ListMentioningAsync("tenant-1", Ana.Id, 10, default));

        var crm = (await _initiatives.FindAsync("tenant-1", delivered.Id, default))!;
        Assert.True(FormerMember.Is(crm.ProjectOwner));
        Assert.True(FormerMember.Is(crm.CreatedBy));
        Assert.Equal(FormerMember.Name, crm.StageHistory.Single().By.Name);
        var payroll = (await _initiatives.FindAsync("tenant-1", toRun.Id, default))!;
        Assert.Null(payroll.OperationsOwner);
        Assert.Equal(Bo, payroll.ProjectOwner);
        Assert.Contains(await _initiatives.ListWithoutOperationsOwnerAsync("tenant-1", 10, default), i => i.Id == toRun.Id);

        // The other tenant keeps everything.
        Assert.NotNull(await _careers.FindAsync("tenant-2", Ana.Id, default));
        Assert.NotNull(await _checkIns.FindPauseAsync("tenant-2", Ana.Id, default));
        Assert.Equal(Ana, (await _initiatives.FindAsync("tenant-2", otherTenant.Id, default))!.ProjectOwner);
    }
}
