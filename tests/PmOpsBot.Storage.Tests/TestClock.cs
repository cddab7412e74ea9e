namespace PmOpsBot.Storage.Tests;

/// <summary>A clock the test sets: what the stores stamp as "now".</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
