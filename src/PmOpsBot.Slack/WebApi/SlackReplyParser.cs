using System.Net;
using System.Net.Http.Headers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Slack.WebApi;

/// <summary>
/// Turns Slack's HTTP answer into its JSON payload, or into a <see cref="SlackApiException"/> with the code a sender
/// can act on. Slack reports most errors as HTTP 200 with <c>{"ok":false,"error":…}</c>; rate limits as 429, outages as 5xx.
/// </summary>
internal static class SlackReplyParser
{
    private const int BodyExcerptLength = 80;

    /// <summary>A Web API method's answer: must be <c>{"ok":true,…}</c>.</summary>
    public static JObject ParseWebApiReply(string method, HttpStatusCode status, HttpResponseHeaders headers, string body, DateTimeOffset now)
    {
        var json = TryParseObject(body);
        ThrowOnHttpOrSlackError(method, status, headers, json, body, now);
        if (json?["ok"]?.Type != JTokenType.Boolean || !json.Value<bool>("ok"))
        {
            throw new SlackApiException(method, SlackErrorCodes.InvalidResponse, $"HTTP {(int)status} with body '{Excerpt(body)}'");
        }

        return json;
    }

    /// <summary>A <c>response_url</c>'s answer: any 2xx is success (Slack has answered both "ok" and <c>{"ok":true}</c>).</summary>
    public static void CheckResponseUrlReply(string method, HttpStatusCode status, HttpResponseHeaders headers, string body, DateTimeOffset now)
    {
        var json = TryParseObject(body);
        ThrowOnHttpOrSlackError(method, status, headers, json, body, now);
    }

    private static void ThrowOnHttpOrSlackError(string method, HttpStatusCode status, HttpResponseHeaders headers, JObject? json, string body, DateTimeOffset now)
    {
        var code = (int)status;
        if (status == HttpStatusCode.TooManyRequests)
        {
            throw new SlackApiException(method, SlackErrorCodes.RateLimited, "HTTP 429", retryAfter: RetryAfterOf(headers, now));
        }

        if (code >= 500)
        {
            throw new SlackApiException(method, $"http_{code}", $"HTTP {code}");
        }

        if (json?["ok"]?.Type == JTokenType.Boolean && !json.Value<bool>("ok"))
        {
            throw new SlackApiException(method, json["error"]?.ToString() is { Length: > 0 } error ? error : $"http_{code}", DetailOf(json));
        }

        if (code is < 200 or >= 300)
        {
            // response_url answers errors as a bare word ("expired_url", "used_url"); anything longer is not a code.
            var word = body.Trim();
            var errorCode = word.Length is > 0 and <= 64 && word.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? word : $"http_{code}";
            throw new SlackApiException(method, errorCode, $"HTTP {code}");
        }
    }

    /// <summary>Slack's Retry-After is whole seconds; an HTTP date is honoured too. Null when missing or unreadable.</summary>
    private static TimeSpan? RetryAfterOf(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta) return delta;
        if (retryAfter?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    /// <summary>What Slack adds to some errors: the scope it needed, or why it refused the blocks.</summary>
    private static string? DetailOf(JObject json)
    {
        var details = new List<string>();
        if (json["needed"]?.ToString() is { Length: > 0 } needed) details.Add($"needed: {needed}");
        if (json["response_metadata"]?["messages"] is JArray messages && messages.Count > 0)
        {
            details.Add(string.Join("; ", messages.Select(m => m.ToString())));
        }

        return details.Count == 0 ? null : string.Join(", ", details);
    }

    private static JObject? TryParseObject(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            // Dates and floats stay as text: a ts like "1700000000.000100" must come back exactly as sent.
            using var reader = new JsonTextReader(new StringReader(body)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            return JToken.ReadFrom(reader) as JObject;
        }
        catch (JsonReaderException)
        {
            return null;
        }
    }

    private static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= BodyExcerptLength ? flat : flat[..BodyExcerptLength] + "…";
    }
}
