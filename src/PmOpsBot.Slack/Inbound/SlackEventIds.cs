namespace PmOpsBot.Slack.Inbound;

/// <summary>
/// Event ids seen recently, so a retried or duplicated delivery is processed once. Slack retries within
/// an hour, so ids are kept in two generations of an hour each: a lookup checks both, a new id goes into
/// the current one, and when the current one is an hour old the previous is dropped whole. Memory stays
/// proportional to the event rate and no request ever scans the set.
/// This is the acknowledgement's cheap first check, in memory; copies that reach another instance are
/// caught by the shared database's record (<see cref="SlackTurnProcessor"/>).
/// </summary>
public sealed class SlackEventIds(TimeProvider clock)
{
    public static readonly TimeSpan Remembered = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private HashSet<string> _current = new(StringComparer.Ordinal);
    private HashSet<string> _previous = new(StringComparer.Ordinal);
    private DateTimeOffset _currentSince = clock.GetUtcNow();

    /// <summary>True the first time an id is offered; false for every repeat within at least the hour.</summary>
    public bool TryFirstSighting(string eventId)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (now - _currentSince >= Remembered)
            {
                // Two hours without a rotation means both generations are stale.
                _previous = now - _currentSince >= 2 * Remembered ? new HashSet<string>(StringComparer.Ordinal) : _current;
                _current = new HashSet<string>(StringComparer.Ordinal);
                _currentSince = now;
            }

            return !_previous.Contains(eventId) && _current.Add(eventId);
        }
    }

    /// <summary>Forgets an id whose event could not be taken in, so Slack's retry of it is processed.</summary>
    public void Forget(string eventId)
    {
        lock (_gate)
        {
            _current.Remove(eventId);
            _previous.Remove(eventId);
        }
    }
}
