using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Core.CareerFit;

namespace PmOpsBot.Bot.Tests;

/// <summary>Every career-fit card, checked by the real Adaptive Cards library (npm adaptivecards 3), and what its buttons send.</summary>
public sealed class CareerFitCardTests
{
    private static readonly CareerFitScorer Scorer = new();

    public static IEnumerable<(string Name, JObject Card)> EveryCard()
    {
        var questions = CareerQuestions.Questions;
        for (var i = 0; i < questions.Count; i++)
            yield return ($"career-question-{questions[i].Id}", CareerFitCards.Question(new CareerFitProgress.AskQuestion(questions[i], i + 1, questions.Count, null), canGoBack: i > 0));
        yield return ("career-question-reask", CareerFitCards.Question(
            new CareerFitProgress.AskQuestion(questions[1], 2, questions.Count, "Sorry, [click](https://evil.example) **now**"), canGoBack: true));
        yield return ("career-result-project", CareerFitCards.Result(Scorer.Score(All("a"))));
        yield return ("career-result-operations", CareerFitCards.Result(Scorer.Score(All("b"))));
        yield return ("career-result-balanced", CareerFitCards.Result(Scorer.Score(new Dictionary<string, string> { [questions[0].Id] = "a", [questions[1].Id] = "b" })));
        yield return ("career-result-nothing-answered", CareerFitCards.Result(Scorer.Score(new Dictionary<string, string>())));
        yield return ("career-offer-reuse", CareerFitCards.OfferReuse(new DateTimeOffset(2026, 3, 3, 17, 30, 0, TimeSpan.FromHours(1))));
    }

