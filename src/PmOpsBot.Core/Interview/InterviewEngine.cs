using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.Core.Interview;

/// <summary>
/// Moves an interview along: name, description, confirmation of what the description suggested,
/// then one question per dimension still open. It holds no state of its own; everything lives in
/// the <see cref="InterviewSession"/> it is handed.
/// </summary>
public sealed class InterviewEngine(TextSignalExtractor extractor, AnswerReader answers, TimeProvider clock)
{
    public const int MaxNameLength = 80;
    public const int MaxDescriptionLength = 1000;

    private const string NameKey = "name";
    private const string DescriptionKey = "description";
    private const string ConfirmKey = "confirm";

    public InterviewSession Start()
    {
        var now = clock.GetUtcNow();
        return new InterviewSession { StartedAt = now, UpdatedAt = now };
    }

    /// <summary>
    /// Starts from a description the person sent before any interview existed: only the name is
    /// still needed before what the text suggests is confirmed.
    /// </summary>
    public InterviewSession StartFromDescription(string description)
    {
        var session = Start();
        session.Description = description.Length > MaxDescriptionLength ? description[..MaxDescriptionLength] : description.Trim();
        return session;
    }

    /// <summary>The description as the description step keeps it (trimmed, cut to <see cref="MaxDescriptionLength"/>); empty when there is none.</summary>
    public static string DescriptionFrom(string? text)
    {
        var description = text?.Trim() ?? "";
        return description.Length > MaxDescriptionLength ? description[..MaxDescriptionLength] : description;
    }

    /// <summary>What to show for the step the session is on (also used to re-ask after an interruption).</summary>
    public InterviewProgress Current(InterviewSession session, string? note = null) => session.Step switch
    {
        InterviewStep.Name => new InterviewProgress.AskName(note),
        InterviewStep.Description => new InterviewProgress.AskDescription(session.Name ?? "", note),
        InterviewStep.ConfirmInferred => new InterviewProgress.ConfirmInferred(session.Inferred, note),
        _ when session.Current is { } dimension => AskAbout(session, dimension, note),
        _ => new InterviewProgress.Finished(),
    };

    public InterviewProgress Answer(InterviewSession session, string? text, string? choice)
    {
        session.UpdatedAt = clock.GetUtcNow();
        return session.Step switch
        {
            InterviewStep.Name => TakeName(session, text),
            InterviewStep.Description => TakeDescription(session, text),
            InterviewStep.ConfirmInferred => TakeConfirmation(session, text, choice),
            _ => TakeAnswer(session, text, choice),
        };
    }

    /// <summary>Skips the current question; name and description cannot be skipped.</summary>
    public InterviewProgress Skip(InterviewSession session)
    {
        session.UpdatedAt = clock.GetUtcNow();
        switch (session.Step)
        {
            case InterviewStep.Name:
                return Current(session, "The name can't be skipped: it's how you and your team will find this later.");
            case InterviewStep.Description:
                session.Description = "";
                session.History.Add(DescriptionKey);
                return MoveToNextQuestion(session);
            case InterviewStep.ConfirmInferred:
                session.Inferred.Clear();
                session.History.Add(ConfirmKey);
                return MoveToNextQuestion(session);
            default:
                var dimension = session.Current!.Value;
                session.Skipped.Add(dimension);
                session.History.Add(QuestionKey(dimension));
                return MoveToNextQuestion(session);
        }
    }

    /// <summary>Undoes the last step and asks it again.</summary>
    public InterviewProgress Back(InterviewSession session)
    {
        session.UpdatedAt = clock.GetUtcNow();
        session.Misunderstood = 0;
        if (session.History.Count == 0)
            return Current(session, "You're at the first step already, so there is nothing to go back to.");

        var last = session.History[^1];
        session.History.RemoveAt(session.History.Count - 1);
        switch (last)
        {
            case NameKey:
                session.Step = InterviewStep.Name;
                session.Current = null;
                return Current(session, $"Going back. The name was “{session.Name}”: send a new one.");
            case DescriptionKey:
                session.Step = InterviewStep.Description;
                session.Current = null;
                session.Inferred.Clear();
                return Current(session, "Going back to the description: send it again as you'd like it.");
            case ConfirmKey:
                session.Answers.RemoveAll(a => a.Source == SignalSource.ConfirmedInference);
                session.Inferred = Infer(session);
                session.Step = InterviewStep.ConfirmInferred;
                session.Current = null;
                return Current(session, "Going back to what I read from your description.");
            default:
                var dimension = Enum.Parse<Dimension>(last[2..]);
                session.Answers.RemoveAll(a => a.Dimension == dimension);
                session.Skipped.Remove(dimension);
                session.Step = InterviewStep.Question;
                session.Current = dimension;
                return Current(session, "Going back to the previous question.");
        }
    }

    /// <summary>Question number and total, for "status".</summary>
    public (int Number, int Total) Position(InterviewSession session)
    {
        var total = InterviewScript.Questions.Count - session.Answers.Count(a => a.Source == SignalSource.ConfirmedInference);
        var number = session.History.Count(h => h.StartsWith("q:", StringComparison.Ordinal)) + 1;
        return (Math.Min(number, Math.Max(total, 1)), total);
    }

