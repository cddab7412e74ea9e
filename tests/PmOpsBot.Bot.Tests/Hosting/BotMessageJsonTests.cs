using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Bot.Cards;
using PmOpsBot.Bot.Hosting;

namespace PmOpsBot.Bot.Tests.Hosting;

public sealed class BotMessageJsonTests
{
    [Fact]
    public async Task Replies_are_the_json_the_Bot_Framework_writes_without_its_indentation()
    {
        var replies = new ExpectedReplies(
        [
            MessageFactory.Text("Plain “text” with \"quotes\", \\ and a date-like 2026-06-01T10:00:00Z"),
            (Activity)MessageFactory.Attachment(new Attachment(AdaptiveCard.ContentType, content: SampleCard())),
            (Activity)MessageFactory.Attachment(new HeroCard("A typed card", buttons: [new CardAction(ActionTypes.ImBack, "Yes", value: "yes")]).ToAttachment()),
            (Activity)MessageFactory.Attachment(new Attachment("application/octet-stream", content: new Dictionary<string, object> { ["file"] = new MemoryStream([1, 2, 3]) })),
            (Activity)MessageFactory.Attachment(new Attachment("text/plain", contentUrl: "https://example.invalid/a.txt")),
        ]);
        var invoke = new InvokeResponse { Status = 200, Body = replies };

        var framework = await WrittenAsync(response => HttpHelper.WriteResponseAsync(response, invoke));
        var ours = await WrittenAsync(response => BotMessageJson.WriteResponseAsync(response, invoke, CancellationToken.None));

        Assert.Equal(framework.Status, ours.Status);
        Assert.Equal(framework.ContentType, ours.ContentType);
        Assert.True(JToken.DeepEquals(JToken.Parse(framework.Body), JToken.Parse(ours.Body)), ours.Body);
        Assert.Equal(JToken.Parse(framework.Body).ToString(Formatting.None), ours.Body);
        Assert.Contains("\"type\":\"AdaptiveCard\"", ours.Body, StringComparison.Ordinal);
        Assert.Contains("\"$type\":\"MemoryStream\"", ours.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_is_written_from_the_json_the_bot_built_not_from_a_copy()
    {
        var card = new RecordingCard { ["type"] = "AdaptiveCard", ["body"] = new JArray(AdaptiveCard.Text("hello")) };
        var invoke = new InvokeResponse { Status = 200, Body = new ExpectedReplies([(Activity)MessageFactory.Attachment(new Attachment(AdaptiveCard.ContentType, content: card))]) };

        var written = await WrittenAsync(response => BotMessageJson.WriteResponseAsync(response, invoke, CancellationToken.None));

        // The Bot Framework's own converter first writes the card into a JTokenWriter (a copy), then writes the copy.
        Assert.Equal([nameof(JsonTextWriter)], card.WrittenTo);
        Assert.Contains("\"text\":\"hello\"", written.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_answer_the_response_is_a_bare_200_and_a_status_without_body_has_no_body()
    {
        var none = await WrittenAsync(response => BotMessageJson.WriteResponseAsync(response, null, CancellationToken.None));
        var statusOnly = await WrittenAsync(response => BotMessageJson.WriteResponseAsync(response, new InvokeResponse { Status = 501 }, CancellationToken.None));

        Assert.Equal((200, ""), (none.Status, none.Body));
        Assert.Equal((501, ""), (statusOnly.Status, statusOnly.Body));
    }

    [Fact]
    public async Task An_activity_is_read_as_the_Bot_Framework_reads_it()
    {
        const string json = """
            {"type":"message","id":"a1","timestamp":"2026-06-01T10:00:00.123+02:00","serviceUrl":"https://smba.trafficmanager.net/emea/",
             "channelId":"msteams","from":{"id":"29:u","name":"Ana","aadObjectId":"aad-1"},"conversation":{"id":"a:c","tenantId":"t1"},
             "recipient":{"id":"28:bot"},"text":"Due 2026-06-01T10:00:00Z “soon”","value":{"action":"pick","due":"2026-06-01T10:00:00Z","n":3},
             "entities":[{"type":"mention","text":"<at>Bot</at>","mentioned":{"id":"28:bot"}}],"channelData":{"tenant":{"id":"t1"}},"deliveryMode":"expectReplies"}
            """;
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var framework = await HttpHelper.ReadRequestAsync<Activity>(context.Request);

        var ours = BotMessageJson.ReadActivity(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(ours);
        Assert.Equal(JsonConvert.SerializeObject(framework, HttpHelper.BotMessageSerializerSettings), JsonConvert.SerializeObject(ours, HttpHelper.BotMessageSerializerSettings));
        Assert.Equal("Due 2026-06-01T10:00:00Z “soon”", ours.Text);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    [InlineData("{\"type\":\"message\",\"from\":5}")]
    public void A_body_that_is_not_an_activity_reads_as_null(string body) =>
        Assert.Null(BotMessageJson.ReadActivity(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void A_body_nested_deeper_than_any_activity_reads_as_null()
    {
        var deep = "{\"type\":\"message\",\"value\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";

        Assert.Null(BotMessageJson.ReadActivity(Encoding.UTF8.GetBytes(deep)));
    }

    private static JObject SampleCard() => AdaptiveCard.Card(
        [AdaptiveCard.Heading("Office “move” <b>"), AdaptiveCard.Facts([("Owner", "Ana"), ("Due", "2026-06-01")]), AdaptiveCard.Text("ünïcödé 🚀", subtle: true)],
        AdaptiveCard.Submit("Yes", "confirm", choice: "yes", initiative: Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")));

    private static async Task<(int Status, string? ContentType, string Body)> WrittenAsync(Func<HttpResponse, Task> write)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await write(context.Response);
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>A card that records which kind of writer it was written to.</summary>
    private sealed class RecordingCard : JObject
    {
        public List<string> WrittenTo { get; } = [];

        public override void WriteTo(JsonWriter writer, params JsonConverter[] converters)
        {
            WrittenTo.Add(writer.GetType().Name);
            base.WriteTo(writer, converters);
        }
    }
}
