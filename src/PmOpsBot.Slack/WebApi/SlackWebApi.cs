using Microsoft.Extensions.Caching.Memory;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmOpsBot.Slack.BlockKit;
using Polly;

namespace PmOpsBot.Slack.WebApi;

/// <summary>
/// The Slack Web API calls the bot makes, written by hand (there is no Slack SDK for .NET here). Every call is
/// retried per <see cref="SlackRetryPipeline"/>; failures surface as <see cref="SlackApiException"/> with Slack's code.
/// </summary>
public sealed class SlackWebApi
{
    private const string ResponseUrlMethod = "response_url";

    private const int UserCacheSize = 10_000;
    private static readonly TimeSpan UserCacheTime = TimeSpan.FromMinutes(15);
    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SlackWebApi> _logger;
    private readonly Uri _apiBase;
    private readonly ResiliencePipeline _retry;
    private readonly ChannelPostPacer _pacer;
    private readonly MemoryCache _users;
    private readonly SemaphoreSlim _identityGate = new(1, 1);
    private SlackBotIdentity? _identity;

    public SlackWebApi(HttpClient http, IOptions<SlackOptions> options, TimeProvider clock, ILogger<SlackWebApi> logger)
    {
        _http = http;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _apiBase = ApiBaseOf(_options.ApiBaseUrl);
        _retry = SlackRetryPipeline.Create(_options, clock, logger);
        _pacer = new ChannelPostPacer(_options.ChannelPostInterval, clock);
        // Names and time zones change rarely: a digest naming the same people asks users.info once per person, and a big workspace cannot fill memory.
        _users = new MemoryCache(new MemoryCacheOptions { SizeLimit = UserCacheSize, Clock = new TimeProviderClock(clock) });
    }

    /// <summary>chat.postMessage, paced per channel; returns the new message's <c>ts</c>.</summary>
    public async Task<string> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var body = BodyOf(message, keepEmptyBlocks: false);
        body["channel"] = channel;
        if (!string.IsNullOrEmpty(threadTs)) body["thread_ts"] = threadTs;

