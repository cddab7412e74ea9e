using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace PmOpsBot.Bot.Hosting;

/// <summary>
/// Reads an activity from a request body and writes a turn's response, as the Bot Framework's <c>HttpHelper</c> does for
/// <c>CloudAdapter.ProcessAsync</c> (same serializer settings), so that the endpoint reads each body once and cards go out
/// without a copy (<see cref="DirectCardContentResolver"/>). Responses carry the same JSON, written compact instead of indented.
/// </summary>
public static class BotMessageJson
{
    // Deeper than any activity a channel sends; a body nested deeper is refused before it costs anything.
    private const int MaxDepth = 64;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly JsonSerializer RequestSerializer = CreateRequestSerializer();

    private static readonly JsonSerializer ResponseSerializer = CreateResponseSerializer();

    /// <summary>The activity in <paramref name="body"/>, read exactly as the Bot Framework reads it; null when the body is not one.</summary>
    public static Activity? ReadActivity(ArraySegment<byte> body)
    {
        try
        {
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(body.Array ?? [], body.Offset, body.Count, writable: false), Utf8));
            return RequestSerializer.Deserialize<Activity>(reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the adapter answered: its status and body, or 200 when the turn has nothing to return.</summary>
    public static async Task WriteResponseAsync(HttpResponse response, InvokeResponse? invokeResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = invokeResponse?.Status ?? StatusCodes.Status200OK;
        if (invokeResponse?.Body is null)
        {
            return;
        }

        // Serialised into memory first: Kestrel refuses synchronous writes, and the JSON writer writes synchronously.
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, Utf8, bufferSize: 1024, leaveOpen: true))
        using (var json = new JsonTextWriter(writer))
        {
            ResponseSerializer.Serialize(json, invokeResponse.Body);
        }

        response.ContentType = "application/json";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    private static JsonSerializer CreateRequestSerializer()
    {
        // The Bot Framework's settings lift the reader's depth limit (MaxDepth = null); this puts one back.
        var serializer = JsonSerializer.Create(HttpHelper.BotMessageSerializerSettings);
        serializer.MaxDepth = MaxDepth;
        return serializer;
    }

    private static JsonSerializer CreateResponseSerializer()
    {
        var serializer = JsonSerializer.Create(HttpHelper.BotMessageSerializerSettings);
        serializer.ContractResolver = new DirectCardContentResolver();
        // The Bot Framework indents its responses; nobody reads them but the channel, so they go out compact (about a
        // third fewer bytes for a card).
        serializer.Formatting = Formatting.None;
        return serializer;
    }
}
