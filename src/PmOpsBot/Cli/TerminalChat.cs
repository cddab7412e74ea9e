using Microsoft.Bot.Builder;
using PmOpsBot.Bot.State;
using PmOpsBot.Bot.Terminal;
using PmOpsBot.Storage;

namespace PmOpsBot.Cli;

/// <summary>The <c>chat</c> verb: the same bot and database as the server, in this terminal.</summary>
public static class TerminalChat
{
    public const string ExitCommand = "/exit";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.Services.AddPmOpsBotCore(builder.Configuration);
        using var host = builder.Build();
        host.Services.MigrateDatabase();

        var bot = host.Services.GetRequiredService<IBot>();
        var user = Environment.UserName is { Length: > 0 } name ? name : "you";
        var adapter = new TerminalAdapter(output, $"terminal-user-{user}", user, host.Services.GetRequiredService<ChatStateStore>(),
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("terminal"));

        output.WriteLine($"PmOpsBot in your terminal. Type a message, a button's number to press it, or {ExitCommand} to leave.");
        await adapter.StartAsync(bot, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            output.Write("\n> ");
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() == ExitCommand) break;
            if (line.Trim().Length == 0) continue;
            await adapter.SendAsync(bot, line, cancellationToken);
        }

        output.WriteLine("Bye. Your answers are saved; run chat again to carry on.");
        return 0;
    }
}