        using (await _pacer.WaitForTurnAsync(channel, ct).ConfigureAwait(false))
        {
            return await CallAsync("chat.postMessage", Json(body), reply => Required(reply, "chat.postMessage", "ts"), ct).ConfigureAwait(false);
        }
    }

    /// <summary>chat.update: replaces the text and blocks of a message the bot posted.</summary>
    public Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(ts);
        // Blocks always go along: an omitted "blocks" would keep the old ones under the new text.
        var body = BodyOf(message, keepEmptyBlocks: true);
        body["channel"] = channel;
        body["ts"] = ts;
        return CallAsync("chat.update", Json(body), static _ => true, ct);
    }

    /// <summary>chat.postEphemeral: a message only <paramref name="user"/> sees; returns its <c>message_ts</c> when Slack gives one.</summary>
    public Task<string?> PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        var body = BodyOf(message, keepEmptyBlocks: false);
        body["channel"] = channel;
        body["user"] = user;
        if (!string.IsNullOrEmpty(threadTs)) body["thread_ts"] = threadTs;
        return CallAsync("chat.postEphemeral", Json(body), static reply => reply["message_ts"]?.ToString(), ct);
    }

    /// <summary>chat.delete: removes a message the bot posted.</summary>
    public Task DeleteMessageAsync(string channel, string ts, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(ts);
        return CallAsync("chat.delete", Json(new JObject { ["channel"] = channel, ["ts"] = ts }), static _ => true, ct);
    }

    /// <summary>
    /// Answers a slash command or an interaction through its <c>response_url</c> (absolute http(s) only). The URL itself
    /// is the credential, so no token is sent and the URL is never logged.
    /// </summary>
    public Task RespondAsync(string responseUrl, SlackMessage message, SlackResponseMode mode, CancellationToken ct)
    {
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("A Slack response_url must be an absolute http(s) URL.", nameof(responseUrl));
        }

        var replacing = mode == SlackResponseMode.ReplaceOriginal;
        var body = BodyOf(message, keepEmptyBlocks: replacing);
        if (replacing)
        {
            body["replace_original"] = true;
        }
        else
        {
            body["response_type"] = mode == SlackResponseMode.InChannel ? "in_channel" : "ephemeral";
            // Explicit, because for some interactions Slack otherwise replaces the message the button was on.
            body["replace_original"] = false;
        }

        var json = body.ToString(Formatting.None);
        return ExecuteAsync(ResponseUrlMethod, async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            var (response, text) = await SendOnceAsync(ResponseUrlMethod, request, token).ConfigureAwait(false);
            using (response)
            {
                SlackReplyParser.CheckResponseUrlReply(ResponseUrlMethod, response.StatusCode, response.Headers, text, _clock.GetUtcNow());
            }

            return true;
        }, LogLevel.Error, ct);
    }

    /// <summary>conversations.open: the direct-message channel with <paramref name="userId"/> (opened if need be).</summary>
    public Task<string> OpenDirectMessageAsync(string userId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return CallAsync("conversations.open", Json(new JObject { ["users"] = userId }),
            static reply => Required(reply, "conversations.open", "channel", "id"), ct);
    }

    /// <summary>
    /// users.info: the name people know <paramref name="userId"/> by (display name, else real name, else handle).
    /// Cached for a while. Null when Slack cannot say; only cancellation throws, since a name is never worth failing a reply over.
    /// </summary>
    public async Task<string?> GetUserNameAsync(string userId, CancellationToken ct) => (await GetUserAsync(userId, ct).ConfigureAwait(false))?.Name;

    /// <summary>users.info: the person's display name and time zone, remembered for a while; null (logged) when Slack can't say.</summary>
    public async Task<SlackUser?> GetUserAsync(string userId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userId)) return null;
        if (_users.TryGetValue(userId, out SlackUser? cached)) return cached;
        try
        {
            // users.info takes form fields, not JSON.
            var user = await CallAsync("users.info", Form(("user", userId)), reply => UserOf(userId, reply), ct, LogLevel.Warning).ConfigureAwait(false);
            if (user is not null) _users.Set(userId, user, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = UserCacheTime });
            return user;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (SlackApiException)
        {
            return null; // already logged with Slack's code
        }
        catch (Exception e)
        {
            SlackWebApiLog.UserNameUnavailable(_logger, e, userId);
            return null;
        }
    }

    /// <summary>auth.test: the bot's own user, team and bot ids; asked once, then remembered.</summary>
    public async Task<SlackBotIdentity> AuthTestAsync(CancellationToken ct)
    {
        if (_identity is { } known) return known;
        // The background lanes start together: one of them asks, the others wait for its answer.
        await _identityGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_identity is { } answered) return answered;
            var identity = await CallAsync("auth.test", Form(), static reply => new SlackBotIdentity(
                Required(reply, "auth.test", "user_id"),
                Required(reply, "auth.test", "team_id"),
                reply["bot_id"]?.ToString()), ct).ConfigureAwait(false);
            return _identity = identity;
        }
        finally
        {
            _identityGate.Release();
        }
    }

    /// <summary>One Web API method with the bot token, retried; <paramref name="read"/> picks the answer apart.</summary>
    private Task<T> CallAsync<T>(string method, Func<HttpContent> content, Func<JObject, T> read, CancellationToken ct, LogLevel failureLevel = LogLevel.Error)
    {
        var url = new Uri(_apiBase, method);
        return ExecuteAsync(method, async token =>
        {
            if (string.IsNullOrWhiteSpace(_options.BotToken))
            {
                throw new SlackApiException(method, SlackErrorCodes.NotAuthed, "Slack:BotToken is empty");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BotToken);
            var (response, text) = await SendOnceAsync(method, request, token).ConfigureAwait(false);
            using (response)
            {
                return read(SlackReplyParser.ParseWebApiReply(method, response.StatusCode, response.Headers, text, _clock.GetUtcNow()));
            }
        }, failureLevel, ct);
    }

    /// <summary>Runs one call through the retry pipeline and logs the failure that is final.</summary>
    private async Task<T> ExecuteAsync<T>(string method, Func<CancellationToken, Task<T>> attempt, LogLevel failureLevel, CancellationToken ct)
    {
        try
        {
            return await _retry.ExecuteAsync(async token => await attempt(token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (SlackApiException e)
        {
            SlackWebApiLog.CallFailed(_logger, failureLevel, e, method, e.Code, e.Message);
            throw;
        }
    }

    /// <summary>Sends once; network trouble and HTTP timeouts become retryable Slack errors, the caller's cancellation stays cancellation.</summary>
    private async Task<(HttpResponseMessage Response, string Body)> SendOnceAsync(string method, HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return (response, body);
        }
        catch (HttpRequestException e)
        {
            response?.Dispose();
            throw new SlackApiException(method, SlackErrorCodes.NetworkError, e.Message, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            response?.Dispose();
            throw new SlackApiException(method, SlackErrorCodes.RequestTimeout, "no answer within the HTTP timeout", e);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private static JObject BodyOf(SlackMessage message, bool keepEmptyBlocks)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = JObject.FromObject(message);
        if (!keepEmptyBlocks && message.Blocks.Count == 0) body.Remove("blocks");
        return body;
    }

    private static Func<HttpContent> Json(JObject body)
    {
        var json = body.ToString(Formatting.None);
        return () => new StringContent(json, Encoding.UTF8, "application/json");
    }

    private static Func<HttpContent> Form(params (string Name, string Value)[] fields) =>
        () => new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    private static SlackUser? UserOf(string userId, JObject reply)
    {
        var user = reply["user"];
        string?[] candidates = [user?["profile"]?["display_name"]?.ToString(), user?["real_name"]?.ToString(), user?["profile"]?["real_name"]?.ToString(), user?["name"]?.ToString()];
        var name = candidates.FirstOrDefault(name => !string.IsNullOrWhiteSpace(name));
        return name is null ? null : new SlackUser(userId, name, user?["tz"]?.ToString() is { Length: > 0 } zone ? zone : null);
    }

    private static string Required(JObject reply, string method, params string[] path)
    {
        JToken? token = reply;
        foreach (var name in path) token = token?[name];
        return token?.Type == JTokenType.String && token.ToString() is { Length: > 0 } value
            ? value
            : throw new SlackApiException(method, SlackErrorCodes.InvalidResponse, $"the answer has no '{string.Join('.', path)}'");
    }

    private static Uri ApiBaseOf(string apiBaseUrl)
    {
        // A trailing slash makes "chat.postMessage" resolve under /api/ instead of replacing its last segment.
        var withSlash = apiBaseUrl.EndsWith('/') ? apiBaseUrl : apiBaseUrl + "/";
        return Uri.TryCreate(withSlash, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : throw new InvalidOperationException($"Slack:ApiBaseUrl '{apiBaseUrl}' is not an absolute http(s) URL; use https://slack.com/api/.");
    }
}
