using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace PmOpsBot.Bot.Hosting;

/// <summary>
/// The configured Bot Framework authentication, unchanged, except that it is sparing with the clients CloudAdapter makes
/// for every turn: the <see cref="UserTokenClient"/> is made only if the turn uses it (<see cref="DeferredUserTokenClient"/>),
/// and connector clients are reused across turns (<see cref="ReusedConnectorClients"/>).
/// </summary>
public sealed class SparingBotFrameworkAuthentication(BotFrameworkAuthentication inner, ReusedConnectorClients connectorClients) : BotFrameworkAuthentication
{
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken) =>
        Reusing(await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken));

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        Reusing(await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken));

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        connectorClients.Wrap(inner.CreateConnectorFactory(claimsIdentity), claimsIdentity);

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        Task.FromResult<UserTokenClient>(new DeferredUserTokenClient(() => inner.CreateUserTokenClientAsync(claimsIdentity, CancellationToken.None)));

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private AuthenticateRequestResult Reusing(AuthenticateRequestResult result)
    {
        if (result.ConnectorFactory is { } factory) result.ConnectorFactory = connectorClients.Wrap(factory, result.ClaimsIdentity);
        return result;
    }
}
