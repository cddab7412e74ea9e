using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PmOpsBot.Slack.Inbound;

namespace PmOpsBot.LoadTests;

/// <summary>
/// Measures how fast the real host acknowledges signed Slack events (verify the signature, parse, enqueue) while the
/// bot works off its queue in the same process on the same cores, answering a fake Slack Web API on loopback.
/// </summary>
public static class SlackAckLoadTest
{
    private const string SigningSecret = "load-test-signing-secret-0123456789abcdef";
    private const int Users = 200;
    private static readonly string[] Texts = ["help", "who owns the office move after launch?"];
    private static readonly string[] ReplyMethods = ["chat.postMessage", "chat.postEphemeral"];

    public static async Task<SlackAckResult> RunAsync(SlackAckOptions options)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        var database = Path.Combine(Path.GetTempPath(), $"pmopsbot-load-{Guid.NewGuid():N}.db");
        var app = BotWebHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={database}",
            $"--Slack:SigningSecret={SigningSecret}",
            "--Slack:BotToken=xoxb-load",
            $"--Slack:ApiBaseUrl={slack.BaseUrl}",
            // Pacing is Slack's rule per channel; every user here has their own DM channel, and the fake has no limit.
            "--Slack:ChannelPostInterval=00:00:00",
            "--Digest:SchedulerEnabled=false",
            // The host logs as configured (a line per turn), but to stderr, so stdout holds only the summary.
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ]);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri(address),
            };

            var runId = Guid.NewGuid().ToString("N")[..8];
            var warmup = await SendAsync(http, runId, first: 0, options.Warmup, options.Concurrency, options.Edits);
            var gcBefore = GcSnapshot.Take();
            var started = Stopwatch.GetTimestamp();
            var measured = options.ProfileFile is { } trace
                ? await CpuProfiler.RecordAsync(trace, () => SendAsync(http, runId, first: options.Warmup, options.Requests, options.Concurrency, options.Edits))
                : await SendAsync(http, runId, first: options.Warmup, options.Requests, options.Concurrency, options.Edits);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var gc = GcSnapshot.Take() - gcBefore;
            var repliesAtEnd = Replies(slack);

            // Every accepted message asks for one answer (an edit for none); wait for them, then for a quiet moment in case a turn sends more.
            var accepted = options.Edits ? 0 : warmup.Accepted + measured.Accepted;
            var drainStarted = Stopwatch.GetTimestamp();
            var drained = false;
            while (Stopwatch.GetElapsedTime(drainStarted) < options.DrainTimeout)
            {
                if (Replies(slack) >= accepted && slack.Idle > TimeSpan.FromSeconds(1))
                {
                    drained = true;
                    break;
                }

                await Task.Delay(50);
            }

            // Until the last call to Slack, not until the quiet moment after it.
            var drainTime = TimeSpan.FromTicks(Math.Max(0, (Stopwatch.GetElapsedTime(drainStarted) - slack.Idle).Ticks));
            return SlackAckResult.From(options, measured, elapsed, repliesAtEnd, Replies(slack), accepted, drained,
                drainTime, gc, slack.Calls, options.ProfileFile is { } path ? CpuProfiler.Analyze("slack-ack", path, Side) : null);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
        }
    }

    /// <summary>Who ran a sampled stack: the acknowledgement (endpoint, signature, intake), the bot working its queue, or neither (shared: the write queue's commits, Kestrel, the client).</summary>
    private static string Side(List<string> frames) =>
        frames.Exists(f => f.StartsWith("PmOpsBot.Slack.Inbound.SlackEndpoints", StringComparison.Ordinal) || f.StartsWith("PmOpsBot.Slack.Inbound.SlackInboundIntake", StringComparison.Ordinal)) ? "ack: "
        : frames.Exists(f => f.StartsWith("PmOpsBot.Slack.Inbound.SlackTurnProcessor", StringComparison.Ordinal) || f.StartsWith("PmOpsBot.Slack.SlackAdapter", StringComparison.Ordinal)) ? "turn: "
        : "";

    private static int Replies(FakeSlackApi slack) => ReplyMethods.Sum(slack.CallsTo);

    /// <summary>Sends events first..first+count-1 with exactly <paramref name="concurrency"/> in flight; returns each one's wall time.</summary>
    private static async Task<Batch> SendAsync(HttpClient http, string runId, int first, int count, int concurrency, bool edits)
    {
        var latencies = new long[count];
        var statuses = new int[count];
        string? firstError = null;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            using var request = SignedEvent(runId, first + i, edits);
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request, ct);
                latencies[i] = Stopwatch.GetTimestamp() - start;
                statuses[i] = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                    Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}", null);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // No answer at all (refused, reset, or HttpClient's timeout): counted as failed, status 0.
                latencies[i] = Stopwatch.GetTimestamp() - start;
                Interlocked.CompareExchange(ref firstError, e.Message, null);
            }
        });
        return new Batch(latencies, statuses, firstError);
    }

    /// <summary>A direct message to the bot (or an edit of one) as Slack's Events API delivers it, signed with the app's secret.</summary>
    private static HttpRequestMessage SignedEvent(string runId, int n, bool edit)
    {
        var user = $"ULOAD{n % Users:D4}";
        var message = new Dictionary<string, string>
        {
            ["type"] = "message",
            ["channel_type"] = "im",
            ["channel"] = "D" + user,
            ["user"] = user,
            ["text"] = Texts[n % Texts.Length],
            ["ts"] = string.Create(CultureInfo.InvariantCulture, $"1800000000.{n:D6}"),
        };
        // Edits are verified, parsed and queued like any message, and then ignored by the bot: the ack path without the background work.
        if (edit) message["subtype"] = "message_changed";
        var envelope = new
        {
            token = "legacy-verification-token",
            team_id = "TLOAD",
            api_app_id = "ALOAD",
            type = "event_callback",
            event_id = $"Ev{runId}{n:D8}",
            event_time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            @event = message,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", Encoding.UTF8.WebName);
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Sign(SigningSecret, timestamp, body));
        return request;
    }

    /// <summary>One batch of requests: Stopwatch ticks and HTTP status per request (0 when no answer came).</summary>
    internal sealed record Batch(long[] Latencies, int[] Statuses, string? FirstError)
    {
        public int Accepted => Statuses.Count(s => s is >= 200 and < 300);
    }
}
