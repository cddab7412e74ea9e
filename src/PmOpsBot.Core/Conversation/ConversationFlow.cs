using PmOpsBot.Core.CareerFit;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Interview;
using PmOpsBot.Core.Ownership;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.Core.Conversation;

/// <summary>
/// Decides what the bot says to one message: commands first (they work at any step), then the
/// open interview, then a description sent out of the blue. Channel-free: it reads a
/// <see cref="UserInput"/> and <see cref="ChatState"/> and returns <see cref="Reply"/> values.
/// A language model (<see cref="ILanguageUnderstanding"/>), when configured, only helps: it adds inferred
/// signals the person still confirms, maps unrecognised text to one of the bot's own commands, and explains a
/// decision already made. Without it (or when it answers nothing) every reply is the rule-based one.
/// </summary>
public sealed class ConversationFlow(
    InterviewEngine interview,
    InitiativeClassifier classifier,
    TextSignalExtractor extractor,
    IInitiativeStore initiatives,
    OwnershipFlow ownership,
    CareerFlow career,
    IInterviewLog openInterviews,
    DigestConversation digests,
    PmOpsBot.Core.CheckIns.CheckInFlow checkIns,
    PmOpsBot.Core.Privacy.ForgetMeService forgetMe,
    TimeProvider clock,
    ILanguageUnderstanding? understanding = null)
{
    /// <summary>A rationale is a line or two under the decision, never an essay.</summary>
    public const int MaxRationaleLength = 400;

    private readonly ILanguageUnderstanding _understanding = understanding ?? new NoLanguageUnderstanding();

    /// <summary>A message this long, with something to read in it, is taken as a description of new work.</summary>
    private const int MinWordsForDescription = 5;

    /// <summary>Greets a person once: on install, on being added, or on first contact.</summary>
    public IReadOnlyList<Reply> Welcome(ChatState state, ChatContext context)
    {
        if (state.Welcomed) return [];
        state.Welcomed = true;
        return [new Reply.Welcome(context.User.Name)];
    }

    /// <summary>The bot was added: a welcome, and in a team channel the offer of a daily digest (once).</summary>
    public IReadOnlyList<Reply> Installed(ChatState state, ChatContext context)
    {
        var welcome = Welcome(state, context);
        return welcome.Count > 0 && context.IsGroup && context.TeamId is not null ? [.. welcome, new Reply.DigestOffer()] : welcome;
    }

    public Task<IReadOnlyList<Reply>> HandleAsync(ChatState state, ChatContext context, UserInput input, CancellationToken cancellationToken) =>
        HandleTurnAsync(state, context, input, readIntent: true, cancellationToken);

    /// <summary>
    /// One message. <paramref name="readIntent"/> is false for the canonical text of a command a language model
    /// read, so that text is handled like typed text but never sent to the model again.
    /// </summary>
    private async Task<IReadOnlyList<Reply>> HandleTurnAsync(ChatState state, ChatContext context, UserInput input, bool readIntent, CancellationToken cancellationToken)
    {
        // "Forget me?" is answered by the very next message or not at all: whatever else comes first lets it lapse.
        var awaitingForget = state.AwaitingForgetConfirmation;
        state.AwaitingForgetConfirmation = false;

        if (input.Action is { } action && OwnershipFlow.ButtonActions.Contains(action))
        {
            state.Welcomed = true;
            return await ownership.HandleButtonAsync(state, context, input, cancellationToken);
        }

        if (CareerFlow.IsCareerButton(input))
        {
            state.Welcomed = true;
            return await career.HandleButtonAsync(state, context, input, cancellationToken);
        }

        if (DigestConversation.Read(input, context) is { } digestCommand)
        {
            state.Welcomed = true;
            var replies = (await digests.HandleAsync(context, digestCommand, cancellationToken)).ToList();
            if (state.Interview is { } open && !input.IsButton) replies.Add(Prompt(open));
            return replies;
        }

        var command = CommandParser.Parse(input);

        // Check-in answers come as buttons from the private prompt; typed ones ("snooze today", "I'm away
        // until 12 December", "status history of X") only when the message is not a command such as "back".
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var checkIn = input.IsButton
            ? (PmOpsBot.Core.CheckIns.CheckInActionReader.ButtonActions.Contains(input.Action!) ? PmOpsBot.Core.CheckIns.CheckInActionReader.Read(input, today) : null)
            : command == ChatCommand.None ? PmOpsBot.Core.CheckIns.CheckInActionReader.Parse(input.Text, today) : null;
        if (checkIn is not null)
        {
            state.Welcomed = true;
            var replies = (await checkIns.HandleAsync(context, checkIn, cancellationToken)).ToList();
            if (state.Interview is { } open && !input.IsButton) replies.Add(Prompt(open));
            return replies;
        }

        if (input.IsButton && PmOpsBot.Core.CheckIns.CheckInActionReader.ButtonActions.Contains(input.Action!))
            return [new Reply.Text("That check-in button is missing something I need. Please use the latest check-in card.")];

        // "forget me" works at any point, mid-interview or mid-career-check included; nothing is deleted before a yes.
        if (command == ChatCommand.ForgetMe)
        {
            state.Welcomed = true;
            state.AwaitingAbandonConfirmation = false;
            state.AwaitingForgetConfirmation = true;
            return [new Reply.ConfirmForget()];
        }

        if (awaitingForget || input.Action is Reply.ConfirmForget.ConfirmAction or Reply.ConfirmForget.CancelAction)
        {
            if (await ForgetAnswerAsync(state, context, input, command, awaitingForget, cancellationToken) is { } answered) return answered;
        }

        if (state.AwaitingAbandonConfirmation)
        {
            var answer = CommandParser.ParseYesNo(input);
            if (answer is not null || command != ChatCommand.None)
            {
                state.AwaitingAbandonConfirmation = false;
                if (answer == true) return await StartInterviewAsync(state, context, $"Dropped “{state.Interview?.Name}”. Let's start the new one.", cancellationToken);
                if (answer == false) return [new Reply.Text($"Fine, carrying on with “{state.Interview?.Name}”."), Prompt(state.Interview!)];
            }
            else
            {
                return [new Reply.Text("Please say “yes” to drop it or “no” to carry on."), new Reply.ConfirmAbandon(state.Interview?.Name ?? "")];
            }
        }

        var firstContact = !state.Welcomed && state.Interview is null && !input.IsButton && !LooksLikeDescription(input.Text);
        if (firstContact && (command == ChatCommand.Greeting || (command == ChatCommand.None && ownership.Read(input) is null)))
            return Welcome(state, context);
        state.Welcomed = true;

        // While a career check is open it gets the navigation commands and typed answers.
        if (state.Career is not null && state.AwaitingAbandonConfirmation is false)
        {
            switch (command)
            {
                case ChatCommand.Back: return career.Back(state);
                case ChatCommand.Skip: return await career.SkipAsync(state, context, cancellationToken);
                case ChatCommand.Cancel: return career.Cancel(state);
                case ChatCommand.Status: return [new Reply.Text("You're in the career check. Say “cancel” to stop it."), .. career.Current(state)];
                case ChatCommand.Help: return [new Reply.Help(true), .. career.Current(state)];
                case ChatCommand.None when !input.IsButton && ownership.Read(input) is null:
                    return await career.AnswerAsync(state, context, input.Text, cancellationToken);
            }
        }

        return command switch
        {
            ChatCommand.Greeting => state.Interview is { } current
                ? [new Reply.Text("Hi again! Here is where we are:"), Prompt(current)]
                : [new Reply.Welcome(context.User.Name)],
            ChatCommand.Help => state.Interview is { } open ? [new Reply.Help(true), Prompt(open)] : [new Reply.Help(false)],
            ChatCommand.NewInitiative => await NewInitiativeAsync(state, context, cancellationToken),
            ChatCommand.Restart => await StartInterviewAsync(state, context, state.Interview is { } open ? $"Starting over. “{open.Name ?? "The open interview"}” was dropped." : null, cancellationToken),
            ChatCommand.Back => WithInterview(state, s => interview.Back(s)),
            ChatCommand.Skip => await AdvanceAsync(state, context, s => interview.Skip(s), cancellationToken),
            ChatCommand.Cancel => await CancelAsync(state, cancellationToken),
            ChatCommand.Status => await StatusAsync(state, context, cancellationToken),
            ChatCommand.CareerFit => await career.StartAsync(state, context, cancellationToken),
            ChatCommand.Handover => await LatestHandoverAsync(state, context, cancellationToken),
            _ => await OwnershipOrAnswerAsync(state, context, input, readIntent, cancellationToken),
        };
    }

    /// <summary>
    /// The answer to “forget me?”. Only its own buttons or a typed yes/no (“cancel” is a no) answer it; any other
    /// command or button lets the question lapse and is handled as usual (null). A button of a question that is no
    /// longer open deletes nothing.
    /// </summary>
    private async Task<IReadOnlyList<Reply>?> ForgetAnswerAsync(ChatState state, ChatContext context, UserInput input, ChatCommand command, bool awaiting, CancellationToken cancellationToken)
    {
        bool? answer = input.Action switch
        {
            Reply.ConfirmForget.ConfirmAction => true,
            Reply.ConfirmForget.CancelAction => false,
            not null => null,
            null when command == ChatCommand.Cancel => false,
            null => CommandParser.ParseYesNo(input),
        };

        if (!awaiting)
            return [new Reply.Text("That question has expired, so nothing was deleted. Say “forget me” if you want your data deleted.")];

        if (answer is null)
        {
            if (input.IsButton || command != ChatCommand.None) return null;
            state.AwaitingForgetConfirmation = true;
            return [new Reply.Text("Please say “yes” to delete your data or “no” to keep it."), new Reply.ConfirmForget()];
        }

        if (answer == false)
        {
            var kept = new List<Reply> { new Reply.Text("Nothing was deleted.") };
            if (state.Interview is { } open) kept.Add(Prompt(open));
            else if (state.Career is not null) kept.AddRange(career.Current(state));
            return kept;
        }

        return await ForgetAsync(state, context, cancellationToken);
    }

    private async Task<IReadOnlyList<Reply>> ForgetAsync(ChatState state, ChatContext context, CancellationToken cancellationToken)
    {
        var result = await forgetMe.ForgetAsync(context.TenantId, context.User.Id, cancellationToken);

        // What this conversation remembered about the person; Welcomed stays, so the next message is not greeted again.
        state.Interview = null;
        state.Career = null;
        state.LastInitiativeId = null;
        state.PendingRequestText = null;
        state.PendingChoices = [];
        state.AwaitingAbandonConfirmation = false;

        var deleted = new List<string>();
        deleted.Add(result.OpenInterviewsDeleted switch { 0 => "no open interviews", 1 => "your open interview", var n => $"your {n} open interviews" });
        deleted.Add(result.CareerAnswersDeleted ? "your career-fit answers" : "no career-fit answers");
        var answers = result.StatusAnswersAnonymised switch
        {
            0 => "",
            1 => " Your one status answer stays in its initiative's history, signed “a former member”.",
            var n => $" Your {n} status answers stay in the initiatives' history, signed “a former member”.",
        };
        var replies = new List<Reply>
        {
            new Reply.Text($"Done: I deleted {string.Join(" and ", deleted)}, cleared your check-in pause and reset this conversation.{answers}"),
        };

        if (result.NeedNewOwner.Count == 0)
        {
            replies.Add(new Reply.Text(result.InitiativesAnonymised > 0
                ? "Your name is gone from the initiatives you worked on; you owned none, so none needs a new owner."
                : "You owned no initiatives, so none needs a new owner."));
            return replies;
        }

        var lines = result.NeedNewOwner.Select(v => $"“{v.Initiative.Name}” ({RolesText(v.Roles)})");
        replies.Add(new Reply.Text($"These initiatives stay, without your name, and now need a new owner: {string.Join("; ", lines)}. Anyone can name one on the handover card."));
        replies.Add(new Reply.InitiativeList("Initiatives that need a new owner", result.NeedNewOwner.Select(v => v.Initiative).ToList(), "None."));
        return replies;
    }

    private static string RolesText(PmOpsBot.Core.Privacy.VacatedRoles roles)
    {
        var names = new List<string>();
        if (roles.HasFlag(PmOpsBot.Core.Privacy.VacatedRoles.ProjectOwner)) names.Add("project owner");
        if (roles.HasFlag(PmOpsBot.Core.Privacy.VacatedRoles.OperationsOwner)) names.Add("operations owner");
        if (roles.HasFlag(PmOpsBot.Core.Privacy.VacatedRoles.Creator)) names.Add("owner");
        return string.Join(" and ", names.Distinct());
    }

    /// <summary>Ownership questions and handover commands work at any time; inside an interview the question is shown again afterwards.</summary>
    private async Task<IReadOnlyList<Reply>> OwnershipOrAnswerAsync(ChatState state, ChatContext context, UserInput input, bool readIntent, CancellationToken cancellationToken)
    {
        if (!input.IsButton && ownership.ReadChoice(state, input.Text) is { } chosen
            && OwnershipRequestParser.Parse(state.PendingRequestText, [], DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) is { } pending)
            return await ownership.HandleAsync(state, context, pending, state.PendingRequestText!, chosen, cancellationToken);

        if (!input.IsButton && ownership.Read(input) is { } request)
        {
            var replies = (await ownership.HandleAsync(state, context, request, input.Text!, null, cancellationToken)).ToList();

            // "who's running the CRM thing?": the question was read but no initiative has that name, so the
            // model may only say which initiative was meant; the question is then asked again by that name.
            if (replies is [Reply.NoSuchInitiative] && request is OwnershipRequest.WhoOwns or OwnershipRequest.ShowHandover
                && await IntentCommandAsync(state, input.Text, readIntent, kind => kind is IntentKind.WhoOwns or IntentKind.HandoverPlan or IntentKind.StatusHistory, cancellationToken) is { } meant)
                return await HandleTurnAsync(state, context, UserInput.Typed(meant), readIntent: false, cancellationToken);

            if (state.Interview is { } open) replies.Add(Prompt(open));
            return replies;
        }

        return await AnswerAsync(state, context, input, readIntent, cancellationToken);
    }

    private async Task<IReadOnlyList<Reply>> LatestHandoverAsync(ChatState state, ChatContext context, CancellationToken cancellationToken)
    {
        if (state.LastInitiativeId is { } id)
            return await ownership.HandleButtonAsync(state, context, new UserInput(null, "handover-show") { InitiativeId = id }, cancellationToken);
        return [new Reply.Text("Which initiative? Say for example “handover CRM rollout” or “who owns payroll?”.")];
    }

    private async Task<IReadOnlyList<Reply>> NewInitiativeAsync(ChatState state, ChatContext context, CancellationToken cancellationToken)
    {
        if (state.Interview is { } open && open.History.Count > 0)
        {
            state.AwaitingAbandonConfirmation = true;
            return [new Reply.ConfirmAbandon(open.Name ?? "the open interview")];
        }

        return await StartInterviewAsync(state, context, null, cancellationToken);
    }

    /// <summary>Keeps the digest's list of unfinished interviews current: written at the start and once the name is known.</summary>
    private Task LogOpenAsync(InterviewSession session, ChatContext context, CancellationToken cancellationToken) =>
        openInterviews.UpsertAsync(new OpenInterview(session.Id, context.TenantId, context.TeamId, context.ConversationId, context.User, session.Name, session.StartedAt, session.UpdatedAt), cancellationToken);

    private async Task<IReadOnlyList<Reply>> StartInterviewAsync(ChatState state, ChatContext context, string? note, CancellationToken cancellationToken)
    {
        if (state.Interview is { } dropped) await openInterviews.RemoveAsync(dropped.Id, cancellationToken);
        state.Interview = interview.Start();
        await LogOpenAsync(state.Interview, context, cancellationToken);
        state.Career = null;
        var replies = new List<Reply>();
        if (note is not null) replies.Add(new Reply.Text(note));
        replies.Add(Prompt(state.Interview));
        return replies;
    }

    private async Task<IReadOnlyList<Reply>> CancelAsync(ChatState state, CancellationToken cancellationToken)
    {
        if (state.Interview is not { } open) return [new Reply.Text("There's nothing to cancel. Say “new initiative” to start an interview.")];
        state.Interview = null;
        await openInterviews.RemoveAsync(open.Id, cancellationToken);
        var name = open.Name is null ? "The interview" : $"“{open.Name}”";
        return [new Reply.Text($"{name} is cancelled and nothing was saved. Say “new initiative” whenever you want to start again.")];
    }

    private async Task<IReadOnlyList<Reply>> StatusAsync(ChatState state, ChatContext context, CancellationToken cancellationToken)
    {
        if (state.Interview is { } open)
        {
            var where = open.Step switch
            {
                InterviewStep.Name => "at the start: I need a name for the initiative",
                InterviewStep.Description => $"describing “{open.Name}”",
                InterviewStep.ConfirmInferred => $"checking what I read from the description of “{open.Name}”",
                _ => QuestionStatus(open),
            };
            return [new Reply.Text($"You're {where}. Say “back” to change your last answer or “cancel” to stop."), Prompt(open)];
        }

        var recent = await initiatives.ListByCreatorAsync(context.TenantId, context.User.Id, 3, cancellationToken);
        if (recent.Count == 0) return [new Reply.Text("No interview is open and you haven't decided any initiatives yet. Say “new initiative” to start.")];
        var list = string.Join("; ", recent.Select(i => $"“{i.Name}”: {i.Decision.ToString().ToLowerInvariant()}"));
        return [new Reply.Text($"No interview is open. Your latest initiatives: {list}. Say “new initiative” to start another.")];
    }

    private string QuestionStatus(InterviewSession open)
    {
        var (number, total) = interview.Position(open);
        var topic = open.Current is { } d ? InterviewScript.TopicOf(d).ToLowerInvariant() : "the last question";
        return $"on question {number} of {total} ({topic}) for “{open.Name}”";
    }

    private async Task<IReadOnlyList<Reply>> AnswerAsync(ChatState state, ChatContext context, UserInput input, bool readIntent, CancellationToken cancellationToken)
    {
        if (state.Interview is not { } open)
        {
            // A message that reads like a description is one unless the model hears a different command in it
            // ("can you tell my team every morning what's due?" is a digest, not work to classify).
            var looksLikeDescription = LooksLikeDescription(input.Text);
            if (!input.IsButton
                && await IntentCommandAsync(state, input.Text, readIntent, kind => !looksLikeDescription || kind != IntentKind.NewInitiative, cancellationToken) is { } meant)
                return await HandleTurnAsync(state, context, UserInput.Typed(meant), readIntent: false, cancellationToken);

            if (looksLikeDescription)
            {
                state.Interview = interview.StartFromDescription(input.Text!);
                state.Interview.ModelSignals = [.. await ModelSignalsAsync(state.Interview.Description, cancellationToken)];
                await LogOpenAsync(state.Interview, context, cancellationToken);
                return [new Reply.Text("That sounds like a piece of work I can help you place."), Prompt(state.Interview)];
            }

            if (input.IsButton) return [new Reply.Text("That button belongs to an interview that has finished or was cancelled. Say “new initiative” to start a new one.")];
            return [new Reply.Text($"I didn't understand “{Shorten(input.Text)}”. Say “new initiative” to find out whether some work is a project or operations, or “help” to see everything I can do.")];
        }

        if (input.IsButton && input.Step is not null && input.Step != open.StepKey())
            return [new Reply.Text("That button is from an earlier step. Here is where we are now:"), Prompt(open)];
        if (input.IsButton && input.Action != "answer")
            return [new Reply.Text("I don't know that button. Here is where we are:"), Prompt(open)];

        if (!input.IsButton && open.Step == InterviewStep.Description && InterviewEngine.DescriptionFrom(input.Text) is { Length: > 0 } description)
            open.ModelSignals = [.. await ModelSignalsAsync(description, cancellationToken)];

        return await AdvanceAsync(state, context, s => interview.Answer(s, input.Text, input.Choice), cancellationToken);
    }

    private IReadOnlyList<Reply> WithInterview(ChatState state, Func<InterviewSession, InterviewProgress> step)
    {
        if (state.Interview is not { } open) return [NoInterview()];
        return [new Reply.InterviewPrompt(step(open), open.StepKey(), open.History.Count > 0)];
    }

    private async Task<IReadOnlyList<Reply>> AdvanceAsync(ChatState state, ChatContext context, Func<InterviewSession, InterviewProgress> step, CancellationToken cancellationToken)
    {
        if (state.Interview is not { } open) return [NoInterview()];
        var hadName = open.Name is not null;
        var progress = step(open);
        if (progress is not InterviewProgress.Finished)
        {
            if (!hadName && open.Name is not null) await LogOpenAsync(open, context, cancellationToken);
            return [new Reply.InterviewPrompt(progress, open.StepKey(), open.History.Count > 0)];
        }

        var result = classifier.Classify(open.Answers);
        var initiative = new Initiative
        {
            Id = open.Id,
            TenantId = context.TenantId,
            TeamId = context.TeamId,
            ChannelId = context.ChannelId,
            ConversationId = context.ConversationId,
            Name = open.Name ?? "Untitled",
            Description = open.Description ?? "",
            CreatedBy = context.User,
            Decision = result.Decision,
            Confidence = result.Confidence,
            IsMixed = result.IsMixed,
            Signals = open.Answers.ToList(),
            ProjectOwner = result.Decision == Decision.Project || result.IsMixed ? context.User : null,
            CreatedAt = open.StartedAt,
            DecidedAt = clock.GetUtcNow(),
        };
        await initiatives.SaveAsync(initiative, cancellationToken);
        await openInterviews.RemoveAsync(open.Id, cancellationToken);
        state.Interview = null;
        state.LastInitiativeId = initiative.Id;
        var rationale = await RationaleAsync(new DecisionEvidence(initiative.Name, result.Decision, result.IsMixed, result.Confidence, initiative.Signals), cancellationToken);
        return [new Reply.DecisionCard(initiative, result, RunGuidance.For(result)) { Rationale = rationale }];
    }

    /// <summary>
    /// The canonical text of the command a language model reads in text nothing else recognised; null when there
    /// is no model, an interview or career check is open, this text is itself such a command, or the intent is not
    /// one <paramref name="allowed"/> here and valid (<see cref="IntentCommands"/>).
    /// </summary>
    private async Task<string?> IntentCommandAsync(ChatState state, string? text, bool readIntent, Func<IntentKind, bool> allowed, CancellationToken cancellationToken)
    {
        if (!readIntent || !_understanding.IsEnabled || state.Interview is not null || state.Career is not null || string.IsNullOrWhiteSpace(text)) return null;
        UnderstoodIntent? intent;
        try
        {
            intent = await _understanding.ReadIntentAsync(text, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The contract says implementations never throw; if one does, the message is simply not understood.
            return null;
        }

        return intent is not null && allowed(intent.Kind) ? IntentCommands.ToText(intent, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) : null;
    }

    private async Task<IReadOnlyList<DimensionSignal>> ModelSignalsAsync(string? description, CancellationToken cancellationToken)
    {
        if (!_understanding.IsEnabled || string.IsNullOrWhiteSpace(description)) return [];
        try
        {
            return await _understanding.ReadSignalsAsync(description, cancellationToken) ?? [];
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    /// <summary>The model's rationale on one line, without control characters, at most <see cref="MaxRationaleLength"/> characters; null when there is none.</summary>
    private async Task<string?> RationaleAsync(DecisionEvidence evidence, CancellationToken cancellationToken)
    {
        if (!_understanding.IsEnabled) return null;
        string? text;
        try
        {
            text = await _understanding.ExplainAsync(evidence, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text)) return null;
        var line = string.Join(' ', new string(text.Select(c => char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c)
            .Where(c => char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (line.Length == 0) return null;
        if (line.Length <= MaxRationaleLength) return line;
        var cut = MaxRationaleLength - 1;
        if (char.IsHighSurrogate(line[cut - 1])) cut--;
        return line[..cut].TrimEnd() + "…";
    }

    private Reply.InterviewPrompt Prompt(InterviewSession session) =>
        new(interview.Current(session), session.StepKey(), session.History.Count > 0);

    private bool LooksLikeDescription(string? text) =>
        text is not null
        && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= MinWordsForDescription
        && extractor.Extract(text).Any(s => s.Leaning != Leaning.Neutral);

    private static Reply.Text NoInterview() => new("No interview is open right now. Say “new initiative” to start one.");

    private static string Shorten(string? text)
    {
        var t = (text ?? "").Trim();
        return t.Length > 60 ? t[..57] + "…" : t;
    }
}
