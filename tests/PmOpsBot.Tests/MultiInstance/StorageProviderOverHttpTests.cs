using PmOpsBot.Cli;
using PmOpsBot.Storage;
using PmOpsBot.Storage.Tests;
using static PmOpsBot.Tests.BotClient;

namespace PmOpsBot.Tests.MultiInstance;

/// <summary>The host over HTTP on each storage provider: the same conversations must behave the same on both.</summary>
public abstract class StorageProviderOverHttpTests(StorageProvider provider) : IAsyncLifetime
{
    private ProviderDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ProviderDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private PmOpsBotFactory Host() => new(PmOpsBotFactory.NewDatabasePath(), settings: HostSettings(provider, _database.ConnectionString));

    internal static Dictionary<string, string> HostSettings(StorageProvider provider, string connectionString) => provider == StorageProvider.Postgres
        ? new() { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = connectionString, ["Digest:SchedulerEnabled"] = "false" }
        : new() { ["Storage:Provider"] = "Sqlite", ["Storage:ConnectionString"] = connectionString, ["Digest:SchedulerEnabled"] = "false" };

    [Fact]
    public async Task An_interview_continues_on_a_new_host_and_its_decision_answers_ownership_questions_in_its_tenant_only()
    {
        await using (var first = Host())
        {
            var client = new BotClient(first.CreateClient());
            await client.SendAsync("new initiative");
            await client.SendAsync("Office move");
        }

        await using var second = Host();
        var owner = new BotClient(second.CreateClient());
        await owner.SendAsync("Relocate the Leeds office to the new building by June");
        var replies = await owner.SendAsync("yes");
        for (var i = 0; i < 12 && TextOf(replies).Contains("Question", StringComparison.Ordinal); i++) replies = await owner.SendAsync("a");
        Assert.Contains("Office move", TextOf(replies), StringComparison.Ordinal);

        await owner.SendAsync("office move goes live on 1 June 2027");
        var answer = TextOf(await owner.SendAsync("who owns the office move after launch?"));
        var stranger = TextOf(await new BotClient(second.CreateClient(), user: "eve", conversation: "conv-eve", tenant: "tenant-2").SendAsync("who owns the office move after launch?"));
        Assert.Contains("handover 1 June 2027", answer, StringComparison.Ordinal);
        Assert.Contains("I don't know an initiative called “office move”", stranger, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migrate_verb_reports_an_up_to_date_database()
    {
        var output = new StringWriter();
        var args = HostSettings(provider, _database.ConnectionString).Select(s => $"--{s.Key}={s.Value}").ToArray();

        Assert.Equal(0, await MigrateVerb.RunAsync(args, output, TextWriter.Null));
        Assert.Contains($"The {provider} database is up to date.", output.ToString(), StringComparison.Ordinal);
    }
}

public sealed class SqliteOverHttpTests() : StorageProviderOverHttpTests(StorageProvider.Sqlite);

public sealed class PostgresOverHttpTests() : StorageProviderOverHttpTests(StorageProvider.Postgres);

public sealed class StorageConfigurationTests
{
    [Fact]
    public async Task The_migrate_verb_applies_every_script_to_a_new_sqlite_file_and_then_nothing()
    {
        var path = PmOpsBotFactory.NewDatabasePath();
        try
        {
            var args = new[] { $"--Storage:ConnectionString=Data Source={path}" };
            var first = new StringWriter();
            var second = new StringWriter();
            Assert.Equal(0, await MigrateVerb.RunAsync(args, first, TextWriter.Null));
            Assert.Equal(0, await MigrateVerb.RunAsync(args, second, TextWriter.Null));

            Assert.Contains("Applied 9 migration(s) to the Sqlite database: 0001_initial.sql", first.ToString(), StringComparison.Ordinal);
            Assert.Contains("up to date", second.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            PmOpsBotFactory.DeleteDatabase(path);
        }
    }

    [Theory]
    [InlineData("Oracle", "", "Storage:Provider must be \"Sqlite\" or \"Postgres\", not \"Oracle\".")]
    [InlineData("Postgres", "", "ConnectionStrings:Postgres is empty")]
    [InlineData("Sqlite", "", "Storage:SqliteSynchronous must be \"Full\" or \"Normal\", not \"sometimes\".", "sometimes")]
    public async Task A_wrong_storage_setting_is_refused_with_what_to_set(string provider, string connectionString, string message, string sync = "Full")
    {
        var error = new StringWriter();
        var code = await MigrateVerb.RunAsync([$"--Storage:Provider={provider}", $"--ConnectionStrings:Postgres={connectionString}", $"--Storage:SqliteSynchronous={sync}"], TextWriter.Null, error);

        Assert.Equal(1, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_to_start_on_a_wrong_storage_setting_with_what_to_set_and_no_stack_trace()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "pmopsbot.dll"), "--urls=http://127.0.0.1:0"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["Storage__Provider"] = "Oracle";
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("PmOpsBot cannot start: Storage:Provider must be \"Sqlite\" or \"Postgres\", not \"Oracle\".", await error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_postgres_server_is_reported_without_a_stack_trace()
    {
        var error = new StringWriter();
        var code = await MigrateVerb.RunAsync(["--Storage:Provider=Postgres", "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=1;Username=nobody;Timeout=2"], TextWriter.Null, error);

        Assert.Equal(1, code);
        Assert.StartsWith("Migration failed:", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }
}
