using System.Security.Claims;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using PmOpsBot.Bot.Hosting;

namespace PmOpsBot.Bot.Tests.Hosting;

public sealed class ReusedConnectorClientsTests : IDisposable
{
    private const string Teams = "https://smba.trafficmanager.net/emea/";

    private readonly ReusedConnectorClients _clients = new();
    private readonly List<Mock<IConnectorClient>> _built = [];
    private readonly Mock<ConnectorFactory> _factory = new();

    public ReusedConnectorClientsTests() =>
        _factory.Setup(f => f.CreateAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string url, string _, CancellationToken _) =>
        {
            var client = new Mock<IConnectorClient>();
            client.SetupGet(c => c.BaseUri).Returns(new Uri(url));
            _built.Add(client);
            return client.Object;
        });

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task Turns_for_the_same_bot_service_url_and_audience_share_one_client_that_their_disposal_leaves_alone()
    {
        for (var turn = 0; turn < 5; turn++)
        {
            // A new factory per turn, as the adapter gets one per authenticated request.
            using var client = await _clients.Wrap(_factory.Object, Bot("app-1")).CreateAsync(Teams, "scope", CancellationToken.None);
            Assert.Equal(new Uri(Teams), client.BaseUri);
        }

        var shared = Assert.Single(_built);
        shared.Verify(c => c.Dispose(), Times.Never);
        Assert.Equal(1, _clients.Built);
    }

    [Fact]
    public async Task Another_service_url_audience_or_bot_gets_a_client_of_its_own()
    {
        var first = await _clients.Wrap(_factory.Object, Bot("app-1")).CreateAsync(Teams, "scope", CancellationToken.None);
        var otherUrl = await _clients.Wrap(_factory.Object, Bot("app-1")).CreateAsync("https://smba.trafficmanager.net/amer/", "scope", CancellationToken.None);
        var otherAudience = await _clients.Wrap(_factory.Object, Bot("app-1")).CreateAsync(Teams, "other-scope", CancellationToken.None);
        var otherBot = await _clients.Wrap(_factory.Object, Bot("app-2")).CreateAsync(Teams, "scope", CancellationToken.None);
        var again = await _clients.Wrap(_factory.Object, Bot("app-1")).CreateAsync(Teams, "scope", CancellationToken.None);

        Assert.Equal(4, _built.Count);
        Assert.Same(Shared(first), Shared(again));
        Assert.Equal(4, new[] { first, otherUrl, otherAudience, otherBot }.Select(Shared).Distinct().Count());
    }

    [Fact]
    public async Task A_turn_cannot_point_the_shared_client_at_another_service()
    {
        var client = await _clients.Wrap(_factory.Object, Bot("app-1")).CreateAsync(Teams, "scope", CancellationToken.None);

        Assert.Throws<NotSupportedException>(() => client.BaseUri = new Uri("https://elsewhere.example/"));
        Assert.Equal(new Uri(Teams), client.BaseUri);
    }

    [Fact]
    public async Task Authenticated_turns_and_proactive_messages_both_get_reusing_factories()
    {
        var configured = new Mock<BotFrameworkAuthentication>();
        var identity = Bot("app-1");
        configured.Setup(a => a.AuthenticateRequestAsync(It.IsAny<Activity>(), "Bearer x", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AuthenticateRequestResult { ClaimsIdentity = identity, ConnectorFactory = _factory.Object });
        configured.Setup(a => a.CreateConnectorFactory(identity)).Returns(_factory.Object);
        var authentication = new SparingBotFrameworkAuthentication(configured.Object, _clients);

        var turn = await authentication.AuthenticateRequestAsync(new Activity(), "Bearer x", CancellationToken.None);
        using var replyClient = await turn.ConnectorFactory.CreateAsync(Teams, "scope", CancellationToken.None);
        using var proactiveClient = await authentication.CreateConnectorFactory(identity).CreateAsync(Teams, "scope", CancellationToken.None);

        Assert.Same(Shared(replyClient), Shared(proactiveClient));
        Assert.Single(_built);
    }

    [Fact]
    public void The_kept_clients_connections_are_recycled_so_a_dns_change_of_the_connector_is_picked_up()
    {
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddBotFrameworkAdapter();
        using var provider = services.BuildServiceProvider();

        // What the Bot Framework's connector factory asks for: the default client's handler chain.
        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(Options.DefaultName);
        while (handler is DelegatingHandler delegating) handler = delegating.InnerHandler!;

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Equal(ServiceCollectionExtensions.ConnectorConnectionLifetime, sockets.PooledConnectionLifetime);
        Assert.True(sockets.PooledConnectionLifetime <= TimeSpan.FromMinutes(5));
    }

    private static ClaimsIdentity Bot(string appId) => new([new Claim(AuthenticationConstants.AudienceClaim, appId)]);

    private static IConnectorClient Shared(IConnectorClient view) => Assert.IsType<SharedConnectorClient>(view).Shared;
}
