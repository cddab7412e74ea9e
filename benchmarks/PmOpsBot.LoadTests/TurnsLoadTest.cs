using System.Diagnostics;
using System.Text.Json;
using PmOpsBot.Bot.Hosting;

namespace PmOpsBot.LoadTests;

/// <summary>
/// Measures whole chat turns over HTTP: real bot processes on one database (SQLite or PostgreSQL), and many 1:1
/// conversations each doing a full interview through POST /api/messages with deliveryMode expectReplies, so every
/// response carries the turn's replies. With two processes, turn n of a conversation goes to process n % 2, like a
/// load balancer without sticky sessions: every turn must find the state the previous one left on the other process.
/// </summary>
public static class TurnsLoadTest
{
    public const string Description = "Relocate the Leeds office to the new building by June";

    /// <summary>An interview has about 12 turns; more than this many question replies means it is not ending.</summary>
    private const int MaxQuestions = 20;

    /// <summary>How often one message is sent again when the bot asks for it.</summary>
    private const int MaxResends = 2;

    public static async Task<IReadOnlyList<TurnsResult>> RunAsync(TurnsOptions options, TextWriter progress)
    {
        var results = new List<TurnsResult>();
        foreach (var provider in options.Providers)
        {
            foreach (var instances in options.Instances)
            {
                progress.WriteLine($"turns: {provider}, {instances} instance(s) ...");
                try
                {
                    results.Add(await RunOnceAsync(provider, instances, options));
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
                {
                    // One combination that cannot start (no server, a host without the provider) should not hide the others.
                    results.Add(TurnsResult.NotRun(provider, instances, options, e.Message));
                }

                progress.WriteLine($"  {results[^1].Summary}");
            }
        }

        return results;
    }

    private static async Task<TurnsResult> RunOnceAsync(DatabaseProvider provider, int instances, TurnsOptions options)
    {
        await using var database = await LoadDatabase.CreateAsync(provider);
        var bots = new List<BotProcess>();
        var clients = new List<HttpClient>();
        try
        {
            // One after the other: the first process creates the schema, the second finds it there.
            for (var n = 0; n < instances; n++)
                bots.Add(await BotProcess.StartAsync($"{provider.ToString().ToLowerInvariant()} {n + 1}/{instances}", database.HostEnvironment));
            clients.AddRange(bots.Select(bot => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = bot.BaseAddress,
                Timeout = TimeSpan.FromSeconds(60),
            }));

            await EnsureSchemaAsync(database);
            var runId = Guid.NewGuid().ToString("N")[..8];
            await InterviewsAsync(clients, runId, first: 0, options.Warmup, Math.Max(1, Math.Min(options.Warmup, options.Concurrency)));
            var loadBefore = TurnsResult.LoadAverage();
            var cpuBefore = bots.Sum(bot => bot.ProcessorTime.TotalMilliseconds);
            var started = Stopwatch.GetTimestamp();
            var measured = await InterviewsAsync(clients, runId, first: options.Warmup, options.Conversations, options.Concurrency);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpuMs = bots.Sum(bot => bot.ProcessorTime.TotalMilliseconds) - cpuBefore;
            var loadAfter = TurnsResult.LoadAverage();

            // Each interview that reached its decision saved one initiative, warm-up included.
            var stored = await database.CountAsync("initiatives");
            return TurnsResult.From(provider, instances, options, measured, elapsed, cpuMs, stored, loadBefore, loadAfter);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            foreach (var bot in bots) await bot.DisposeAsync();
        }
    }

    /// <summary>The first bot migrates at start; no schema in the fresh database means the host stored its data elsewhere.</summary>
    private static async Task EnsureSchemaAsync(LoadDatabase database)
    {
        try
        {
            await database.CountAsync("initiatives");
        }
        catch (System.Data.Common.DbException e)
        {
            throw new InvalidOperationException(
                $"The bot started but did not create its tables in the fresh {database.Provider} database ({e.Message.Split('\n')[0]}); does this host read Storage:Provider?", e);
        }
    }

