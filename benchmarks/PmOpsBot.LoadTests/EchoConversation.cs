using System.Diagnostics;

namespace PmOpsBot.LoadTests;

/// <summary>
/// One user's 1:1 conversation with the echo bot: the same messages an interview sends ("new initiative", a name, the
/// description, "yes", then "a" for each question), so requests and replies are of the same size, each turn timed.
/// </summary>
internal sealed class EchoConversation(HttpClient client, string path, string runId, int n, int turns)
{
    private readonly List<long> _latencies = new(turns);

    public string ConversationId { get; } = $"echo-conv-{runId}-{n}";

    public string UserId { get; } = $"echo-user-{runId}-{n}";

    /// <summary>Stopwatch ticks per turn, failed turns included.</summary>
    public IReadOnlyList<long> Latencies => _latencies;

    /// <summary>Turns not answered 2xx with the echo of what was sent; the first one ends the conversation.</summary>
    public int Errors { get; private set; }

    public string? Error { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        for (var turn = 0; turn < turns; turn++)
        {
            var text = turn switch
            {
                0 => "new initiative",
                1 => $"Load initiative {runId} {n}",
                2 => TurnsLoadTest.Description,
                3 => "yes",
                _ => "a",
            };
            if (!await SayAsync(text, ct)) return;
        }
    }

    private async Task<bool> SayAsync(string text, CancellationToken ct)
    {
        using var content = TeamsMessage.Content(ConversationId, UserId, text);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.PostAsync(path, content, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            _latencies.Add(Stopwatch.GetTimestamp() - start);
            if (response.IsSuccessStatusCode && body.Contains(EchoBot.Prefix + text, StringComparison.Ordinal)) return true;
            return Fail($"{(int)response.StatusCode}, not the echo of \"{text}\": {(body.Length <= 300 ? body : body[..300] + "...")}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _latencies.Add(Stopwatch.GetTimestamp() - start);
            return Fail(e.Message);
        }
    }

    private bool Fail(string error)
    {
        Errors++;
        Error ??= $"{ConversationId}: {error}";
        return false;
    }
}
