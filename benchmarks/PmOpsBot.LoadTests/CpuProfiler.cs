using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace PmOpsBot.LoadTests;

/// <summary>Where the samples of one profiled phase fell: share of samples per part of the turn.</summary>
public sealed record CpuProfile(string Phase, int Samples, IReadOnlyList<CpuShare> Shares)
{
    /// <summary>Within the parts asked for (<c>cpu --frames</c>): how many samples had each frame as their leaf-most managed frame.</summary>
    public IReadOnlyList<CpuShare> Frames { get; init; } = [];
}

public sealed record CpuShare(string Part, int Samples, double Percent)
{
    /// <summary>Sample counts as shares of <paramref name="total"/>, largest first.</summary>
    public static List<CpuShare> Ranked(Dictionary<string, int> counts, int total) =>
        counts.OrderByDescending(c => c.Value).Select(c => new CpuShare(c.Key, c.Value, 100.0 * c.Value / Math.Max(1, total))).ToList();
}

/// <summary>
/// A sampling profile of this process (the in-process host and its load generator) while some work runs, over EventPipe as
/// dotnet-trace records one: every managed thread's stack about once a millisecond, method names from the rundown at the
/// end. Each sample is put in one part of a turn by the frames on its stack (<see cref="Parts"/>). Only
/// samples of running code count: a thread in managed code, or in SQLite's native code (working, or waiting for the disk
/// or the write lock, which is where a turn spends that time too); threads parked in a wait are left out.
/// </summary>
public static class CpuProfiler
{
    /// <summary>A part of a turn: the frames that belong to it, and for library frames, whose call they must be part of.</summary>
    /// <param name="Owners">When given, a frame belongs to the part only if the nearest PmOpsBot or Bot Framework frame towards the root starts with one of these.</param>
    private sealed record Part(string Name, string[] Frames, string[]? Owners = null);

    /// <summary>Samples in the thread pool's code with nothing of a turn under them: mostly idle workers spinning before they block.</summary>
    internal const string ThreadPoolPart = "thread pool: idle workers spinning, dispatch";

    private const string StateJson = "state JSON (SqlBotStorage: Newtonsoft, or System.Text.Json for registered types)";
    private const string BotFramework = "Bot Framework: adapter, activity (de)serialization";

