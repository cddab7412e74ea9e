using System.Security.Claims;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace PmOpsBot.Bot.Hosting;

/// <summary>
/// Connector clients kept across turns: one per bot app id, service URL and audience, as the Bot Framework's older
/// BotFrameworkAdapter kept them. CloudAdapter asks its connector factory for a new client on every turn and every
/// proactive message and disposes it afterwards; building one (Microsoft.Rest's set-up, with a new regular expression
/// for the user agent) was the largest part of a plain echo turn's CPU. Turns get a view of the shared client whose
/// Dispose does nothing.
/// </summary>
/// <remarks>
/// At most <see cref="Capacity"/> clients, each dropped after <see cref="IdleLifetime"/> unused: service URLs come from
/// the activities (checked against the token when authentication is on), so an unbounded set could be grown from outside.
/// A dropped client is not disposed, since a turn may still be sending through it; its HttpClient comes from the
/// IHttpClientFactory, whose pooled handlers need no disposing. Written by hand: the Bot Framework has no such cache.
/// </remarks>
public sealed class ReusedConnectorClients : IDisposable
{
    public const int Capacity = 256;

    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(1);

    private readonly MemoryCache _clients = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>How many clients the wrapped factories have built (for tests).</summary>
    public int Built => Volatile.Read(ref _built);

    private int _built;

    /// <summary>A factory that hands out the shared client for its key, building it with <paramref name="inner"/> the first time.</summary>
    /// <param name="identity">Whose factory it is: the bot's app id is the token's audience claim (none when authentication is off).</param>
    public ConnectorFactory Wrap(ConnectorFactory inner, ClaimsIdentity? identity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var appId = identity?.FindFirst(AuthenticationConstants.AudienceClaim)?.Value ?? "";
        return new Factory(this, inner, appId);
    }

    public void Dispose() => _clients.Dispose();

    private async Task<IConnectorClient> GetAsync(ConnectorFactory inner, string appId, string serviceUrl, string audience, CancellationToken cancellationToken)
    {
        var key = string.Join('\n', appId, serviceUrl, audience ?? "");
        if (!_clients.TryGetValue(key, out IConnectorClient? client) || client is null)
        {
            // Two turns may build one at the same moment: the later one is kept, and the other is used by its turn and dropped.
            client = await inner.CreateAsync(serviceUrl, audience, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _built);
            _clients.Set(key, client, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleLifetime });
        }

        return new SharedConnectorClient(client);
    }

    private sealed class Factory(ReusedConnectorClients clients, ConnectorFactory inner, string appId) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            clients.GetAsync(inner, appId, serviceUrl, audience, cancellationToken);
    }
}
