using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.CheckIns;
using PmOpsBot.Core.Delivery;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Privacy;

/// <summary>Roles of an initiative a forgotten person leaves empty.</summary>
[Flags]
public enum VacatedRoles
{
    None = 0,

    /// <summary>They delivered it: the project owner is now <see cref="FormerMember"/>, shown as “owner left: needs a new owner”.</summary>
    ProjectOwner = 1,

    /// <summary>They were to run it (or ran it): the operations owner is cleared, so a project shows up as launching without one.</summary>
    OperationsOwner = 2,

    /// <summary>They created it and nobody else owns it.</summary>
    Creator = 4,
}

/// <summary>An initiative that needs a new owner now, as it is stored after the person was forgotten.</summary>
public sealed record VacatedInitiative(Initiative Initiative, VacatedRoles Roles);

/// <summary>What “forget me” did.</summary>
public sealed record ForgetResult(bool CareerAnswersDeleted, int OpenInterviewsDeleted, int StatusAnswersAnonymised, int InitiativesAnonymised, IReadOnlyList<VacatedInitiative> NeedNewOwner, int PendingMessagesDeleted = 0);

/// <summary>
/// Deletes what the bot keeps about one person in one tenant (career-fit answers, open interviews, check-in pause,
/// private messages still waiting to be delivered to them)
/// and takes their name off everything that stays: initiatives they created, own or touched are rewritten with
/// <see cref="FormerMember"/> (and, where they owned one, flagged as needing a new owner), and their check-in
/// answers stay in the status history as “a former member”. Nothing of another tenant is read or changed.
/// </summary>
public sealed class ForgetMeService(ICareerProfileStore careers, IInterviewLog interviews, ICheckInStore checkIns, IInitiativeStore initiatives, IPendingMessageStore pendingMessages)
{
    /// <summary>Initiatives rewritten per query; the query runs again until none names the person.</summary>
    public const int Batch = 200;

    private const int MaxRounds = 50;
    private const int Attempts = 5;

    public async Task<ForgetResult> ForgetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var former = FormerMember.New();

        var careerDeleted = await careers.DeleteAsync(tenantId, userId, cancellationToken);
        var interviewsDeleted = await interviews.RemoveAllForUserAsync(tenantId, userId, cancellationToken);
        await checkIns.ClearPauseAsync(tenantId, userId, cancellationToken);
        var answers = await checkIns.AnonymiseAuthorAsync(tenantId, userId, former, cancellationToken);
        var pendingDeleted = await pendingMessages.DeleteForRecipientAsync(tenantId, userId, cancellationToken);

        var vacated = new Dictionary<Guid, VacatedInitiative>();
        var rewritten = new HashSet<Guid>();
        for (var round = 0; round < MaxRounds; round++)
        {
            var batch = await initiatives.ListMentioningAsync(tenantId, userId, Batch, cancellationToken);
            var progress = false;
            foreach (var found in batch.Where(i => i.TenantId == tenantId))
            {
                if (await RewriteAsync(found, userId, former, cancellationToken) is not { } done) continue;
                progress = true;
                rewritten.Add(done.Initiative.Id);
                if (done.Roles != VacatedRoles.None) vacated[done.Initiative.Id] = done;
            }

            if (batch.Count < Batch || !progress) break;
        }

        return new ForgetResult(careerDeleted, interviewsDeleted, answers, rewritten.Count,
            vacated.Values.OrderBy(v => v.Initiative.Name, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.Initiative.Id).ToList(), pendingDeleted);
    }

    /// <summary>
    /// The initiative without the person: every reference to them becomes <paramref name="former"/>, except the
    /// operations owner, which is cleared (nobody runs it now). Which roles that left empty comes with it.
    /// </summary>
    public static VacatedInitiative Without(Initiative initiative, string userId, UserRef former)
    {
        ArgumentNullException.ThrowIfNull(initiative);
        UserRef Swap(UserRef person) => person.Id == userId ? former : person;
        var roles = VacatedRoles.None;

        var projectOwner = initiative.ProjectOwner;
        if (projectOwner?.Id == userId)
        {
            projectOwner = former;
            roles |= VacatedRoles.ProjectOwner;
        }

        var operations = initiative.OperationsOwner;
        if (operations?.Person.Id == userId)
        {
            if (operations.Response != OwnerResponse.Declined) roles |= VacatedRoles.OperationsOwner;
            operations = null;
        }
        else if (operations is not null)
        {
            operations = operations with { AssignedBy = Swap(operations.AssignedBy) };
        }

        if (initiative.CreatedBy.Id == userId && projectOwner is null && operations is null or { Response: OwnerResponse.Declined })
            roles |= VacatedRoles.Creator;

        var updated = initiative with
        {
            CreatedBy = Swap(initiative.CreatedBy),
            ProjectOwner = projectOwner,
            OperationsOwner = operations,
            Checklist = initiative.Checklist.Select(t => t with { By = Swap(t.By) }).ToList(),
            StageHistory = initiative.StageHistory.Select(c => c with { By = Swap(c.By) }).ToList(),
        };
        return new VacatedInitiative(updated, roles);
    }

    /// <summary>True when the initiative still names the person anywhere.</summary>
    public static bool Names(Initiative initiative, string userId) =>
        initiative.CreatedBy.Id == userId
        || initiative.ProjectOwner?.Id == userId
        || initiative.OperationsOwner?.Person.Id == userId
        || initiative.OperationsOwner?.AssignedBy.Id == userId
        || initiative.Checklist.Any(t => t.By.Id == userId)
        || initiative.StageHistory.Any(c => c.By.Id == userId);

    /// <summary>Stores the initiative without the person (compare-and-swap, re-applied to a fresh copy when it changed meanwhile); null when it no longer names them.</summary>
    private async Task<VacatedInitiative?> RewriteAsync(Initiative found, string userId, UserRef former, CancellationToken cancellationToken)
    {
        var current = found;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (!Names(current, userId)) return null;
            var result = Without(current, userId, former);
            if (await initiatives.UpdateAsync(result.Initiative, current.Version, cancellationToken))
                return result with { Initiative = result.Initiative with { Version = current.Version + 1 } };
            if (await initiatives.FindAsync(current.TenantId, current.Id, cancellationToken) is not { } fresh) return null;
            current = fresh;
        }

        throw new TimeoutException($"Initiative {found.Id} kept changing under {Attempts} attempts to remove a person from it.");
    }
}
