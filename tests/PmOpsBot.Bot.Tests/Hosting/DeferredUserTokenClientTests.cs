using System.Security.Claims;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Moq;
using Moq.Protected;
using PmOpsBot.Bot.Hosting;

namespace PmOpsBot.Bot.Tests.Hosting;

public sealed class DeferredUserTokenClientTests
{
    private readonly ClaimsIdentity _identity = new([new Claim(AuthenticationConstants.AudienceClaim, "app-id")]);
    private readonly Mock<BotFrameworkAuthentication> _configured = new();
    private readonly Mock<UserTokenClient> _realClient = new();

    public DeferredUserTokenClientTests() =>
        _configured.Setup(a => a.CreateUserTokenClientAsync(_identity, It.IsAny<CancellationToken>())).ReturnsAsync(_realClient.Object);

    [Fact]
    public async Task A_turn_that_never_signs_anyone_in_never_builds_the_real_client()
    {
        var authentication = new SparingBotFrameworkAuthentication(_configured.Object, new ReusedConnectorClients());

        using var client = await authentication.CreateUserTokenClientAsync(_identity, CancellationToken.None);

        Assert.False(((DeferredUserTokenClient)client).IsCreated);
        _configured.Verify(a => a.CreateUserTokenClientAsync(It.IsAny<ClaimsIdentity>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_first_call_builds_the_real_client_once_and_every_call_goes_to_it()
    {
        var statuses = new[] { new TokenStatus { ConnectionName = "graph", HasToken = true } };
        _realClient.Setup(c => c.GetTokenStatusAsync("user-1", "msteams", "", It.IsAny<CancellationToken>())).ReturnsAsync(statuses);
        _realClient.Setup(c => c.GetUserTokenAsync("user-1", "graph", "msteams", "123456", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TokenResponse { Token = "token-1" });
        var client = await new SparingBotFrameworkAuthentication(_configured.Object, new ReusedConnectorClients()).CreateUserTokenClientAsync(_identity, CancellationToken.None);

        var gotStatuses = await client.GetTokenStatusAsync("user-1", "msteams", "", CancellationToken.None);
        var token = await client.GetUserTokenAsync("user-1", "graph", "msteams", "123456", CancellationToken.None);

        Assert.Same(statuses, gotStatuses);
        Assert.Equal("token-1", token.Token);
        _configured.Verify(a => a.CreateUserTokenClientAsync(_identity, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Disposing_disposes_the_real_client_if_it_was_built()
    {
        var disposed = false;
        _realClient.Protected().Setup("Dispose", ItExpr.IsAny<bool>()).Callback(() => disposed = true);
        var client = await new SparingBotFrameworkAuthentication(_configured.Object, new ReusedConnectorClients()).CreateUserTokenClientAsync(_identity, CancellationToken.None);
        await client.SignOutUserAsync("user-1", "graph", "msteams", CancellationToken.None);

        client.Dispose();

        Assert.True(disposed);
    }

    [Fact]
    public async Task Everything_else_is_the_configured_authentication_s()
    {
        var activity = new Activity { Type = ActivityTypes.Message };
        var result = new AuthenticateRequestResult { ClaimsIdentity = _identity, CallerId = "urn:botframework:azure" };
        _configured.Setup(a => a.AuthenticateRequestAsync(activity, "Bearer x", It.IsAny<CancellationToken>())).ReturnsAsync(result);
        _configured.Setup(a => a.GetOriginatingAudience()).Returns("https://api.botframework.com");
        var authentication = new SparingBotFrameworkAuthentication(_configured.Object, new ReusedConnectorClients());

        Assert.Same(result, await authentication.AuthenticateRequestAsync(activity, "Bearer x", CancellationToken.None));
        // Connector factories are wrapped to reuse clients (ReusedConnectorClientsTests); the rest passes straight through.
        Assert.Equal("https://api.botframework.com", authentication.GetOriginatingAudience());
    }
}
