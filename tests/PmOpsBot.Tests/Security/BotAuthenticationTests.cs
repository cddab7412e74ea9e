using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Tests.Security;

/// <summary>One local token authority for the whole class (the SDK caches metadata per URL for the process).</summary>
public sealed class LocalOpenIdServerFixture : IAsyncLifetime
{
    public LocalOpenIdServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await LocalOpenIdServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Bot Framework authentication of POST /api/messages, end to end: the real host with authentication on
/// (MicrosoftAppId set), its <c>ConfigurationBotFrameworkAuthentication</c> pointed by configuration at
/// <see cref="LocalOpenIdServer"/> for the OpenID metadata and signing keys. Every rejected token differs from
/// the accepted one in exactly one respect, and each rejection test sends the accepted token afterwards on the
/// same host, so a 401 can only come from the check the test names.
/// </summary>
public sealed class BotAuthenticationTests(LocalOpenIdServerFixture fixture) : IClassFixture<LocalOpenIdServerFixture>, IDisposable
{
    private const string AppId = "00000000-0000-0000-0000-00000000a11d";
    private const string ServiceUrl = "https://smba.example.invalid/";

    private readonly string _database = PmOpsBotFactory.NewDatabasePath();

    private LocalOpenIdServer Server => fixture.Server;

    private BotTokenMinter Valid => new(Server.SigningKey, AppId, ServiceUrl);

    public void Dispose() => PmOpsBotFactory.DeleteDatabase(_database);

    [Fact]
    public async Task A_token_from_the_configured_authority_is_accepted_and_the_replies_come_back()
    {
        await using var app = NewHost();
        var client = app.CreateClient();

        var response = await PostAsync(client, Valid.Mint());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var replies = JObject.Parse(body)["activities"]!.Values<JObject>().Select(reply => reply!).ToList();
        Assert.Contains("What do you call it?", BotClient.TextOf(replies), StringComparison.Ordinal);
        // The keys really came from the local server, not from login.botframework.com.
        Assert.True(Server.MetadataRequests > 0, "the OpenID metadata was never fetched from the local server");
        Assert.True(Server.KeyRequests > 0, "the JWKS was never fetched from the local server");
    }

    [Fact]
    public async Task A_token_that_expired_within_the_five_minute_skew_is_still_accepted()
    {
        await using var app = NewHost();

        var token = Valid with { IssuedAt = DateTime.UtcNow.AddMinutes(-12), Lifetime = TimeSpan.FromMinutes(10) };
        var response = await PostAsync(app.CreateClient(), token.Mint());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_rejected()
    {
        // Expired ten minutes ago: beyond the five minutes of clock skew the SDK allows.
        await AssertRejectedAsync(Valid with { IssuedAt = DateTime.UtcNow.AddMinutes(-40), Lifetime = TimeSpan.FromMinutes(30) });
    }

    [Fact]
    public async Task A_token_for_another_bot_is_rejected()
    {
        await AssertRejectedAsync(Valid with { Audience = "11111111-2222-3333-4444-555555555555" });
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_rejected()
    {
        // Signed with the served key, endorsed, right audience: only the issuer is wrong.
        await AssertRejectedAsync(Valid with { Issuer = "https://api.botframework.com.evil.example" });
    }

    [Fact]
    public async Task A_token_signed_with_another_key_under_the_served_key_id_is_rejected()
    {
        await AssertRejectedAsync(Valid with { Key = BotTokenMinter.ImpostorOf(Server.SigningKey) });
    }

    [Fact]
    public async Task A_token_issued_for_another_service_url_is_rejected()
    {
        await AssertRejectedAsync(Valid with { ServiceUrl = "https://attacker.example/" });
    }

    [Fact]
    public async Task A_token_whose_key_is_not_endorsed_for_the_activity_channel_is_rejected()
    {
        // The served key is endorsed for msteams only; the same valid token on a slack activity must not pass.
        await AssertRejectedAsync(Valid, channelId: "slack");
    }

    [Fact]
    public async Task A_request_without_an_authorization_header_is_rejected()
    {
        await AssertRejectedAsync(token: null);
    }

    private PmOpsBotFactory NewHost() => new(_database, AppId, new Dictionary<string, string>
    {
        // Any of these makes ConfigurationBotFrameworkAuthentication use ParameterizedBotFrameworkAuthentication.
        ["ToBotFromChannelOpenIdMetadataUrl"] = Server.MetadataUrl,
        ["ToBotFromChannelTokenIssuer"] = LocalOpenIdServer.BotFrameworkIssuer,
        // The public cloud's values, which the parameterized authentication needs spelled out (no call is made with them here):
        // without them it throws building the connector and user-token clients for an authenticated turn.
        ["ToChannelFromBotLoginUrl"] = "https://login.microsoftonline.com/botframework.com",
        ["ToChannelFromBotOAuthScope"] = "https://api.botframework.com",
        ["OAuthUrl"] = "https://api.botframework.com",
        ["ValidateAuthority"] = "true",
    });

    /// <summary>The token (or no Authorization header) gets 401/403 with no internals in the body, and the host takes the valid token right after.</summary>
    private async Task AssertRejectedAsync(BotTokenMinter? token, string channelId = LocalOpenIdServer.EndorsedChannel)
    {
        await using var app = NewHost();
        var client = app.CreateClient();

        var response = await PostAsync(client, token?.Mint(), channelId);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}");
        AssertLeaksNothing(body);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
            AssertLeaksNothing(string.Join(" ", header.Value));

        // Control: the same host, the same authority, the unaltered token: accepted.
        var control = await PostAsync(client, Valid.Mint());
        Assert.True(control.StatusCode == HttpStatusCode.OK, $"control token: {(int)control.StatusCode}: {await control.Content.ReadAsStringAsync()}");
    }

    private static void AssertLeaksNothing(string text)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        foreach (var marker in new[] { "Exception", "IDX", "Microsoft.", "System.", "StackTrace", ".cs:line" })
            Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? token, string channelId = LocalOpenIdServer.EndorsedChannel)
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = channelId,
            ["serviceUrl"] = ServiceUrl,
            ["deliveryMode"] = "expectReplies",
            ["conversation"] = new JObject { ["id"] = "conv-auth", ["tenantId"] = "tenant-1", ["conversationType"] = "personal" },
            ["from"] = new JObject { ["id"] = "user-1", ["name"] = "Test User", ["aadObjectId"] = "user-1" },
            ["recipient"] = new JObject { ["id"] = "28:" + AppId, ["name"] = "PmOpsBot" },
            ["text"] = "new initiative",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
