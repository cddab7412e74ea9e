using Microsoft.Extensions.Options;
using PmOpsBot;
using PmOpsBot.Cli;

// A first argument naming a verb runs that verb; anything else (including no arguments and the
// standard ASP.NET switches such as --urls) serves the bot over HTTP.
if (args.Length > 0 && CommandLine.Verbs.Contains(args[0]))
    return await CommandLine.RunAsync(args);

try
{
    await BotWebHost.Build(args).RunAsync();
    return 0;
}
catch (Exception exception) when (exception is InvalidOperationException or OptionsValidationException or System.Data.Common.DbException)
{
    // A setting the host cannot start with (a wrong storage provider, an empty connection string, a database that
    // cannot be reached or migrated): the message says what to set, a stack trace would only bury it.
    Console.Error.WriteLine($"PmOpsBot cannot start: {exception.Message}{(exception.InnerException is { } inner ? $" ({inner.Message})" : "")}");
    return 1;
}

/// <summary>Entry point type, public so functional tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
