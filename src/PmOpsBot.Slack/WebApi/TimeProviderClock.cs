using Microsoft.Extensions.Internal;

namespace PmOpsBot.Slack.WebApi;

/// <summary>Lets the memory cache expire entries by the app's <see cref="TimeProvider"/>, so tests can move time.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
