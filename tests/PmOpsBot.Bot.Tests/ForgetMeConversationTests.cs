using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Privacy;
using static PmOpsBot.Bot.Tests.BotHarness;

namespace PmOpsBot.Bot.Tests;

/// <summary>“Forget me”: asked first, then deletes the person's data in this tenant and flags what they owned.</summary>
public sealed class ForgetMeConversationTests
{
    private readonly BotHarness _bot = new();

    private Task SaveCareerAsync(string tenant = "tenant-1", string user = "user1") =>
        _bot.CareerProfiles.SaveAsync(new CareerProfile(tenant, user, new Dictionary<string, string> { ["energy"] = "building" }, DateTimeOffset.UtcNow), CancellationToken.None);

    /// <summary>The stored instance: the in-memory registry keeps it until the initiative is changed.</summary>
    private async Task<Initiative> StoredAsync(Initiative initiative) =>
        (await _bot.Initiatives.FindAsync(initiative.TenantId, initiative.Id, CancellationToken.None))!;

    private IEnumerable<OpenInterview> OpenInterviewsOf(string user, string tenant = "tenant-1") =>
        _bot.OpenInterviews.Open.Where(o => o.User.Id == user && o.TenantId == tenant);

    [Theory]
    [InlineData("forget me")]
    [InlineData("Delete my data")]
    [InlineData("forget my data.")]
    [InlineData("/forget me")]
    public async Task The_command_and_its_variants_ask_first_and_delete_nothing_yet(string text)
    {
        await SaveCareerAsync();

        var replies = await _bot.SayAsync(text);

        var all = AllText(replies);
        Assert.Contains("career-fit answers", all, StringComparison.Ordinal);
        Assert.Contains("Initiatives you own stay", all, StringComparison.Ordinal);
        Assert.NotNull(Button(replies, "Yes, forget me"));
        Assert.NotNull(Button(replies, "No, keep my data"));
        Assert.NotNull(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
    }

    [Fact]
    public async Task Confirming_deletes_the_career_answers_the_open_interview_and_the_pause()
    {
        await _bot.SayAsync("new initiative");
        await _bot.SayAsync("CRM rollout");
        await SaveCareerAsync();
        await _bot.CheckIns.SetPauseAsync(new CheckInPause("tenant-1", "user1", PauseKind.Away, new DateOnly(2099, 1, 1)), CancellationToken.None);
        Assert.Single(OpenInterviewsOf("user1"));

        var ask = await _bot.SayAsync("forget me");
        var done = await _bot.PressAsync(Button(ask, "Yes, forget me"));

        Assert.Contains("I deleted your open interview and your career-fit answers", AllText(done), StringComparison.Ordinal);
        Assert.Null(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
        Assert.Empty(OpenInterviewsOf("user1"));
        Assert.Null(await _bot.CheckIns.FindPauseAsync("tenant-1", "user1", CancellationToken.None));
        // This conversation's state was reset: no interview is open any more.
        Assert.Contains("No interview is open", AllText(await _bot.SayAsync("status")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_keeps_everything_and_carries_on_with_the_interview()
    {
        await _bot.SayAsync("new initiative");
        await _bot.SayAsync("CRM rollout");
        await SaveCareerAsync();
        var owned = await StoredAsync(_bot.Seed("Payroll"));

        var ask = await _bot.SayAsync("forget me");
        var kept = await _bot.PressAsync(Button(ask, "No, keep my data"));

        Assert.Contains("Nothing was deleted", AllText(kept), StringComparison.Ordinal);
        Assert.Contains("CRM rollout", AllText(kept), StringComparison.Ordinal);
        Assert.NotNull(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
        Assert.Single(OpenInterviewsOf("user1"));
        Assert.Same(owned, await StoredAsync(owned));

        // Typed "no" and "cancel" decline too.
        await _bot.SayAsync("forget me");
        Assert.Contains("Nothing was deleted", AllText(await _bot.SayAsync("no")), StringComparison.Ordinal);
        await _bot.SayAsync("forget me");
        Assert.Contains("Nothing was deleted", AllText(await _bot.SayAsync("cancel")), StringComparison.Ordinal);
        Assert.Single(OpenInterviewsOf("user1"));
        Assert.NotNull(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
    }

    [Fact]
    public async Task A_confirmation_button_without_an_open_question_deletes_nothing()
    {
        await SaveCareerAsync();
        var ask = await _bot.SayAsync("forget me");
        var yes = Button(ask, "Yes, forget me");
        await _bot.SayAsync("help");

        var late = await _bot.PressAsync(yes);

        Assert.Contains("expired", AllText(late), StringComparison.Ordinal);
        Assert.NotNull(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
    }

    [Fact]
    public async Task Owned_initiatives_stay_without_the_name_are_listed_and_show_as_needing_an_owner()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var delivered = _bot.Seed("CRM rollout", handover: today.AddDays(20));
        var toRun = _bot.Seed("Payroll", creator: "user2", handover: today.AddDays(-1));
        var runs = toRun with { OperationsOwner = new OwnerAssignment(new UserRef("user1", "Name of user1"), OwnerResponse.Accepted, new UserRef("user2", "Name of user2"), DateTimeOffset.UtcNow) };
        await _bot.Initiatives.UpdateAsync(runs, toRun.Version, CancellationToken.None);
        var createdOnly = _bot.Seed("Service desk", Decision.Operations, stage: InitiativeStage.InOperations);
        var someoneElses = await StoredAsync(_bot.Seed("Office move", creator: "user2"));

        var ask = await _bot.SayAsync("forget me");
        var done = await _bot.PressAsync(Button(ask, "Yes, forget me"));

        var all = AllText(done);
        Assert.Contains("“CRM rollout” (project owner)", all, StringComparison.Ordinal);
        Assert.Contains("“Payroll” (operations owner)", all, StringComparison.Ordinal);
        Assert.Contains("“Service desk” (owner)", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Office move", all, StringComparison.Ordinal);
        Assert.Contains("Initiatives that need a new owner", all, StringComparison.Ordinal);

        // Nothing was deleted, and nothing names them any more.
        Assert.Equal(4, _bot.Initiatives.All.Count);
        Assert.DoesNotContain(_bot.Initiatives.All, i => ForgetMeService.Names(i, "user1"));
        Assert.DoesNotContain("Name of user1", string.Join(" ", _bot.Initiatives.All.Select(i => i.ToString())), StringComparison.Ordinal);
        Assert.Same(someoneElses, await StoredAsync(someoneElses));

        // The handover card says the owner left.
        var card = await _bot.PressAsync(Button(done, "Open"));
        Assert.Contains("owner left: needs a new owner", AllText(card), StringComparison.Ordinal);
        var serviceDesk = await _bot.Initiatives.FindAsync("tenant-1", createdOnly.Id, CancellationToken.None);
        Assert.Equal(PmOpsBot.Core.Ownership.OwnershipAnswer.OwnerLeft, PmOpsBot.Core.Ownership.OwnershipAnswer.Operations(serviceDesk!));

        // The digest lists the project past its date as launching without an operations owner, mentioning nobody forgotten.
        var subscription = new DigestSubscription
        {
            Id = Guid.NewGuid(),
            TenantId = "tenant-1",
            ChannelId = "msteams",
            ConversationId = "seed",
            DeliveryAddress = "{}",
            TimeZoneId = "UTC",
            WorkingDays = DigestSchedule.EveryDay,
            TimeOfDay = new TimeOnly(23, 59),
            CreatedBy = new UserRef("user2", "Name of user2"),
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
        };
        var digest = await new DigestBuilder(_bot.Initiatives, _bot.OpenInterviews).BuildAsync(subscription, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal("Payroll", Assert.Single(digest.WithoutOperationsOwner).Initiative.Name);
        Assert.DoesNotContain(digest.Mentioned, u => u.Id == "user1" || FormerMember.Is(u));
        var rendered = PmOpsBot.Bot.Cards.DigestCards.Digest(digest).ToString();
        Assert.Contains("Launching without an operations owner", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_answers_stay_as_history_signed_by_a_former_member()
    {
        var crm = _bot.Seed("CRM rollout");
        var answer = new CheckInAnswer(Guid.NewGuid(), "tenant-1", crm.Id, new UserRef("user1", "Name of user1"), CheckInStatus.AtRisk, "vendor late", null,
            Guid.NewGuid(), DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow, false);
        await _bot.CheckIns.SaveAnswerAsync(answer, CancellationToken.None);

        await _bot.SayAsync("forget me");
        var done = await _bot.SayAsync("yes");

        Assert.Contains("signed “a former member”", AllText(done), StringComparison.Ordinal);
        var kept = Assert.Single(await _bot.CheckIns.ListHistoryAsync("tenant-1", crm.Id, 10, CancellationToken.None));
        Assert.Equal(FormerMember.Name, kept.Author.Name);
        Assert.True(FormerMember.Is(kept.Author));
        Assert.Equal("vendor late", kept.Note);
    }

    [Fact]
    public async Task Another_tenants_data_is_untouched()
    {
        await SaveCareerAsync("tenant-2");
        await SaveCareerAsync();
        var elsewhere = await StoredAsync(_bot.Seed("CRM rollout", tenant: "tenant-2"));
        var open = new OpenInterview(Guid.NewGuid(), "tenant-2", null, "other", new UserRef("user1", "Name of user1"), "Payroll", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await _bot.OpenInterviews.UpsertAsync(open, CancellationToken.None);
        await _bot.CheckIns.SetPauseAsync(new CheckInPause("tenant-2", "user1", PauseKind.SnoozedToday, new DateOnly(2099, 1, 1)), CancellationToken.None);

        await _bot.SayAsync("forget me");
        await _bot.SayAsync("yes");

        Assert.Null(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
        Assert.NotNull(await _bot.CareerProfiles.FindAsync("tenant-2", "user1", CancellationToken.None));
        Assert.Same(elsewhere, await StoredAsync(elsewhere));
        Assert.Single(OpenInterviewsOf("user1", "tenant-2"));
        Assert.NotNull(await _bot.CheckIns.FindPauseAsync("tenant-2", "user1", CancellationToken.None));
    }

    [Fact]
    public async Task The_command_works_mid_interview_and_mid_career_check()
    {
        await _bot.SayAsync("new initiative");
        await _bot.SayAsync("CRM rollout");
        await _bot.SayAsync("skip");
        await SaveCareerAsync();

        var ask = await _bot.SayAsync("delete my data");
        Assert.NotNull(Button(ask, "Yes, forget me"));
        // Something that is neither yes nor no nor a command asks again.
        var again = await _bot.SayAsync("hmm not sure");
        Assert.Contains("Please say “yes”", AllText(again), StringComparison.Ordinal);
        await _bot.SayAsync("yes");

        Assert.Empty(OpenInterviewsOf("user1"));
        Assert.Null(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
        Assert.Contains("No interview is open", AllText(await _bot.SayAsync("status")), StringComparison.Ordinal);

        await _bot.SayAsync("career fit");
        var inCareer = await _bot.SayAsync("forget me");
        Assert.NotNull(Button(inCareer, "Yes, forget me"));
        var kept = await _bot.SayAsync("no");
        Assert.Contains("1 of 4", AllText(kept), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_command_instead_of_an_answer_lets_the_question_lapse()
    {
        await SaveCareerAsync();
        await _bot.SayAsync("forget me");

        var help = await _bot.SayAsync("help");
        await _bot.SayAsync("yes");

        Assert.Contains("What I can do", AllText(help), StringComparison.Ordinal);
        Assert.NotNull(await _bot.CareerProfiles.FindAsync("tenant-1", "user1", CancellationToken.None));
    }
}