    [Fact]
    public void Every_career_card_passes_the_adaptive_cards_library()
    {
        var dir = Directory.CreateTempSubdirectory("pmopsbot-career-cards-");
        try
        {
            var cards = EveryCard().ToList();
            foreach (var (name, card) in cards)
                File.WriteAllText(Path.Combine(dir.FullName, name + ".json"), card.ToString());

            var (exit, output) = NodeValidator.Run("validate-cards.js", dir.FullName);

            Assert.True(exit == 0, output);
            Assert.Contains($"cards: {cards.Count} checked, 0 with errors", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_career_card_declares_version_1_5_and_at_most_five_actions_per_list()
    {
        Assert.All(EveryCard(), c =>
        {
            Assert.Equal("1.5", c.Card["version"]!.ToString());
            var lists = c.Card.DescendantsAndSelf().OfType<JProperty>().Where(p => p.Name == "actions").Select(p => (JArray)p.Value).ToList();
            Assert.NotEmpty(lists);
            Assert.All(lists, list => Assert.InRange(list.Count, 1, 5));
        });
    }

    [Fact]
    public void A_note_cannot_become_a_link_or_formatting()
    {
        var card = EveryCard().Single(c => c.Name == "career-question-reask").Card;

        var texts = Texts(card);
        Assert.Contains(@"Sorry, \[click\]\(https://evil.example\) \*\*now\*\*", texts);
        Assert.DoesNotContain(texts, t => t.Contains("[click](", StringComparison.Ordinal));
    }

    [Fact]
    public void Option_buttons_send_the_key_and_the_question_step()
    {
        var question = CareerQuestions.Questions[1];
        var card = CareerFitCards.Question(new CareerFitProgress.AskQuestion(question, 2, CareerQuestions.Questions.Count, null), canGoBack: true);

        var data = Buttons(card).ToList();

        var answers = data.Where(d => d.Action == "career-answer").ToList();
        Assert.Equal(["a", "b", "c"], answers.Select(a => a.Choice));
        Assert.All(answers, a => Assert.Equal($"career:{question.Id}", a.Step));
        Assert.Equal(["back", "skip", "cancel"], data.Where(d => d.Action != "career-answer").Select(d => d.Action));
        Assert.All(data, d => Assert.Equal($"career:{question.Id}", d.Step));
        Assert.Contains($"{question.Options[0].Key}) {question.Options[0].Label}", Titles(card));
    }

    [Fact]
    public void The_first_question_has_no_back_button()
    {
        var card = EveryCard().First().Card;

        Assert.DoesNotContain(Buttons(card), b => b.Action == "back");
        Assert.Contains(Buttons(card), b => b.Action == "skip");
    }

    [Fact]
    public void The_result_shows_both_fits_the_traits_progressions_and_certifications()
    {
        var result = Scorer.Score(new Dictionary<string, string>
        {
            [CareerQuestions.Questions[0].Id] = "a", [CareerQuestions.Questions[1].Id] = "a",
            [CareerQuestions.Questions[2].Id] = "b", [CareerQuestions.Questions[3].Id] = "a",
        });
        var card = CareerFitCards.Result(result);

        var text = string.Join("\n", Texts(card));
        Assert.Contains("Project management 75%", text, StringComparison.Ordinal);
        Assert.Contains("Operations management 25%", text, StringComparison.Ordinal);
        Assert.Contains(new string('█', 15) + new string('░', 5), text, StringComparison.Ordinal);
        Assert.Contains("Project management fits you best", text, StringComparison.Ordinal);
        Assert.Contains("Enjoys new initiatives and building from scratch", text, StringComparison.Ordinal);
        Assert.Contains("Cares about long-term performance", text, StringComparison.Ordinal);
        Assert.All(["Programme manager", "Portfolio manager", "PMO lead", "Business unit leader", "COO", "PMP", "CAPM", "PRINCE2", "PgMP", "Lean Six Sigma", "ITIL"],
            word => Assert.Contains(word, text, StringComparison.Ordinal));
        Assert.Equal([("new", null), ("career-redo", null)], Buttons(card).Select(b => (b.Action, b.Step)));
    }

    [Fact]
    public void The_reuse_offer_names_the_date_and_offers_reuse_or_redo()
    {
        var card = CareerFitCards.OfferReuse(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));

        Assert.Contains(Texts(card), t => t.Contains("3 March 2026", StringComparison.Ordinal));
        Assert.Equal(["career-reuse", "career-redo"], Buttons(card).Select(b => b.Action));
    }

    [Theory]
    [InlineData(TypeNameHandling.Auto)] // how chat state is stored now
    [InlineData(TypeNameHandling.All)] // how older rows were written
    public void A_session_survives_the_state_store_serialisation(TypeNameHandling typeNames)
    {
        // The session must round-trip through the state store's Json.NET settings.
        var engine = new CareerFitEngine();
        var session = engine.Start();
        engine.Answer(session, null, "a");
        engine.Skip(session);
        engine.Answer(session, "purple", null);
        var settings = new JsonSerializerSettings { TypeNameHandling = typeNames };

        var copy = JsonConvert.DeserializeObject<CareerFitSession>(JsonConvert.SerializeObject(session, typeof(object), settings), settings)!;

        Assert.Equal(session.Answers, copy.Answers);
        Assert.Equal(session.Skipped, copy.Skipped);
        Assert.Equal(session.History, copy.History);
        Assert.Equal((session.Index, session.Misunderstood, session.StepKey()), (copy.Index, copy.Misunderstood, copy.StepKey()));
        Assert.IsType<CareerFitProgress.AskQuestion>(engine.Back(copy));
        Assert.Equal(CareerQuestions.Questions[1].Id, copy.CurrentQuestion()!.Id);
    }

    private static Dictionary<string, string> All(string key) => CareerQuestions.Questions.ToDictionary(q => q.Id, _ => key);

    private static List<string> Texts(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => o["type"]?.ToString() == "TextBlock").Select(o => o["text"]!.ToString()).ToList();

    private static List<string> Titles(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => o["type"]?.ToString() == "Action.Submit").Select(o => o["title"]!.ToString()).ToList();

    private static IEnumerable<(string Action, string? Choice, string? Step)> Buttons(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => o["type"]?.ToString() == "Action.Submit")
            .Select(o => (o["data"]!["action"]!.ToString(), o["data"]!["choice"]?.ToString(), o["data"]!["step"]?.ToString()));
}