    /// <summary>
    /// A sample belongs to the part of the frame nearest its leaf that some part claims (tried in this order for each frame).
    /// Leaf first, because a finished await resumes its caller on the same stack: the rest of a turn after its state is
    /// saved runs above the storage's frames, and is not the storage's work. Frames no part claims (the base library,
    /// Dapper, SQLite's native code) pass the sample on to their caller. Frames list several names because the JIT inlines
    /// small methods (the transaction's constructor, Commit) out of the stack once they are hot.
    /// </summary>
    private static readonly Part[] Parts =
    [
        new("state read: resolving $type names (AllowListSerializationBinder)", ["PmOpsBot.Storage.Sqlite.AllowListSerializationBinder"]),
        new("SQLite: waiting for the write lock (BEGIN IMMEDIATE)",
            ["PmOpsBot.Storage.Sqlite.SqliteDatabase+<BeginWriteAsync>", "PmOpsBot.Storage.Sqlite.SqliteDatabase.BeginWriteAsync", "Microsoft.Data.Sqlite.SqliteTransaction..ctor", "Microsoft.Data.Sqlite.SqliteConnection.BeginTransaction"]),
        new("SQLite: commit (WAL write and sync)", ["Microsoft.Data.Sqlite.SqliteTransaction.Commit", "System.Data.Common.DbTransaction.CommitAsync"]),
        new("SQLite: opening a connection (pool, three PRAGMAs)", ["PmOpsBot.Storage.Sqlite.SqliteConnectionFactory"]),
        new(StateJson, ["Newtonsoft.Json", "System.Text.Json"], ["PmOpsBot.Storage.Stores.SqlBotStorage", "PmOpsBot.Storage.Stores.SourceGeneratedStateType", "PmOpsBot.Bot.State.ChatStateJson"]),
        new(StateJson, ["PmOpsBot.Storage.Stores.SourceGeneratedStateType", "PmOpsBot.Bot.State.ChatStateJson"]),
        new("SQLite and Dapper: conversation state, statements (bot_state)", ["PmOpsBot.Storage.Stores.SqlBotStorage"]),
        new("SQLite and Dapper: open-interview log, statements (SqlInterviewLog)", ["PmOpsBot.Storage.Stores.SqlInterviewLog"]),
        new("SQLite and Dapper: initiative registry, statements (SqlInitiativeStore)", ["PmOpsBot.Storage.Stores.SqlInitiativeStore", "PmOpsBot.Storage.Stores.NameWordIndex"]),
        new("SQLite: group commit (savepoints, handing results back)", ["PmOpsBot.Storage.Sqlite.SqliteGroupCommit"]),
        // Built by CloudAdapter for every turn before ReusedConnectorClients; its frames stay listed for older builds.
        new("Bot Framework: a new ConnectorClient (and UserTokenClient) every turn",
            ["Microsoft.Rest", "Microsoft.Bot.Connector.Authentication.BuiltinBotFrameworkAuthentication+<CreateUserTokenClientAsync", "Microsoft.Bot.Connector.Authentication.ConnectorFactoryImpl+<CreateAsync"]),
        new("regular expressions (text signals, answers)", ["System.Text.RegularExpressions"]),
        new("cards and reply rendering (PmOpsBot.Bot.Cards)", ["PmOpsBot.Bot.Cards"]),
        new("interview and conversation logic (PmOpsBot.Core)", ["PmOpsBot.Core"]),
        new("PmOpsBot.Bot handler, delivery, locks",
            ["PmOpsBot.Bot.PmOpsBotHandler", "PmOpsBot.Bot.ReplyDelivery", "PmOpsBot.Bot.State", "PmOpsBot.Bot.Delivery", "PmOpsBot.Bot.Activities"]),
        new(BotFramework, ["Microsoft.Bot", "PmOpsBot.Bot.Hosting"]),
        new(BotFramework, ["Newtonsoft.Json"], ["Microsoft.Bot", "PmOpsBot.Bot.Hosting"]),
        new("endpoint checks: body copy (BotMessagesEndpoint)", ["PmOpsBot.Endpoints.BotMessagesEndpoint"]),
        new("HTTP client (the load generator)", ["System.Net.Http", "PmOpsBot.LoadTests"]),
        new("ASP.NET Core and Kestrel", ["Microsoft.AspNetCore"]),
        new("sockets (both sides)", ["System.Net.Sockets"]),
    ];

    private static readonly string[] OwnerPrefixes = ["PmOpsBot.", "Microsoft.Bot."];

    /// <summary>For samples no frame of which any part claims: the first of these found anywhere on the stack.</summary>
    private static readonly (string Part, string Prefix)[] Fallbacks =
    [
        ("SQLite: other", "SQLitePCL"),
        ("SQLite: other", "Microsoft.Data.Sqlite"),
        // Mostly idle workers spinning in LowLevelLifoSemaphore.Wait before they block: CPU spent, no work done.
        (ThreadPoolPart, "System.Threading"),
    ];

