using System.Text;

namespace PmOpsBot.Tests.Fuzz;

/// <summary>
/// One generated HTTP request: where it goes, the exact body bytes, the content type (null: none sent, which
/// lets a test send garbage types too) and any extra headers (Slack's signature headers, computed when generated).
/// </summary>
public sealed record FuzzCase(int Index, string Kind, string Path, byte[] Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>What a failure message shows: enough to recognise the input; the seed and index reproduce it exactly.</summary>
    public string Describe(int excerpt = 400)
    {
        var text = Encoding.UTF8.GetString(Body);
        var shown = text.Length > excerpt ? text[..excerpt] + $"… ({text.Length} chars)" : text;
        var escaped = new StringBuilder();
        foreach (var c in shown) escaped.Append(c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString());
        return $"#{Index} [{Kind}] POST {Path} ({ContentType ?? "no content type"}, {Body.Length} bytes): {escaped}";
    }

    public HttpRequestMessage ToRequest()
    {
        var content = new ByteArrayContent(Body);
        if (ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        foreach (var (name, value) in Headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
