namespace PmOpsBot.Storage.Sqlite;

/// <summary>
/// A write carried an ETag that no longer matches the stored item: someone else wrote it since it was
/// read. Re-read, re-apply the change and write again.
/// </summary>
public sealed class StorageConcurrencyException : Exception
{
    public StorageConcurrencyException()
        : base("ETag conflict.")
    {
    }

    public StorageConcurrencyException(string message)
        : base(message)
    {
    }

    public StorageConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageConcurrencyException(string key, string expectedETag, string? storedETag)
        : base($"ETag conflict on key '{key}': the write expected ETag '{expectedETag}' but the stored item has '{storedETag}'.")
    {
        Key = key;
        ExpectedETag = expectedETag;
        StoredETag = storedETag;
    }

    public string? Key { get; }

    public string? ExpectedETag { get; }

    public string? StoredETag { get; }
}