    private InterviewProgress TakeName(InterviewSession session, string? text)
    {
        var name = text?.Trim() ?? "";
        if (name.Length == 0)
            return Reask(session, "I need a short name for the initiative, for example “CRM rollout” or “Payroll”.");
        if (name.Length > MaxNameLength)
            return Reask(session, $"That name is a bit long ({name.Length} characters). Please keep it under {MaxNameLength}, for example “Warehouse robots”.");

        session.Name = name;
        session.Misunderstood = 0;
        session.History.Add(NameKey);
        if (session.Description is { Length: > 0 } && !session.History.Contains(DescriptionKey))
        {
            // The description came first: treat it as answered so "back" from here returns to it.
            session.History.Add(DescriptionKey);
            return AfterDescription(session, null);
        }

        session.Step = InterviewStep.Description;
        return Current(session);
    }

    private InterviewProgress TakeDescription(InterviewSession session, string? text)
    {
        var description = text?.Trim() ?? "";
        if (description.Length == 0)
            return Reask(session, "Tell me in a sentence or two what the work is, for example “Move the Leeds office to the new building by June” (or say “skip”).");

        var note = description.Length > MaxDescriptionLength ? $"I kept the first {MaxDescriptionLength} characters of your description." : null;
        session.Description = DescriptionFrom(description);
        session.History.Add(DescriptionKey);
        session.Misunderstood = 0;

        return AfterDescription(session, note);
    }

    private InterviewProgress AfterDescription(InterviewSession session, string? note)
    {
        session.Inferred = Infer(session);
        if (session.Inferred.Count == 0) return MoveToNextQuestion(session, note);

        session.Step = InterviewStep.ConfirmInferred;
        session.Current = null;
        return Current(session, note);
    }

    private InterviewProgress TakeConfirmation(InterviewSession session, string? text, string? choice)
    {
        var reply = choice ?? AnswerReader.Normalize(text ?? "");
        bool? confirmed = reply switch
        {
            "yes" or "y" or "yep" or "yeah" or "correct" or "right" or "ok" or "okay" or "that's right" or "thats right" or "sure" or "1" or "a" => true,
            "no" or "n" or "nope" or "wrong" or "not quite" or "ask me" or "2" or "b" => false,
            _ => null,
        };
        if (confirmed is null)
            return Reask(session, "Please answer “yes” if what I read is right, or “no” and I'll ask you about each point.");

        session.Misunderstood = 0;
        session.History.Add(ConfirmKey);
        if (confirmed.Value)
            session.Answers.AddRange(session.Inferred.Select(s => s with { Source = SignalSource.ConfirmedInference }));
        session.Inferred.Clear();
        return MoveToNextQuestion(session);
    }

    private InterviewProgress TakeAnswer(InterviewSession session, string? text, string? choice)
    {
        var dimension = session.Current!.Value;
        var question = InterviewScript.For(dimension);
        var answer = answers.Read(question, choice, text);
        if (answer is null)
        {
            var hint = choice is not null
                ? "That button doesn't belong to this question."
                : $"Sorry, I didn't catch that. Pick a button, type a, b or c, or answer in your own words, for example {question.Example}.";
            return Reask(session, hint);
        }

        session.Misunderstood = 0;
        session.Answers.RemoveAll(a => a.Dimension == dimension);
        session.Answers.Add(answer);
        session.History.Add(QuestionKey(dimension));
        return MoveToNextQuestion(session);
    }

    private InterviewProgress MoveToNextQuestion(InterviewSession session, string? note = null)
    {
        var settled = session.SettledDimensions().ToHashSet();
        var next = InterviewScript.Questions.FirstOrDefault(q => !settled.Contains(q.Dimension));
        if (next is null)
        {
            session.Step = InterviewStep.Question;
            session.Current = null;
            return new InterviewProgress.Finished();
        }

        session.Step = InterviewStep.Question;
        session.Current = next.Dimension;
        return AskAbout(session, next.Dimension, note);
    }

    private InterviewProgress.AskQuestion AskAbout(InterviewSession session, Dimension dimension, string? note)
    {
        var (number, total) = Position(session);
        var suggested = extractor.Extract(session.Description).FirstOrDefault(s => s.Dimension == dimension && s.Leaning != Leaning.Neutral);
        return new InterviewProgress.AskQuestion(InterviewScript.For(dimension), number, total, suggested, note);
    }

    /// <summary>
    /// One signal per dimension the name and description clearly point on, for the person to confirm; what a
    /// language model read (<see cref="InterviewSession.ModelSignals"/>) only fills dimensions the rules left open.
    /// </summary>
    private List<DimensionSignal> Infer(InterviewSession session)
    {
        var rules = extractor.Extract($"{session.Name}. {session.Description}");
        var read = new InitiativeClassifier().Classify(SignalMerge.FillGaps(rules, session.ModelSignals, session.Description));
        return read.ForProject.Concat(read.ForOperations).OrderBy(s => s.Dimension).ToList();
    }

    private InterviewProgress Reask(InterviewSession session, string note)
    {
        session.Misunderstood++;
        return Current(session, note);
    }

    private static string QuestionKey(Dimension dimension) => $"q:{dimension}";
}
