using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Ownership;

/// <summary>The outcome of a change: the initiative as it now is, or why nothing changed.</summary>
public sealed record ChangeResult(Initiative? Initiative, string? Refusal)
{
    public bool Changed => Initiative is not null && Refusal is null;
}

/// <summary>
/// Changes owners, dates, checklist and stages. Every change is re-applied to a fresh copy when
/// someone else changed the initiative first, so two people ticking items at once both keep their tick.
/// </summary>
public sealed class HandoverService(IInitiativeStore store, TimeProvider clock)
{
    private const int Attempts = 5;

    public Task<ChangeResult> AssignOwnerAsync(ChatContext context, Guid id, OwnerRole role, UserRef person, CancellationToken cancellationToken) =>
        ChangeAsync(context.TenantId, id, current =>
        {
            if (role == OwnerRole.Project) return (current with { ProjectOwner = person }, null);
            if (!current.NeedsHandover && current.Stage != InitiativeStage.InOperations)
                return (current with { OperationsOwner = new OwnerAssignment(person, OwnerResponse.Accepted, context.User, clock.GetUtcNow(), clock.GetUtcNow()) }, null);
            // Naming yourself needs no confirmation; anyone else is asked.
            var response = context.Is(person) ? OwnerResponse.Accepted : OwnerResponse.Pending;
            var now = clock.GetUtcNow();
            return (current with { OperationsOwner = new OwnerAssignment(person, response, context.User, now, response == OwnerResponse.Accepted ? now : null) }, null);
        }, cancellationToken);

    public Task<ChangeResult> RespondAsync(ChatContext context, Guid id, bool accept, CancellationToken cancellationToken) =>
        ChangeAsync(context.TenantId, id, current =>
        {
            if (current.OperationsOwner is not { } owner || !context.Is(owner.Person))
                return (null, $"Only the person named as operations owner of “{current.Name}” can answer that.");
            var response = accept ? OwnerResponse.Accepted : OwnerResponse.Declined;
            if (owner.Response == response) return (null, accept ? $"You've already accepted “{current.Name}”." : $"You've already declined “{current.Name}”.");
            return (current with { OperationsOwner = owner with { Response = response, RespondedAt = clock.GetUtcNow() } }, null);
        }, cancellationToken);

    /// <summary>Ticks an item, or unticks it when it is already ticked.</summary>
    public Task<ChangeResult> ToggleItemAsync(ChatContext context, Guid id, ReadinessItem item, CancellationToken cancellationToken) =>
        ChangeAsync(context.TenantId, id, current =>
        {
            if (item == ReadinessItem.OperationsOwnerAccepted)
                return (null, "That item ticks itself when the operations owner accepts.");
            var ticked = current.Checklist.Any(t => t.Item == item);
            var checklist = ticked
                ? current.Checklist.Where(t => t.Item != item).ToList()
                : current.Checklist.Append(new ChecklistTick(item, context.User, clock.GetUtcNow())).ToList();
            return (current with { Checklist = checklist }, null);
        }, cancellationToken);

    public Task<ChangeResult> SetHandoverDateAsync(ChatContext context, Guid id, DateOnly date, CancellationToken cancellationToken) =>
        ChangeAsync(context.TenantId, id, current => (current with { HandoverDate = date }, null), cancellationToken);

    public Task<ChangeResult> MoveStageAsync(ChatContext context, Guid id, InitiativeStage to, CancellationToken cancellationToken) =>
        ChangeAsync(context.TenantId, id, current =>
        {
            if (StageRules.WhyNot(current, to) is { } refusal) return (null, refusal);
            var change = new StageChange(current.Stage, to, context.User, clock.GetUtcNow());
            return (current with { Stage = to, StageHistory = current.StageHistory.Append(change).ToList() }, null);
        }, cancellationToken);

    /// <summary>Operations raise projects too: a linked improvement project, owned by whoever raised it.</summary>
    public async Task<ChangeResult> RaiseImprovementAsync(ChatContext context, Initiative parent, string name, CancellationToken cancellationToken)
    {
        if (parent.Stage == InitiativeStage.Retired) return new ChangeResult(parent, $"“{parent.Name}” is retired.");
        var now = clock.GetUtcNow();
        var project = new Initiative
        {
            Id = Guid.NewGuid(),
            TenantId = context.TenantId,
            TeamId = context.TeamId,
            ChannelId = context.ChannelId,
            ConversationId = context.ConversationId,
            Name = name,
            Description = $"Improvement project raised from “{parent.Name}”.",
            CreatedBy = context.User,
            Decision = Decision.Project,
            Confidence = 1.0,
            IsMixed = false,
            Signals = [new DimensionSignal(Dimension.Nature, Leaning.Project, SignalSource.Answer, $"raised as an improvement project of “{parent.Name}”")],
            CreatedAt = now,
            DecidedAt = now,
            ProjectOwner = context.User,
            // The operations owner of the parent will run the improved process.
            OperationsOwner = parent.OperationsOwner is { } owner ? owner with { AssignedAt = now, AssignedBy = context.User } : null,
            ParentId = parent.Id,
        };
        await store.SaveAsync(project, cancellationToken);
        return new ChangeResult(project, null);
    }

    private async Task<ChangeResult> ChangeAsync(string tenantId, Guid id, Func<Initiative, (Initiative? Updated, string? Refusal)> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await store.FindAsync(tenantId, id, cancellationToken);
            if (current is null) return new ChangeResult(null, "I can't find that initiative any more.");
            var (updated, refusal) = change(current);
            if (refusal is not null || updated is null) return new ChangeResult(current, refusal);
            if (await store.UpdateAsync(updated, current.Version, cancellationToken))
                return new ChangeResult(updated with { Version = current.Version + 1 }, null);
        }

        throw new TimeoutException($"Initiative {id} kept changing under {Attempts} attempts to update it.");
    }
}
