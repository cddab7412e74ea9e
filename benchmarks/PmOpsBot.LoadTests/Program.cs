using System.Globalization;
using PmOpsBot.LoadTests;

// dotnet run -c Release --project benchmarks/PmOpsBot.LoadTests -- slack-ack [--requests 5000] [--concurrency 50] [--warmup 500] [--edits] [--json <file>]
const string Usage = "usage: slack-ack [--requests N] [--concurrency N] [--warmup N] [--drain-timeout SECONDS] [--edits] [--json FILE]";

if (args.Length == 0 || args[0] != "slack-ack")
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var options = new SlackAckOptions();
for (var i = 1; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
    int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i]} needs a whole number. {Usage}");
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
            _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
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
