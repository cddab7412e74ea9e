using System.Globalization;
using PmOpsBot.Core.Conversation;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Ownership;

/// <summary>
/// Answers ownership questions and carries out handover commands and buttons. Every lookup is
/// scoped to the tenant of the person asking.
/// </summary>
public sealed class OwnershipFlow(IInitiativeStore store, HandoverService handovers, TimeProvider clock, PmOpsBot.Core.CheckIns.ICheckInStore? checkIns = null)
{
    public const int ListLimit = 25;
    private const int CandidateLimit = 200;

    public static readonly IReadOnlySet<string> ButtonActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "handover-show", "handover-tick", "handover-stage", "handover-date", "handover-owners", "handover-accept", "handover-decline", "pick",
    };

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public OwnershipRequest? Read(UserInput input) => OwnershipRequestParser.Parse(input.Text, input.Mentions, Today);

    public async Task<IReadOnlyList<Reply>> HandleAsync(ChatState state, ChatContext context, OwnershipRequest request, string requestText, Guid? chosen, CancellationToken cancellationToken) =>
        await WithLastStatusAsync(context, await AnswerAsync(state, context, request, requestText, chosen, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<Reply>> HandleButtonAsync(ChatState state, ChatContext context, UserInput input, CancellationToken cancellationToken) =>
        await WithLastStatusAsync(context, await PressAsync(state, context, input, cancellationToken), cancellationToken);

    /// <summary>Handover cards show the latest status an owner reported.</summary>
    private async Task<IReadOnlyList<Reply>> WithLastStatusAsync(ChatContext context, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
    {
        if (checkIns is null || !replies.Any(r => r is Reply.HandoverCard)) return replies;
        var enriched = new List<Reply>(replies.Count);
        foreach (var reply in replies)
        {
            enriched.Add(reply is Reply.HandoverCard card
                ? card with { LastStatus = await checkIns.FindLatestAsync(context.TenantId, card.Initiative.Id, cancellationToken) }
                : reply);
        }

        return enriched;
    }

    private async Task<IReadOnlyList<Reply>> AnswerAsync(ChatState state, ChatContext context, OwnershipRequest request, string requestText, Guid? chosen, CancellationToken cancellationToken)
    {
        state.PendingRequestText = null;
        state.PendingChoices.Clear();
        switch (request)
        {
            case OwnershipRequest.HandoversDue due:
                var items = await store.ListHandoversDueAsync(context.TenantId, due.From, due.To, ListLimit, cancellationToken);
                return [new Reply.InitiativeList($"Handovers due {due.PeriodName}", items, $"No handovers are due {due.PeriodName}.")];
            case OwnershipRequest.MyInitiatives:
                // Owners named by @mention may be stored under their channel id rather than their directory id.
                var mine = (await store.ListInvolvingAsync(context.TenantId, context.User.Id, ListLimit, cancellationToken))
                    .Concat(context.ChannelAccountId is { } other ? await store.ListInvolvingAsync(context.TenantId, other, ListLimit, cancellationToken) : [])
                    .DistinctBy(i => i.Id).OrderByDescending(i => i.DecidedAt).Take(ListLimit).ToList();
                return [new Reply.InitiativeList("Your initiatives", mine, "You don't own or deliver any initiatives yet. Say “new initiative” to start one.")];
            case OwnershipRequest.WithoutOperationsOwner:
                var orphans = await store.ListWithoutOperationsOwnerAsync(context.TenantId, ListLimit, cancellationToken);
                return [new Reply.InitiativeList("Projects without an operations owner", orphans, "Every project has an operations owner.")];
        }

        var name = NameIn(request);
        Initiative initiative;
        if (chosen is { } id)
        {
            var found = await store.FindAsync(context.TenantId, id, cancellationToken);
            if (found is null) return [new Reply.Text("I can't find that initiative any more.")];
            initiative = found;
        }
        else
        {
            var matches = await MatchAsync(context, name, cancellationToken);
            if (matches.Count == 0) return [new Reply.NoSuchInitiative(name)];
            if (matches.Count > 1)
            {
                state.PendingRequestText = requestText;
                state.PendingChoices = matches.Select(m => m.Id).ToList();
                return [new Reply.ChooseInitiative($"Several initiatives match “{name}”. Which one do you mean?", matches)];
            }

            initiative = matches[0];
        }

        return await ActOnAsync(context, request, initiative, cancellationToken);
    }

    /// <summary>A typed answer ("2" or a name) to "which one do you mean?"; null when it isn't one.</summary>
    public Guid? ReadChoice(ChatState state, string? text)
    {
        if (state.PendingRequestText is null || string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= state.PendingChoices.Count)
            return state.PendingChoices[number - 1];
        return null;
    }

    private async Task<IReadOnlyList<Reply>> PressAsync(ChatState state, ChatContext context, UserInput input, CancellationToken cancellationToken)
    {
        if (input.InitiativeId is not { } id) return [new Reply.Text("That button didn't say which initiative it is about. Please ask again, for example “handover CRM rollout”.")];

        if (input.Action == "pick")
        {
            var text = state.PendingRequestText;
            var request = text is null ? null : OwnershipRequestParser.Parse(text, [], Today);
            return request is null
                ? await ShowAsync(context, id, cancellationToken)
                : await AnswerAsync(state, context, request, text!, id, cancellationToken);
        }

        switch (input.Action)
        {
            case "handover-show":
                return await ShowAsync(context, id, cancellationToken);
            case "handover-tick":
                if (!Enum.TryParse<ReadinessItem>(input.Choice, ignoreCase: false, out var item) || !Enum.IsDefined(item))
                    return [new Reply.Text("I don't know that checklist item.")];
                return Updated(await handovers.ToggleItemAsync(context, id, item, cancellationToken), inPlace: true);
            case "handover-stage":
                if (!Enum.TryParse<InitiativeStage>(input.Choice, ignoreCase: false, out var stage) || !Enum.IsDefined(stage))
                    return [new Reply.Text("I don't know that stage.")];
                var moved = await handovers.MoveStageAsync(context, id, stage, cancellationToken);
                return moved.Changed ? Updated(moved, inPlace: true) : Refused(moved);
            case "handover-date":
                var raw = input.Field("date");
                var date = raw is null ? null : OwnershipRequestParser.ParseDate(raw, Today);
                if (date is null) return [new Reply.Text("Please pick a date, or type it like “2027-03-01” or “1 March 2027”.")];
                return Updated(await handovers.SetHandoverDateAsync(context, id, date.Value, cancellationToken), inPlace: true);
            case "handover-owners":
                return await AssignFromCardAsync(context, id, input, cancellationToken);
            case "handover-accept":
            case "handover-decline":
                return await RespondAsync(context, id, input.Action == "handover-accept", cancellationToken);
            default:
                return [new Reply.Text("I don't know that button.")];
        }
    }

    private async Task<IReadOnlyList<Reply>> ActOnAsync(ChatContext context, OwnershipRequest request, Initiative initiative, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case OwnershipRequest.WhoOwns who:
                return [new Reply.Text(OwnershipAnswer.Describe(initiative, who.Role)), Card(initiative)];
            case OwnershipRequest.ShowHandover:
                return [Card(initiative)];
            case OwnershipRequest.AssignOwner assign:
                var person = assign.Person ?? TypedPerson(assign.TypedPerson);
                if (person is null) return [new Reply.Text("Who should it be? @mention them, for example “ops owner of CRM rollout is @Jane”.")];
                return await AssignAsync(context, initiative.Id, assign.Role, person, cancellationToken);
            case OwnershipRequest.SetHandoverDate setDate:
                if (setDate.Date is not { } date)
                    return [new Reply.Text($"I couldn't read “{setDate.RawDate}” as a date. Try “2027-03-01” or “1 March 2027”.")];
                var dated = await handovers.SetHandoverDateAsync(context, initiative.Id, date, cancellationToken);
                return dated.Changed ? [new Reply.Text($"The handover date of “{initiative.Name}” is now {OwnershipAnswer.Date(date)}."), Card(dated.Initiative!)] : Refused(dated);
            case OwnershipRequest.MoveStage move:
                var moved = await handovers.MoveStageAsync(context, initiative.Id, move.Stage, cancellationToken);
                return moved.Changed ? [new Reply.Text($"“{initiative.Name}” is now {StageRules.NameOf(move.Stage)}."), Card(moved.Initiative!)] : Refused(moved);
            case OwnershipRequest.RaiseImprovement raise:
                if (initiative.NeedsHandover && initiative.Stage != InitiativeStage.InOperations)
                    return [new Reply.Text($"Improvement projects are raised from operations, and “{initiative.Name}” is still a project. Once it is in operations, raise one from it.")];
                if (raise.NewName.Length is 0 or > 80) return [new Reply.Text("Give the improvement project a short name, for example “improvement project for Payroll: automate payslips”.")];
                var raised = await handovers.RaiseImprovementAsync(context, initiative, raise.NewName, cancellationToken);
                return raised.Changed
                    ? [new Reply.Text($"Raised the improvement project “{raise.NewName}” from “{initiative.Name}”. You're its project owner."), Card(raised.Initiative!)]
                    : Refused(raised);
            default:
                return [Card(initiative)];
        }
    }

    private async Task<IReadOnlyList<Reply>> AssignFromCardAsync(ChatContext context, Guid id, UserInput input, CancellationToken cancellationToken)
    {
        var replies = new List<Reply>();
        if (TypedPerson(input.Field("projectOwner")) is { } projectOwner)
            replies.AddRange(await AssignAsync(context, id, OwnerRole.Project, projectOwner, cancellationToken));
        if (TypedPerson(input.Field("opsOwner")) is { } opsOwner)
            replies.AddRange(await AssignAsync(context, id, OwnerRole.Operations, opsOwner, cancellationToken));
        return replies.Count > 0 ? replies : [new Reply.Text("Type a name in at least one of the boxes, or @mention someone: “ops owner of CRM rollout is @Jane”.")];
    }

    private async Task<IReadOnlyList<Reply>> AssignAsync(ChatContext context, Guid id, OwnerRole role, UserRef person, CancellationToken cancellationToken)
    {
        var result = await handovers.AssignOwnerAsync(context, id, role, person, cancellationToken);
        if (!result.Changed) return Refused(result);
        var initiative = result.Initiative!;
        var roleName = role == OwnerRole.Project ? "project owner" : "operations owner";
        var replies = new List<Reply>();
        if (role == OwnerRole.Operations && initiative.OperationsOwner?.Response == OwnerResponse.Pending)
        {
            var reachable = !IsTypedName(person);
            replies.Add(new Reply.Text(reachable
                ? $"{person.Name} is now the {roleName} of “{initiative.Name}”. I've asked them to accept."
                : $"{person.Name} is now the {roleName} of “{initiative.Name}”. I can't message a typed name: @mention them so they can accept."));
            if (reachable)
                replies.Add(new Reply.DirectMessage(person, new Reply.OwnerRequest(initiative, context.User),
                    $"I couldn't message {person.Name} directly. Ask them to open a chat with me, then assign them again."));
        }
        else
        {
            replies.Add(new Reply.Text($"{person.Name} is now the {roleName} of “{initiative.Name}”."));
        }

        replies.Add(Card(initiative));
        return replies;
    }

    private async Task<IReadOnlyList<Reply>> RespondAsync(ChatContext context, Guid id, bool accept, CancellationToken cancellationToken)
    {
        var result = await handovers.RespondAsync(context, id, accept, cancellationToken);
        if (!result.Changed) return Refused(result);
        var initiative = result.Initiative!;
        var owner = initiative.OperationsOwner!;
        var replies = new List<Reply>
        {
            new Reply.Text(accept
                ? $"Thanks! You're the operations owner of “{initiative.Name}”."
                : $"Understood: you've declined “{initiative.Name}”. I'll let {owner.AssignedBy.Name} know."),
            Card(initiative),
        };
        if (!context.Is(owner.AssignedBy))
        {
            var news = accept
                ? $"{owner.Person.Name} accepted to run “{initiative.Name}” after launch."
                : $"{owner.Person.Name} declined to run “{initiative.Name}” after launch. Name someone else: “ops owner of {initiative.Name} is @name”.";
            replies.Add(new Reply.DirectMessage(owner.AssignedBy, new Reply.Text(news), $"I couldn't tell {owner.AssignedBy.Name} directly."));
        }

        return replies;
    }

    private async Task<IReadOnlyList<Reply>> ShowAsync(ChatContext context, Guid id, CancellationToken cancellationToken)
    {
        var initiative = await store.FindAsync(context.TenantId, id, cancellationToken);
        return initiative is null ? [new Reply.Text("I can't find that initiative.")] : [Card(initiative)];
    }

    private async Task<IReadOnlyList<Initiative>> MatchAsync(ChatContext context, string name, CancellationToken cancellationToken)
    {
        var prefixes = NameWords.PrefixesOf(name);
        if (prefixes.Count == 0) return [];
        var candidates = await store.FindByNameWordsAsync(context.TenantId, prefixes, CandidateLimit, cancellationToken);
        var best = InitiativeNameMatcher.Best(name, candidates);
        var loaded = new List<Initiative>(best.Count);
        foreach (var match in best)
            if (await store.FindAsync(context.TenantId, match.Id, cancellationToken) is { } initiative) loaded.Add(initiative);
        return loaded;
    }

    private static string NameIn(OwnershipRequest request) => request switch
    {
        OwnershipRequest.WhoOwns r => r.Name,
        OwnershipRequest.ShowHandover r => r.Name,
        OwnershipRequest.AssignOwner r => r.Name,
        OwnershipRequest.SetHandoverDate r => r.Name,
        OwnershipRequest.MoveStage r => r.Name,
        OwnershipRequest.RaiseImprovement r => r.ParentName,
        _ => "",
    };

    /// <summary>A person known only by a typed name; the id marks it so nobody can impersonate them by id.</summary>
    private static UserRef? TypedPerson(string? name)
    {
        var clean = name?.Trim().TrimStart('@').Trim();
        if (string.IsNullOrEmpty(clean) || clean.Length > 80) return null;
        return new UserRef($"typed:{clean.ToLowerInvariant()}", clean);
    }

    private static bool IsTypedName(UserRef person) => person.Id.StartsWith("typed:", StringComparison.Ordinal);

    private static Reply.HandoverCard Card(Initiative initiative, bool inPlace = false) => new(initiative, ReadinessChecklist.Of(initiative), inPlace);

    private static IReadOnlyList<Reply> Updated(ChangeResult result, bool inPlace) =>
        result.Initiative is null ? [new Reply.Text(result.Refusal ?? "Nothing changed.")]
        : result.Refusal is not null ? [new Reply.Text(result.Refusal)]
        : [Card(result.Initiative, inPlace)];

    private static IReadOnlyList<Reply> Refused(ChangeResult result) => [new Reply.Text(result.Refusal ?? "Nothing changed.")];
}
