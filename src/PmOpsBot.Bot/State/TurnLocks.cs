namespace PmOpsBot.Bot.State;

/// <summary>
/// Runs the turns of one person in one conversation one at a time within this process, so two
/// quick messages never read the same state and overwrite each other's answer. Across processes the
/// storage's ETag check catches the same race. Hand-written: no keyed async lock package is served here.
/// </summary>
public sealed class TurnLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }

        return new Lease(this, key, entry);
    }

    /// <summary>How many keys have a lock right now; zero when idle, so memory does not grow with conversations.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_entries) return _entries.Count;
        }
    }

    private void Release(string key, Entry entry, bool held)
    {
        if (held) entry.Gate.Release();
        lock (_entries)
        {
            if (--entry.Users == 0) _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Lease(TurnLocks owner, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release(key, entry, held: true);
        }
    }
}