    /// <summary>The part a sample belongs to, from its frames (leaf first).</summary>
    internal static string Classify(List<string> frames)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            foreach (var part in Parts)
            {
                if (!part.Frames.Any(name => frames[i].StartsWith(name, StringComparison.Ordinal))) continue;
                if (part.Owners is { } owners)
                {
                    var owner = frames.Skip(i + 1).FirstOrDefault(frame => OwnerPrefixes.Any(prefix => frame.StartsWith(prefix, StringComparison.Ordinal)));
                    if (owner is null || !owners.Any(name => owner.StartsWith(name, StringComparison.Ordinal))) continue;
                }

                return part.Name;
            }
        }

        foreach (var (part, prefix) in Fallbacks)
        {
            if (frames.Exists(frame => frame.StartsWith(prefix, StringComparison.Ordinal))) return part;
        }

        return "other";
    }

    public static async Task<T> RecordAsync<T>(string nettracePath, Func<Task<T>> work)
    {
        var providers = new[]
        {
            new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            // Verbose: the GC's allocation ticks (AllocationProfile) are verbose events.
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.Default),
        };
        using var session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(providers, requestRundown: true);
        var copy = Task.Run(async () =>
        {
            await using var file = File.Create(nettracePath);
            await session.EventStream.CopyToAsync(file);
        });
        try
        {
            return await work();
        }
        finally
        {
            session.Stop();
            await copy;
        }
    }

    /// <param name="side">Optional: a prefix for a sample's part from its whole stack ("ack: ", "turn: "), to split one phase by who ran the code.</param>
    /// <param name="framesOf">Optional: a prefix of part names whose samples are also counted by their leaf-most managed frame (<see cref="CpuProfile.Frames"/>).</param>
    /// <param name="framesDepth">How many frames from the leaf-most managed one down make a row of <see cref="CpuProfile.Frames"/> (its callers tell apart calls of one method).</param>
    /// <remarks>
    /// A leaf frame is only as exact as the sampler: it takes a stack where the thread stops for it, at a safe point (a call, an
    /// allocation, a loop's back edge), so allocation helpers and memory copies show up more often than they run.
    /// </remarks>
    public static CpuProfile Analyze(string phase, string nettracePath, Func<List<string>, string>? side = null, string? framesOf = null, int framesDepth = 1)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var leaves = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettracePath);
        using (var log = new TraceLog(etlx))
        {
            foreach (var sample in log.Events.Where(e => e.EventName == "Thread/Sample"))
            {
                // A thread stopped at a GC poll shows the poll on top of what it was running. The runtime is stopped like that for
                // every sample the profiler takes, not only for collections, so the poll says nothing: the frames under it do.
                // (Time stopped for collections is counted from the GC's own events: AllocationProfile.)
                var frames = Frames(sample);
                frames.RemoveAll(frame => frame.StartsWith("System.Threading.Thread.<PollGC>", StringComparison.Ordinal) || frame.StartsWith("System.Threading.Thread.PollGC", StringComparison.Ordinal));
                var running = Equals(sample.PayloadByName("Type")?.ToString(), "Managed") || frames.Exists(f => f.StartsWith("SQLitePCL", StringComparison.Ordinal));
                if (!running || frames.Count == 0) continue;
                var part = (side?.Invoke(frames) ?? "") + Classify(frames);
                counts[part] = counts.GetValueOrDefault(part) + 1;
                total++;
                if (framesOf is not null && part.StartsWith(framesOf, StringComparison.OrdinalIgnoreCase))
                {
                    // Native frames carry only their module's name: the managed frame under them says which call it was.
                    var managed = frames.FindIndex(frame => frame.Contains('.', StringComparison.Ordinal) && !frame.EndsWith(".so", StringComparison.Ordinal));
                    var leaf = managed < 0 ? frames[0] : string.Join(" < ", frames.Skip(managed).Take(framesDepth).Select(f => f.Split('(')[0]));
                    leaves[leaf] = leaves.GetValueOrDefault(leaf) + 1;
                }
            }
        }

        File.Delete(etlx);
        return new CpuProfile(phase, total, CpuShare.Ranked(counts, total)) { Frames = CpuShare.Ranked(leaves, total) };
    }

    /// <summary>"Namespace.Type.Method" of every frame, leaf first; frames without a name (native code) as their module's name.</summary>
    private static List<string> Frames(TraceEvent sample)
    {
        var frames = new List<string>();
        for (var stack = sample.CallStack(); stack is not null; stack = stack.Caller)
        {
            var address = stack.CodeAddress;
            frames.Add(string.IsNullOrEmpty(address.FullMethodName) ? address.ModuleName : address.FullMethodName);
        }

        return frames;
    }
}
