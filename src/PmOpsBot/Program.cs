using PmOpsBot;
using PmOpsBot.Cli;

// A first argument naming a verb runs that verb; anything else (including no arguments and the
// standard ASP.NET switches such as --urls) serves the bot over HTTP.
if (args.Length > 0 && CommandLine.Verbs.Contains(args[0]))
    return await CommandLine.RunAsync(args);

await BotWebHost.Build(args).RunAsync();
return 0;

/// <summary>Entry point type, public so functional tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
