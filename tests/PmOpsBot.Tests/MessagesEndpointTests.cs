using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PmOpsBot.Core.Initiatives;
using static PmOpsBot.Tests.BotClient;

namespace PmOpsBot.Tests;

public sealed class MessagesEndpointTests : IDisposable
{
    private readonly string _database = PmOpsBotFactory.NewDatabasePath();

    public void Dispose() => PmOpsBotFactory.DeleteDatabase(_database);

    [Fact]
    public async Task A_message_with_expect_replies_gets_the_replies_in_the_response()
    {
        await using var app = new PmOpsBotFactory(_database);
        var bot = new BotClient(app.CreateClient());

        var replies = await bot.SendAsync("new initiative");

        Assert.Contains("What do you call it?", TextOf(replies), StringComparison.Ordinal);
        Assert.Equal("application/vnd.microsoft.card.adaptive", replies[0]["attachments"]![0]!["contentType"]!.ToString());
    }

    [Fact]
    public async Task A_whole_interview_over_http_is_saved_in_sqlite()
    {
        await using var app = new PmOpsBotFactory(_database);
        var bot = new BotClient(app.CreateClient());
        await bot.SendAsync("new initiative");
        await bot.SendAsync("Office move");
        var replies = await bot.SendAsync("Relocate the Leeds office to the new building by June");
        Assert.Contains("Here's what I read", TextOf(replies), StringComparison.Ordinal);
        replies = await bot.SendAsync("yes");
        for (var i = 0; i < 12 && TextOf(replies).Contains("Question", StringComparison.Ordinal); i++) replies = await bot.SendAsync("a");

        Assert.Contains("Run it as a project", TextOf(replies), StringComparison.Ordinal);
        var registry = app.Services.GetRequiredService<IInitiativeStore>();
        var saved = Assert.Single(await registry.ListByCreatorAsync("tenant-1", "user-1", 10, CancellationToken.None));
        Assert.Equal("Office move", saved.Name);
    }

    [Fact]
    public async Task An_interview_continues_after_the_host_restarts_on_the_same_database()
    {
        await using (var first = new PmOpsBotFactory(_database))
        {
            var bot = new BotClient(first.CreateClient());
            await bot.SendAsync("new initiative");
            await bot.SendAsync("Blue sky");
            await bot.SendAsync("hello world");
            await bot.SendAsync("a");
        }

        await using var second = new PmOpsBotFactory(_database);
        var replies = await new BotClient(second.CreateClient()).SendAsync("status");

        Assert.Contains("question 2 of 12 (objective) for “Blue sky”", TextOf(replies), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x.invalid/\",\"from\":5}")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"https://x.invalid/\",\"value\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
    public async Task Malformed_bodies_get_400_saying_so(string body)
    {
        await using var app = new PmOpsBotFactory(_database);

        var response = await app.CreateClient().PostAsync("/api/messages", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The body is not a JSON activity.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_content_type_gets_415()
    {
        await using var app = new PmOpsBotFactory(_database);

        var response = await app.CreateClient().PostAsync("/api/messages", new StringContent("{\"type\":\"message\"}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_huge_body_gets_413()
    {
        await using var app = new PmOpsBotFactory(_database);
        var huge = "{\"type\":\"message\",\"text\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";

        var response = await app.CreateClient().PostAsync("/api/messages", Json(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_activity_type_is_accepted_and_ignored()
    {
        await using var app = new PmOpsBotFactory(_database);
        var body = "{\"type\":\"somethingNew\",\"channelId\":\"msteams\",\"serviceUrl\":\"https://x.invalid/\",\"conversation\":{\"id\":\"c\"},\"from\":{\"id\":\"u\"},\"recipient\":{\"id\":\"b\"}}";

        var response = await app.CreateClient().PostAsync("/api/messages", Json(body));

        Assert.True((int)response.StatusCode < 300, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Health_reports_healthy_with_a_working_database()
    {
        await using var app = new PmOpsBotFactory(_database);

        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZha2UifQ.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIiwiYXVkIjoiMTExMTExMTEtMjIyMi0zMzMzLTQ0NDQtNTU1NTU1NTU1NTU1IiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJl")]
    public async Task With_an_app_id_missing_or_bad_tokens_get_401(string? authorization)
    {
        await using var app = new PmOpsBotFactory(_database, appId: "11111111-2222-3333-4444-555555555555");
        var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = Json("{\"type\":\"message\",\"channelId\":\"msteams\",\"serviceUrl\":\"https://x.invalid/\",\"conversation\":{\"id\":\"c\"},\"from\":{\"id\":\"u\"},\"recipient\":{\"id\":\"b\"},\"text\":\"hi\"}"),
        };
        if (authorization is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
