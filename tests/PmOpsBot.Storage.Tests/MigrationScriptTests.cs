using System.Text;
using Microsoft.Data.Sqlite;
using PmOpsBot.Storage.Sqlite;
using SQLitePCL;

namespace PmOpsBot.Storage.Tests;

/// <summary>
/// Microsoft.Data.Sqlite runs a multi-statement script until a statement returns rows and then silently
/// skips the rest, errors included; DbUp would journal such a half-run script as applied. So no statement
/// of a migration may return rows. This runs every script statement by statement and checks.
/// </summary>
public sealed class MigrationScriptTests
{
    [Fact]
    public void No_statement_of_any_migration_returns_rows()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteNameWordFunction.Register(connection);
        var statements = 0;

        foreach (var script in SqliteMigrator.KnownScripts)
        {
            var returningRows = RunStatementByStatement(connection, ReadScript(script), ref statements);
            Assert.True(returningRows.Count == 0, $"{script} has statements that return rows:\n{string.Join("\n", returningRows)}");
        }

        Assert.True(statements > 20, $"only {statements} statements were checked");
    }

    [Fact]
    public void The_check_catches_an_added_column_with_a_check_constraint()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var statements = 0;

        var returningRows = RunStatementByStatement(
            connection,
            "CREATE TABLE t (x TEXT); ALTER TABLE t ADD COLUMN y TEXT CHECK (y IN ('a')); ALTER TABLE t ADD COLUMN z TEXT;",
            ref statements);

        Assert.Equal(3, statements);
        Assert.Equal(["ALTER TABLE t ADD COLUMN y TEXT CHECK (y IN ('a'))"], returningRows);
    }

    /// <summary>Prepares and runs each statement in turn; returns those that have result columns.</summary>
    private static List<string> RunStatementByStatement(SqliteConnection connection, string sql, ref int statements)
    {
        var returningRows = new List<string>();
        var remaining = sql;
        while (!string.IsNullOrWhiteSpace(remaining))
        {
            var rc = raw.sqlite3_prepare_v2(connection.Handle, remaining, out var statement, out var tail);
            Assert.True(rc == raw.SQLITE_OK, raw.sqlite3_errmsg(connection.Handle).utf8_to_string());
            using (statement)
            {
                if (statement is null || statement.IsInvalid)
                {
                    // Only comments and white space were left.
                    break;
                }

                statements++;
                var text = raw.sqlite3_sql(statement).utf8_to_string().Trim().TrimEnd(';');
                if (raw.sqlite3_column_count(statement) > 0)
                {
                    returningRows.Add(text);
                }

                rc = raw.sqlite3_step(statement);
                while (rc == raw.SQLITE_ROW)
                {
                    rc = raw.sqlite3_step(statement);
                }

                Assert.True(rc == raw.SQLITE_DONE, $"{text}: {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}");
            }

            remaining = tail;
        }

        return returningRows;
    }

    private static string ReadScript(string name)
    {
        using var stream = typeof(SqliteMigrator).Assembly.GetManifestResourceStream("SqliteMigrations/" + name)
            ?? throw new InvalidOperationException($"No embedded script {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
