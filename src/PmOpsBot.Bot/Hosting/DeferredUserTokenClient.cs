using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace PmOpsBot.Bot.Hosting;

/// <summary>
/// A <see cref="UserTokenClient"/> made only when a turn first asks it for something. The Bot Framework's adapter builds
/// one for every turn, for sign-in flows; building it (a REST client and its user-agent string) was a fifth of a turn's
/// CPU, and PmOpsBot has no sign-in flow, so turns normally never ask.
/// </summary>
public sealed class DeferredUserTokenClient(Func<Task<UserTokenClient>> create) : UserTokenClient
{
    // Made once, by whichever call comes first; making it does no I/O, so it is not cancelled with that call.
    private readonly Lazy<Task<UserTokenClient>> _client = new(create);

    /// <summary>Whether the real client was made (for tests).</summary>
    public bool IsCreated => _client.IsValueCreated;

    public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
        await (await _client.Value).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

    public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
        await (await _client.Value).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

    public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
        await (await _client.Value).SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

    public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
        await (await _client.Value).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

    public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
        await (await _client.Value).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

    public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
        await (await _client.Value).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _client.IsValueCreated && _client.Value.IsCompletedSuccessfully) _client.Value.Result.Dispose();
        base.Dispose(disposing);
    }
}
