using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace PmOpsBot.LoadTests;

/// <summary>Where the samples of one profiled phase fell: share of samples per part of the turn.</summary>
public sealed record CpuProfile(string Phase, int Samples, IReadOnlyList<CpuShare> Shares);

public sealed record CpuShare(string Part, int Samples, double Percent);

/// <summary>
/// A sampling profile of this process (the in-process host and its load generator) while some work runs, over EventPipe as
/// dotnet-trace records one: every managed thread's stack about once a millisecond, method names from the rundown at the
/// end. Each sample is put in one part of a turn by the frames on its stack (<see cref="Parts"/>). Only
/// samples of running code count: a thread in managed code, or in SQLite's native code (working, or waiting for the disk
/// or the write lock, which is where a turn spends that time too); threads parked in a wait are left out.
/// </summary>
public static class CpuProfiler
{
    /// <summary>
    /// The parts of a turn, in the order they are tried: a sample belongs to the first part for which every group has a frame
    /// on its stack starting with one of the group's names. Groups list several names because the JIT inlines small methods
    /// (the transaction's constructor, Commit) out of the stack once they are hot, and their async callers stay.
    /// </summary>
    private static readonly (string Part, string[][] AllOf)[] Parts =
    [
        ("state read: resolving $type names (AllowListSerializationBinder)", [["PmOpsBot.Storage.Sqlite.AllowListSerializationBinder"]]),
        ("SQLite: waiting for the write lock (BEGIN IMMEDIATE)",
            [["PmOpsBot.Storage.Sqlite.SqliteDatabase+<BeginWriteAsync>", "PmOpsBot.Storage.Sqlite.SqliteDatabase.BeginWriteAsync", "Microsoft.Data.Sqlite.SqliteTransaction..ctor", "Microsoft.Data.Sqlite.SqliteConnection.BeginTransaction"]]),
        ("SQLite: commit (WAL write and sync)", [["Microsoft.Data.Sqlite.SqliteTransaction.Commit", "System.Data.Common.DbTransaction.CommitAsync"]]),
        ("SQLite: opening a connection (pool, three PRAGMAs)", [["PmOpsBot.Storage.Sqlite.SqliteConnectionFactory"]]),
        ("state JSON: the rest of Newtonsoft with TypeNameHandling.All (SqlBotStorage)", [["PmOpsBot.Storage.Stores.SqlBotStorage"], ["Newtonsoft.Json"]]),
        ("SQLite and Dapper: conversation state, statements (bot_state)", [["PmOpsBot.Storage.Stores.SqlBotStorage"]]),
        ("SQLite and Dapper: open-interview log, statements (SqlInterviewLog)", [["PmOpsBot.Storage.Stores.SqlInterviewLog"]]),
        ("SQLite and Dapper: initiative registry, statements (SqlInitiativeStore)", [["PmOpsBot.Storage.Stores.SqlInitiativeStore"]]),
        ("SQLite: group commit (savepoints, handing results back)", [["PmOpsBot.Storage.Sqlite.SqliteGroupCommit"]]),
        ("SQLite: other", [["SQLitePCL", "Microsoft.Data.Sqlite"]]),
        // Built by CloudAdapter for every turn, expectReplies or not; each runs Microsoft.Rest's user-agent regex. The
        // UserTokenClient is built only when a turn uses it since DeferredUserTokenClient; its frames stay listed for older builds.
        ("Bot Framework: a new ConnectorClient (and UserTokenClient) every turn",
            [["Microsoft.Rest", "Microsoft.Bot.Connector.Authentication.BuiltinBotFrameworkAuthentication+<CreateUserTokenClientAsync", "Microsoft.Bot.Connector.Authentication.ConnectorFactoryImpl+<CreateAsync"]]),
        ("regular expressions (text signals, answers)", [["System.Text.RegularExpressions"]]),
        ("cards and reply rendering (PmOpsBot.Bot.Cards)", [["PmOpsBot.Bot.Cards"]]),
        ("interview and conversation logic (PmOpsBot.Core)", [["PmOpsBot.Core"]]),
        // Not all of PmOpsBot.Bot: its adapter (Hosting) is on the stack of every turn, under the handler.
        ("PmOpsBot.Bot handler, delivery, locks",
            [["PmOpsBot.Bot.PmOpsBotHandler", "PmOpsBot.Bot.ReplyDelivery", "PmOpsBot.Bot.State", "PmOpsBot.Bot.Delivery", "PmOpsBot.Bot.Activities"]]),
        ("Bot Framework: adapter, activity (de)serialization", [["Microsoft.Bot", "PmOpsBot.Bot.Hosting"]]),
        ("endpoint checks: body copy, JSON parse (BotMessagesEndpoint)", [["PmOpsBot.Endpoints.BotMessagesEndpoint"]]),
        ("HTTP client (the load generator)", [["System.Net.Http"]]),
        ("ASP.NET Core and Kestrel", [["Microsoft.AspNetCore"]]),
        ("sockets (both sides)", [["System.Net.Sockets"]]),
        // Mostly idle workers spinning in LowLevelLifoSemaphore.Wait before they block: CPU spent, no work done.
        ("thread pool: idle workers spinning, dispatch", [["System.Threading"]]),
    ];

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
    public static CpuProfile Analyze(string phase, string nettracePath, Func<List<string>, string>? side = null)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
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
                var part = (side?.Invoke(frames) ?? "")
                    + (Parts.FirstOrDefault(p => p.AllOf.All(names => frames.Exists(f => names.Any(name => f.StartsWith(name, StringComparison.Ordinal))))).Part ?? "other");
                counts[part] = counts.GetValueOrDefault(part) + 1;
                total++;
            }
        }

        File.Delete(etlx);
        var shares = counts.OrderByDescending(c => c.Value).Select(c => new CpuShare(c.Key, c.Value, 100.0 * c.Value / Math.Max(1, total))).ToList();
        return new CpuProfile(phase, total, shares);
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
