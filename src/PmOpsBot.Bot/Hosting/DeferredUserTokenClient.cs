using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace PmOpsBot.Bot.Hosting;

/// <summary>
/// A <see cref="UserTokenClient"/> made only when a turn first asks it for something. The Bot Framework's adapter builds
/// one for every turn, for sign-in flows; building it (a REST client and its user-agent string) was a fifth of a turn's
/// CPU, and PmOpsBot has no sign-in flow, so turns normally never ask.
/// </summary>
public sealed class DeferredUserTokenClient(Func<CancellationToken, Task<UserTokenClient>> create) : UserTokenClient
{
    private readonly SemaphoreSlim _creating = new(1, 1);
    private UserTokenClient? _client;

    /// <summary>Whether the real client was made (for tests).</summary>
    public bool IsCreated => Volatile.Read(ref _client) is not null;

    public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
        await (await ClientAsync(cancellationToken)).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

    public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
        await (await ClientAsync(cancellationToken)).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

    public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
        await (await ClientAsync(cancellationToken)).SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

    public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
        await (await ClientAsync(cancellationToken)).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

    public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
        await (await ClientAsync(cancellationToken)).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

    public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
        await (await ClientAsync(cancellationToken)).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Interlocked.Exchange(ref _client, null)?.Dispose();
            _creating.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<UserTokenClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } made) return made;
        await _creating.WaitAsync(cancellationToken);
        try
        {
            return _client ??= await create(cancellationToken);
        }
        finally
        {
            _creating.Release();
        }
    }
}
