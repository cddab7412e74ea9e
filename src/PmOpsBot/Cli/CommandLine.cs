using System.CommandLine;

namespace PmOpsBot.Cli;

/// <summary>The verbs: <c>chat</c> (the bot in this terminal), <c>classify</c> (text-only decisions as JSON lines) and <c>migrate</c> (bring the database up to date).</summary>
public static class CommandLine
{
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal) { "chat", "classify", "migrate", "--help", "-h", "-?" };

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("PmOpsBot: decide whether work is a project or operations. Without a verb it serves the bot on http://localhost:3978.");

        var chat = new Command("chat", "Talk to the bot in this terminal, with the same logic and database as the server.");
        chat.SetAction((_, cancellationToken) => TerminalChat.RunAsync(args[1..], Console.In, Console.Out, cancellationToken));
        root.Subcommands.Add(chat);

        var text = new Argument<string?>("text") { Description = "One description to classify; without it, one description per line is read from standard input.", Arity = ArgumentArity.ZeroOrOne };
        var ai = new Option<bool>("--ai") { Description = "Also ask the configured Azure OpenAI deployment (AzureOpenAI:*) to read the text." };
        var replay = new Option<string?>("--replay") { Description = "Use recorded model answers from this JSON file instead of a live deployment." };
        var record = new Option<string?>("--record") { Description = "Ask the live deployment and save its answers to this JSON file (for --replay)." };
        var classify = new Command("classify", "Print project-or-operations decisions as JSON lines, from text only (no interview).") { text, ai, replay, record };
        classify.SetAction((parse, cancellationToken) => ClassifyVerb.RunAsync(parse.GetValue(text), Console.In, Console.Out, cancellationToken,
            new ClassifyModel(parse.GetValue(ai), parse.GetValue(replay), parse.GetValue(record))));
        root.Subcommands.Add(classify);

        // Configuration switches (--Storage:Provider=Postgres) pass through to the host's configuration.
        var migrate = new Command("migrate", "Apply pending database migrations (SQLite or PostgreSQL, as configured) and exit.") { TreatUnmatchedTokensAsErrors = false };
        migrate.SetAction((_, _) => MigrateVerb.RunAsync(args[1..], Console.Out, Console.Error));
        root.Subcommands.Add(migrate);

        return root.Parse(args).InvokeAsync();
    }
}