    /// <summary>Runs interviews first..first+count-1, <paramref name="concurrency"/> at a time.</summary>
    private static async Task<Interview[]> InterviewsAsync(IReadOnlyList<HttpClient> clients, string runId, int first, int count, int concurrency)
    {
        var interviews = new Interview[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var interview = new Interview(clients, runId, first + i);
            await interview.RunAsync(ct);
            interviews[i] = interview;
        });
        return interviews;
    }

    /// <summary>One user's 1:1 conversation from "new initiative" to the decision card, each turn timed.</summary>
    internal sealed class Interview(IReadOnlyList<HttpClient> clients, string runId, int n)
    {
        private readonly List<long> _latencies = new(16);
        private int _turn;

        public string Name { get; } = $"Load initiative {runId} {n}";

        public string ConversationId { get; } = $"load-conv-{runId}-{n}";

        public string UserId { get; } = $"load-user-{runId}-{n}";

        /// <summary>Stopwatch ticks per turn, failed turns included.</summary>
        public IReadOnlyList<long> Latencies => _latencies;

        public TurnFailure Failure { get; private set; }

        public string? Error { get; private set; }

        public bool Decided { get; private set; }

        /// <summary>Turns the bot answered with its apology instead (see TurnErrorPolicy); counted as errors, not as failures that end the interview.</summary>
        public int ErrorReplies { get; private set; }

        public async Task RunAsync(CancellationToken ct)
        {
            // A failed turn ends the conversation: what follows would answer a question the bot did not ask.
            if (await SayAsync("new initiative", ct) is null) return;
            if (await SayAsync(Name, ct) is null) return;
            if (await SayAsync(Description, ct) is null) return;
            var reply = await SayAsync("yes", ct);
            for (var q = 0; q < MaxQuestions && reply is not null && reply.Contains("Question ", StringComparison.Ordinal); q++)
                reply = await SayAsync("a", ct);
            Decided = reply is not null && reply.Contains(Name, StringComparison.Ordinal) && reply.Contains("Confidence ", StringComparison.Ordinal);
        }

        /// <summary>
        /// Sends one message to the next instance in turn; the response body, or null when the turn failed. When the bot
        /// answers "send your last message again" (a write conflict or a transient failure), this sends it again, as a person would.
        /// </summary>
        private async Task<string?> SayAsync(string text, CancellationToken ct)
        {
            for (var attempt = 1; ; attempt++)
            {
                var body = await SendAsync(text, ct);
                if (body is null) return null;
                var apology = Apology(body);
                if (apology is null) return body;
                ErrorReplies++;
                if (apology == TurnErrorPolicy.ResetMessage || attempt == MaxResends + 1)
                    return Fail(TurnFailure.ErrorReply, $"the bot answered \"{text}\" with \"{apology}\"");
                Error ??= $"{Name}, turn {_turn}: the bot answered \"{text}\" with \"{apology}\" (sent again)";
            }
        }

        private async Task<string?> SendAsync(string text, CancellationToken ct)
        {
            var client = clients[_turn++ % clients.Count];
            using var content = TeamsMessage.Content(ConversationId, UserId, text);
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.PostAsync("/api/messages", content, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                _latencies.Add(Stopwatch.GetTimestamp() - start);
                if (!response.IsSuccessStatusCode) return Fail(TurnFailure.NonSuccess, $"{(int)response.StatusCode}: {Truncate(body)}");
                if (!TeamsMessage.HasReplies(body)) return Fail(TurnFailure.EmptyReply, $"no replies to \"{text}\": {Truncate(body)}");
                return body;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // No answer at all (refused, reset, or HttpClient's timeout).
                _latencies.Add(Stopwatch.GetTimestamp() - start);
                return Fail(TurnFailure.NoAnswer, e.Message);
            }
        }

        private string? Fail(TurnFailure failure, string error)
        {
            Failure = failure;
            Error = $"{Name}, turn {_turn}: {error}";
            return null;
        }

        /// <summary>The bot's apology for a failed turn, if that is what it answered.</summary>
        private static string? Apology(string body)
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("activities").EnumerateArray()
                .Select(a => a.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null)
                .FirstOrDefault(t => t is TurnErrorPolicy.ResetMessage or TurnErrorPolicy.ConflictMessage or TurnErrorPolicy.TransientMessage);
        }

        private static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "...";
    }

    internal enum TurnFailure
    {
        None,
        NonSuccess,
        EmptyReply,
        NoAnswer,
        ErrorReply,
    }
}
