using PmOpsBot.Core.Interview;

namespace PmOpsBot.Core.CareerFit;

/// <summary>
/// Moves a career check along, one question at a time, with the same navigation as the
/// initiative interview: "back" undoes the last answer or skip, "skip" leaves a question unscored.
/// It holds no state and does no I/O; everything lives in the <see cref="CareerFitSession"/> it is handed.
/// </summary>
public sealed class CareerFitEngine
{
    private static readonly string[] Negations = ["not", "no", "don't", "dont", "never", "nor", "hate", "dislike", "can't", "cant", "without", "rather not"];

    public CareerFitSession Start() => new();

    /// <summary>
    /// Starts from saved answers: answers to questions that still exist are kept (in question
    /// order, so "back" can undo them), and only the questions they do not cover are asked. A
    /// profile that covers every question gives a session that is already finished.
    /// </summary>
    public CareerFitSession StartFrom(CareerProfile existing)
    {
        var session = Start();
        foreach (var question in CareerQuestions.Questions)
        {
            if (existing.Answers.TryGetValue(question.Id, out var key) && question.Option(key) is { } option)
            {
                session.Answers[question.Id] = option.Key;
                session.History.Add(question.Id);
            }
        }

        session.Index = NextOpenIndex(session);
        return session;
    }

    /// <summary>What to show for the question the session is on (also used to re-ask after an interruption).</summary>
    public CareerFitProgress Current(CareerFitSession session, string? note = null) =>
        session.CurrentQuestion() is { } question
            ? new CareerFitProgress.AskQuestion(question, session.Index + 1, CareerQuestions.Questions.Count, note)
            : new CareerFitProgress.Finished();

    /// <summary>Takes a button key (<paramref name="choice"/>) or typed text: a letter, a number, an option's words or a synonym.</summary>
    public CareerFitProgress Answer(CareerFitSession session, string? text, string? choice)
    {
        if (session.CurrentQuestion() is not { } question) return new CareerFitProgress.Finished();

        var option = Read(question, text, choice);
        if (option is null)
        {
            session.Misunderstood++;
            var note = choice is not null
                ? "That button doesn't belong to this question."
                : $"Sorry, I didn't catch that. Pick a button, type a, b or c, or answer in your own words, for example {question.Example}.";
            return Current(session, note);
        }

        session.Misunderstood = 0;
        session.Skipped.Remove(question.Id);
        session.Answers[question.Id] = option.Key;
        session.History.Add(question.Id);
        return MoveToNextQuestion(session);
    }

    /// <summary>Leaves the current question unanswered and unscored, and moves on.</summary>
    public CareerFitProgress Skip(CareerFitSession session)
    {
        if (session.CurrentQuestion() is not { } question) return new CareerFitProgress.Finished();

        session.Misunderstood = 0;
        session.Answers.Remove(question.Id);
        if (!session.Skipped.Contains(question.Id)) session.Skipped.Add(question.Id);
        session.History.Add(question.Id);
        return MoveToNextQuestion(session);
    }

    /// <summary>Undoes the last answer or skip and asks that question again.</summary>
    public CareerFitProgress Back(CareerFitSession session)
    {
        session.Misunderstood = 0;
        while (session.History.Count > 0)
        {
            var last = session.History[^1];
            session.History.RemoveAt(session.History.Count - 1);
            var index = CareerQuestions.IndexOf(last);
            if (index < 0) continue; // a question that no longer exists: nothing to undo

            session.Answers.Remove(last);
            session.Skipped.Remove(last);
            session.Index = index;
            return Current(session, "Going back to the previous question.");
        }

        return Current(session, "You're at the first question already, so there is nothing to go back to.");
    }

    /// <summary>
    /// Reads an answer. Whole answers first (key, "a)", position, label, synonym); then, if exactly
    /// one option's words appear in a sentence, that option, unless the sentence negates a leaning
    /// option ("I don't like deadlines"): that is asked again rather than guessed.
    /// </summary>
    private static CareerOption? Read(CareerQuestion question, string? text, string? choice)
    {
        if (choice is not null) return question.Option(choice);
        if (string.IsNullOrWhiteSpace(text)) return null;

        var normalized = AnswerReader.Normalize(text);
        if (normalized.StartsWith("option ", StringComparison.Ordinal)) normalized = normalized["option ".Length..];

        for (var i = 0; i < question.Options.Count; i++)
        {
            var option = question.Options[i];
            var position = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (normalized == option.Key || normalized == position || normalized == AnswerReader.Normalize(option.Label)
                || option.Synonyms.Any(s => normalized == AnswerReader.Normalize(s)))
                return option;
        }

        var padded = $" {normalized} ";
        var mentioned = question.Options
            .Where(o => o.Synonyms.Any(s => padded.Contains($" {AnswerReader.Normalize(s)} ", StringComparison.Ordinal)))
            .ToList();
        if (mentioned.Count != 1) return null;
        // "I'm not sure" is an answer; "I don't like deadlines" is not the deadlines option.
        if (mentioned[0].Leaning == CareerLeaning.Balanced) return mentioned[0];
        return Negations.Any(n => padded.Contains($" {n} ", StringComparison.Ordinal)) ? null : mentioned[0];
    }

    private CareerFitProgress MoveToNextQuestion(CareerFitSession session)
    {
        session.Index = NextOpenIndex(session);
        return Current(session);
    }

    /// <summary>The first question neither answered nor skipped, in the order they are asked; the count when none is left.</summary>
    private static int NextOpenIndex(CareerFitSession session)
    {
        for (var i = 0; i < CareerQuestions.Questions.Count; i++)
        {
            var id = CareerQuestions.Questions[i].Id;
            if (!session.Answers.ContainsKey(id) && !session.Skipped.Contains(id)) return i;
        }

        return CareerQuestions.Questions.Count;
    }
}
