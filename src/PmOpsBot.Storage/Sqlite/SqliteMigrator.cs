using System.Reflection;
using System.Text;
using DbUp;
using DbUp.Engine;
using DbUp.Sqlite.Helpers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PmOpsBot.Storage.Sqlite;

/// <summary>
/// Brings the database schema up to date with the SQL scripts embedded in this assembly
/// (Sqlite/Migrations/NNNN_name.sql). Each script runs once, in its own transaction, and is
/// journaled in <see cref="JournalTable"/>; scripts only ever add, so data is never dropped.
/// </summary>
/// <remarks>
/// No statement of a script may return rows: Microsoft.Data.Sqlite takes such a statement for a result
/// set and silently skips the rest of the script, errors included, which DbUp would then journal as
/// applied. Beware statements that return rows unexpectedly, such as ALTER TABLE ADD COLUMN with a CHECK
/// constraint. The tests prepare every statement of every script to make sure.
/// </remarks>
public sealed class SqliteMigrator
{
    /// <summary>DbUp's journal of applied scripts (ScriptName is the script's file name).</summary>
    public const string JournalTable = "schema_migrations";

    // Must match the LogicalName given to the scripts in PmOpsBot.Storage.csproj.
    private const string ResourcePrefix = "SqliteMigrations/";

    private readonly SqliteConnectionFactory _connectionFactory;
    private readonly ILogger _logger;

    public SqliteMigrator(SqliteConnectionFactory connectionFactory, ILogger<SqliteMigrator>? logger = null)
    {
        _connectionFactory = connectionFactory ?? throw new ArgumentNullException(nameof(connectionFactory));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The names of every migration script this build knows, in the order they apply.</summary>
    public static IReadOnlyList<string> KnownScripts { get; } = LoadScripts().Select(script => script.Name).ToArray();

    /// <summary>Applies the scripts not yet journaled.</summary>
    /// <returns>The names of the scripts that ran now; empty when the schema was already current.</returns>
    /// <exception cref="InvalidOperationException">A script failed; it was rolled back and later scripts did not run.</exception>
    public IReadOnlyList<string> Migrate()
    {
        // Our own connection, so the directory is created and WAL is on before DbUp touches the file.
        using var connection = _connectionFactory.OpenConnection();
        // Scripts that need C# call it through SQL functions on this connection (see SqliteNameWordFunction).
        SqliteNameWordFunction.Register(connection);
        using var sharedConnection = new SharedConnection(connection);

        var engine = DeployChanges.To
            .SqliteDatabase(sharedConnection)
            .WithScripts(LoadScripts())
            .JournalToSqliteTable(JournalTable)
            .WithTransactionPerScript()
            // DbUp would otherwise treat $name$ in a script as a variable to substitute.
            .WithVariablesDisabled()
            .LogTo(_logger)
            .Build();

        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Database migration failed in script '{result.ErrorScript?.Name}'; that script was rolled back.",
                result.Error);
        }

        return result.Scripts.Select(script => script.Name).ToArray();
    }

    private static SqlScript[] LoadScripts()
    {
        var assembly = typeof(SqliteMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(name => new SqlScript(name[ResourcePrefix.Length..], ReadResource(assembly, name)))
            .ToArray();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration '{name}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
