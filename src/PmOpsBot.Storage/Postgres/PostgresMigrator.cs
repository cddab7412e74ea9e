using System.Reflection;
using System.Text;
using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PmOpsBot.Storage.Postgres;

/// <summary>
/// Brings a PostgreSQL database up to date with the scripts embedded from Postgres/Migrations (the same
/// numbered history as SQLite's). Each script runs once, in its own transaction, journaled in
/// <see cref="JournalTable"/>; scripts only add. Instances starting together are safe: the upgrade runs
/// under a session advisory lock, so one applies the scripts and the others then find them done.
/// </summary>
public sealed class PostgresMigrator(string connectionString, ILogger<PostgresMigrator>? logger = null)
{
    public const string JournalTable = "schema_migrations";

    // Must match the LogicalName given to the scripts in PmOpsBot.Storage.csproj.
    private const string ResourcePrefix = "PostgresMigrations/";

    public static IReadOnlyList<string> KnownScripts { get; } = LoadScripts().Select(script => script.Name).ToArray();

    public IReadOnlyList<string> Migrate()
    {
        using var gate = new Npgsql.NpgsqlConnection(connectionString);
        gate.Open();
        using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('pmopsbot:migrate', 0))", gate)) take.ExecuteNonQuery();
        try
        {
            return Upgrade();
        }
        finally
        {
            using var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended('pmopsbot:migrate', 0))", gate);
            release.ExecuteNonQuery();
        }
    }

    private IReadOnlyList<string> Upgrade()
    {
        var engine = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScripts(LoadScripts())
            .JournalToPostgresqlTable("public", JournalTable)
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogTo(logger ?? (ILogger)NullLogger.Instance)
            .Build();

        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Database migration failed in script '{result.ErrorScript?.Name}'; that script was rolled back.", result.Error);
        }

        return result.Scripts.Select(script => script.Name).ToArray();
    }

    private static SqlScript[] LoadScripts()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(name => new SqlScript(name[ResourcePrefix.Length..], ReadResource(assembly, name)))
            .ToArray();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Embedded migration '{name}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
