namespace PmOpsBot.LoadTests;

/// <summary>The host's storage for a turns run (its <c>Storage:Provider</c>).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
