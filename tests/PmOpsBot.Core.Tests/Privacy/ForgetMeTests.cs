using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Privacy;

namespace PmOpsBot.Core.Tests.Privacy;

public sealed class ForgetMeTests
{
    private static readonly UserRef Ana = new("ana", "Ana");
    private static readonly UserRef Bo = new("bo", "Bo");
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("forget me")]
    [InlineData("Forget me!")]
    [InlineData("delete my data")]
    [InlineData("forget my data")]
    [InlineData("/forget me")]
    public void The_privacy_phrases_are_the_forget_me_command(string text) =>
        Assert.Equal(ChatCommand.ForgetMe, CommandParser.Parse(UserInput.Typed(text)));

    [Theory]
    [InlineData("forget me not: a flower shop rollout")]
    [InlineData("delete my data from the old CRM after the migration")]
    public void A_description_that_merely_contains_the_words_is_not_the_command(string text) =>
        Assert.Equal(ChatCommand.None, CommandParser.Parse(UserInput.Typed(text)));

    private static Initiative Project(UserRef creator) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t1",
        ChannelId = "msteams",
        ConversationId = "c1",
        Name = "CRM rollout",
        CreatedBy = creator,
        Decision = Decision.Project,
        Confidence = 0.9,
        IsMixed = false,
        CreatedAt = At,
        DecidedAt = At,
        ProjectOwner = creator,
    };

    [Fact]
    public void Every_reference_becomes_the_former_member_and_the_vacated_roles_are_named()
    {
        var former = FormerMember.New();
        var initiative = Project(Ana) with
        {
            OperationsOwner = new OwnerAssignment(Bo, OwnerResponse.Pending, Ana, At),
            Checklist = [new ChecklistTick(ReadinessItem.RunbookWritten, Ana, At), new ChecklistTick(ReadinessItem.KpisAndMonitoring, Bo, At)],
            StageHistory = [new StageChange(InitiativeStage.Proposed, InitiativeStage.InProject, Ana, At)],
        };

        var (updated, roles) = ForgetMeService.Without(initiative, Ana.Id, former);

        Assert.Equal(VacatedRoles.ProjectOwner, roles);
        Assert.False(ForgetMeService.Names(updated, Ana.Id));
        Assert.Equal(former, updated.ProjectOwner);
        Assert.Equal(former, updated.CreatedBy);
        Assert.Equal(Bo, updated.OperationsOwner!.Person);
        Assert.Equal(former, updated.OperationsOwner.AssignedBy);
        Assert.Equal([former, Bo], updated.Checklist.Select(t => t.By));
        Assert.Equal(former, updated.StageHistory.Single().By);
        Assert.Equal(PmOpsBot.Core.Ownership.OwnershipAnswer.OwnerLeft, PmOpsBot.Core.Ownership.OwnershipAnswer.Project(updated));
    }

    [Fact]
    public void An_operations_owner_is_cleared_and_a_creator_without_owners_is_flagged()
    {
        var former = FormerMember.New();
        var run = Project(Bo) with { OperationsOwner = new OwnerAssignment(Ana, OwnerResponse.Accepted, Bo, At, At) };
        var declined = Project(Bo) with { OperationsOwner = new OwnerAssignment(Ana, OwnerResponse.Declined, Bo, At, At) };
        var operations = Project(Ana) with { Decision = Decision.Operations, ProjectOwner = null };

        var (runUpdated, runRoles) = ForgetMeService.Without(run, Ana.Id, former);
        var (_, declinedRoles) = ForgetMeService.Without(declined, Ana.Id, former);
        var (opsUpdated, opsRoles) = ForgetMeService.Without(operations, Ana.Id, former);

        Assert.Null(runUpdated.OperationsOwner);
        Assert.Equal(VacatedRoles.OperationsOwner, runRoles);
        Assert.Equal(VacatedRoles.None, declinedRoles);
        Assert.Equal(VacatedRoles.Creator, opsRoles);
        Assert.Equal(PmOpsBot.Core.Ownership.OwnershipAnswer.OwnerLeft, PmOpsBot.Core.Ownership.OwnershipAnswer.Operations(opsUpdated));
    }

    [Fact]
    public void Former_members_are_never_mentioned_or_messaged()
    {
        var former = FormerMember.New();
        Assert.NotEqual(former.Id, FormerMember.New().Id);
        Assert.False(PmOpsBot.Core.CheckIns.CheckInOwners.CanBeMessaged(former));
        var line = PmOpsBot.Core.Digest.DigestInitiative.Of(Project(former));
        Assert.Empty(line.Owners);
    }
}
