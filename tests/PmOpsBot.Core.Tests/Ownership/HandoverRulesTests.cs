using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Tests.Ownership;

public sealed class HandoverRulesTests
{
    private static readonly UserRef Pat = new("pat", "Pat");

    private static Initiative Project(InitiativeStage stage = InitiativeStage.Proposed, OwnerResponse? owner = null, Decision decision = Decision.Project) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t",
        ChannelId = "msteams",
        ConversationId = "c",
        Name = "CRM rollout",
        CreatedBy = Pat,
        Decision = decision,
        Confidence = 0.8,
        IsMixed = false,
        Stage = stage,
        OperationsOwner = owner is { } r ? new OwnerAssignment(new UserRef("olu", "Olu"), r, Pat, DateTimeOffset.UnixEpoch) : null,
        CreatedAt = DateTimeOffset.UnixEpoch,
        DecidedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Nothing_ticked_means_every_item_open_and_every_risk_named()
    {
        var readiness = ReadinessChecklist.Of(Project());

        Assert.Equal(7, readiness.Open.Count);
        Assert.Equal("0 of 7 ready", readiness.Summary);
        Assert.Equal(3, readiness.Risks.Count);
    }

    [Fact]
    public void The_owner_item_follows_the_owners_answer_not_ticks()
    {
        var ticked = Project(owner: OwnerResponse.Pending) with
        {
            Checklist = [new ChecklistTick(ReadinessItem.OperationsOwnerAccepted, Pat, DateTimeOffset.UnixEpoch)],
        };

        Assert.DoesNotContain(ReadinessChecklist.Of(ticked).Done, i => i.Item == ReadinessItem.OperationsOwnerAccepted);
        Assert.Contains(ReadinessChecklist.Of(Project(owner: OwnerResponse.Accepted)).Done, i => i.Item == ReadinessItem.OperationsOwnerAccepted);
    }

    [Fact]
    public void Everything_done_is_ready_with_no_risks()
    {
        var all = Project(owner: OwnerResponse.Accepted) with
        {
            Checklist = Enum.GetValues<ReadinessItem>().Skip(1).Select(i => new ChecklistTick(i, Pat, DateTimeOffset.UnixEpoch)).ToList(),
        };

        var readiness = ReadinessChecklist.Of(all);

        Assert.True(readiness.IsReady);
        Assert.Empty(readiness.Risks);
    }

    [Fact]
    public void Open_training_items_carry_the_adoption_risk()
    {
        var readiness = ReadinessChecklist.Of(Project(owner: OwnerResponse.Accepted) with
        {
            Checklist = new[] { ReadinessItem.RunbookWritten, ReadinessItem.KpisAndMonitoring, ReadinessItem.SupportAndEscalation, ReadinessItem.EarlyLifeSupport }
                .Select(i => new ChecklistTick(i, Pat, DateTimeOffset.UnixEpoch)).ToList(),
        });

        Assert.Equal([TransitionRisk.LackOfAdoption], readiness.Risks);
    }

    [Theory]
    [InlineData(InitiativeStage.Proposed, InitiativeStage.InProject, null)]
    [InlineData(InitiativeStage.InProject, InitiativeStage.HandingOver, OwnerResponse.Pending)]
    [InlineData(InitiativeStage.HandingOver, InitiativeStage.InOperations, OwnerResponse.Accepted)]
    [InlineData(InitiativeStage.HandingOver, InitiativeStage.InProject, OwnerResponse.Accepted)]
    [InlineData(InitiativeStage.InOperations, InitiativeStage.Retired, OwnerResponse.Accepted)]
    [InlineData(InitiativeStage.InProject, InitiativeStage.Retired, null)]
    public void Allowed_moves(InitiativeStage from, InitiativeStage to, OwnerResponse? owner) =>
        Assert.Null(StageRules.WhyNot(Project(from, owner), to));

    [Theory]
    [InlineData(InitiativeStage.Proposed, InitiativeStage.InOperations, null, "goes through")]
    [InlineData(InitiativeStage.Proposed, InitiativeStage.HandingOver, null, "can't go from proposed to handing over")]
    [InlineData(InitiativeStage.InProject, InitiativeStage.HandingOver, null, "Name an operations owner")]
    [InlineData(InitiativeStage.InProject, InitiativeStage.HandingOver, OwnerResponse.Declined, "Name an operations owner")]
    [InlineData(InitiativeStage.HandingOver, InitiativeStage.InOperations, OwnerResponse.Pending, "hasn't accepted")]
    [InlineData(InitiativeStage.Retired, InitiativeStage.InProject, null, "retired")]
    [InlineData(InitiativeStage.InProject, InitiativeStage.InProject, null, "already in project")]
    public void Refused_moves_say_why(InitiativeStage from, InitiativeStage to, OwnerResponse? owner, string reason) =>
        Assert.Contains(reason, StageRules.WhyNot(Project(from, owner), to), StringComparison.Ordinal);

    [Fact]
    public void Operations_go_straight_into_operations_and_not_into_project()
    {
        var payroll = Project(decision: Decision.Operations);

        Assert.Null(StageRules.WhyNot(payroll, InitiativeStage.InOperations));
        Assert.NotNull(StageRules.WhyNot(payroll, InitiativeStage.InProject));
        Assert.Equal(InitiativeStage.InOperations, StageRules.NextOf(payroll));
    }
}
