using System.Globalization;
using PmOpsBot.LoadTests;

// dotnet run -c Release --project benchmarks/PmOpsBot.LoadTests -- slack-ack [--requests 5000] [--concurrency 50] [--warmup 500] [--edits] [--json <file>]
// dotnet run -c Release --project benchmarks/PmOpsBot.LoadTests -- turns [--provider sqlite|postgres|both] [--instances 1|2|both] [--conversations 200] [--concurrency 16] [--json <file>]
const string SlackAckUsage = "usage: slack-ack [--requests N] [--concurrency N] [--warmup N] [--drain-timeout SECONDS] [--edits] [--json FILE]";
const string TurnsUsage = "usage: turns [--provider sqlite|postgres|both] [--instances 1|2|both] [--conversations N] [--concurrency N] [--warmup N] [--json FILE]";

switch (args.FirstOrDefault())
{
    case "slack-ack":
        return await SlackAckAsync(args);
    case "turns":
        return await TurnsAsync(args);
    default:
        Console.Error.WriteLine(SlackAckUsage);
        Console.Error.WriteLine(TurnsUsage);
        return 2;
}

static async Task<int> SlackAckAsync(string[] args)
{
    var options = new SlackAckOptions();
    for (var i = 1; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {SlackAckUsage}");
        int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number. {SlackAckUsage}");
        try
        {
            options = args[i] switch
            {
                "--requests" => options with { Requests = Count() },
                "--concurrency" => options with { Concurrency = Count() },
                "--warmup" => options with { Warmup = Count() },
                "--drain-timeout" => options with { DrainTimeout = TimeSpan.FromSeconds(Count()) },
                "--json" => options with { JsonFile = Value() },
                "--edits" => options with { Edits = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {SlackAckUsage}"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    if (options.Requests < 1 || options.Concurrency < 1)
    {
        Console.Error.WriteLine("--requests and --concurrency must be at least 1.");
        return 2;
    }

    var result = await SlackAckLoadTest.RunAsync(options);
    result.Print(Console.Out);
    if (options.JsonFile is not null) await result.WriteJsonAsync(options.JsonFile);
    return result.Failed == 0 ? 0 : 1;
}

static async Task<int> TurnsAsync(string[] args)
{
    var options = new TurnsOptions();
    for (var i = 1; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {TurnsUsage}");
        int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number. {TurnsUsage}");
        try
        {
            options = args[i] switch
            {
                "--provider" => options with
                {
                    Providers = Value() switch
                    {
                        "sqlite" => [DatabaseProvider.Sqlite],
                        "postgres" => [DatabaseProvider.Postgres],
                        "both" => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres],
                        var other => throw new ArgumentException($"--provider is sqlite, postgres or both, not {other}. {TurnsUsage}"),
                    },
                },
                "--instances" => options with
                {
                    Instances = Value() switch
                    {
                        "1" => [1],
                        "2" => [2],
                        "both" => [1, 2],
                        var other => throw new ArgumentException($"--instances is 1, 2 or both, not {other}. {TurnsUsage}"),
                    },
                },
                "--conversations" => options with { Conversations = Count() },
                "--concurrency" => options with { Concurrency = Count() },
                "--warmup" => options with { Warmup = Count() },
                "--json" => options with { JsonFile = Value() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {TurnsUsage}"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    if (options.Conversations < 1 || options.Concurrency < 1)
    {
        Console.Error.WriteLine("--conversations and --concurrency must be at least 1.");
        return 2;
    }

    // Progress and the bots' logs go to stderr; stdout holds only the table.
    var results = await TurnsLoadTest.RunAsync(options, Console.Error);
    TurnsResult.PrintTable(results, Console.Out);
    if (options.JsonFile is not null) await TurnsResult.WriteJsonAsync(results, options.JsonFile);
    return results.All(r => r.Clean) ? 0 : 1;
}
