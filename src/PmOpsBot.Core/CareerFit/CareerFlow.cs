using PmOpsBot.Core.Conversation;

namespace PmOpsBot.Core.CareerFit;

/// <summary>
/// The career check in a conversation: offers to reuse saved answers, asks the questions, scores,
/// and remembers the answers per person.
/// </summary>
public sealed class CareerFlow(CareerFitEngine engine, CareerFitScorer scorer, ICareerProfileStore profiles, TimeProvider clock)
{
    public const string AnswerAction = "career-answer";
    public const string ReuseAction = "career-reuse";
    public const string RedoAction = "career-redo";

    public static bool IsCareerButton(UserInput input) =>
        input.Action is AnswerAction or ReuseAction or RedoAction
        || (input.Step?.StartsWith(CareerFit.CareerQuestion.StepPrefix, StringComparison.Ordinal) == true);

    public async Task<IReadOnlyList<Reply>> StartAsync(ChatState state, ChatContext context, CancellationToken cancellationToken)
    {
        var saved = await profiles.FindAsync(context.TenantId, context.User.Id, cancellationToken);
        if (saved is not null && saved.Answers.Count > 0)
        {
            state.Career = null;
            return [new Reply.CareerReuseOffer(saved.UpdatedAt)];
        }

        return Begin(state, engine.Start(), context);
    }

    public async Task<IReadOnlyList<Reply>> HandleButtonAsync(ChatState state, ChatContext context, UserInput input, CancellationToken cancellationToken)
    {
        switch (input.Action)
        {
            case RedoAction:
                return Begin(state, engine.Start(), context);
            case ReuseAction:
                var saved = await profiles.FindAsync(context.TenantId, context.User.Id, cancellationToken);
                return saved is null ? Begin(state, engine.Start(), context) : await ContinueAsync(state, context, engine.StartFrom(saved), cancellationToken);
            case "back":
                return state.Career is { } back ? Ask(state, engine.Back(back)) : [NotOpen()];
            case "skip":
                return state.Career is { } skip ? await AfterAsync(state, context, engine.Skip(skip), cancellationToken) : [NotOpen()];
            case "cancel":
                return Cancel(state);
            default:
                if (state.Career is not { } open) return [NotOpen()];
                if (input.Step is not null && input.Step != open.StepKey())
                    return [new Reply.Text("That button is from an earlier career question. Here is the current one:"), .. Ask(state, engine.Current(open))];
                return await AfterAsync(state, context, engine.Answer(open, null, input.Choice), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<Reply>> AnswerAsync(ChatState state, ChatContext context, string? text, CancellationToken cancellationToken) =>
        await AfterAsync(state, context, engine.Answer(state.Career!, text, null), cancellationToken);

    public IReadOnlyList<Reply> Back(ChatState state) => Ask(state, engine.Back(state.Career!));

    public Task<IReadOnlyList<Reply>> SkipAsync(ChatState state, ChatContext context, CancellationToken cancellationToken) =>
        AfterAsync(state, context, engine.Skip(state.Career!), cancellationToken);

    public IReadOnlyList<Reply> Current(ChatState state) => Ask(state, engine.Current(state.Career!));

    public IReadOnlyList<Reply> Cancel(ChatState state)
    {
        if (state.Career is null) return [NotOpen()];
        state.Career = null;
        return [new Reply.Text("Career check cancelled. Say “career fit” whenever you want to try again.")];
    }

    private IReadOnlyList<Reply> Begin(ChatState state, CareerFitSession session, ChatContext context)
    {
        _ = context;
        state.Career = session;
        return Ask(state, engine.Current(session));
    }

    private Task<IReadOnlyList<Reply>> ContinueAsync(ChatState state, ChatContext context, CareerFitSession session, CancellationToken cancellationToken)
    {
        state.Career = session;
        return AfterAsync(state, context, engine.Current(session), cancellationToken);
    }

    private async Task<IReadOnlyList<Reply>> AfterAsync(ChatState state, ChatContext context, CareerFitProgress progress, CancellationToken cancellationToken)
    {
        if (progress is not CareerFitProgress.Finished) return Ask(state, progress);
        var session = state.Career!;
        var result = scorer.Score(session.Answers);
        await profiles.SaveAsync(session.ToProfile(context.TenantId, context.User.Id, clock.GetUtcNow()), cancellationToken);
        state.Career = null;
        return [new Reply.CareerResult(result)];
    }

    private static IReadOnlyList<Reply> Ask(ChatState state, CareerFitProgress progress) =>
        progress is CareerFitProgress.AskQuestion ask ? [new Reply.CareerQuestion(ask, state.Career?.CanGoBack() ?? false)] : [];

    private static Reply.Text NotOpen() => new("No career check is open. Say “career fit” to start one.");
}
