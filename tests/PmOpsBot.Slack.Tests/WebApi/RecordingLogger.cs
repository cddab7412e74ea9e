using Microsoft.Extensions.Logging;

namespace PmOpsBot.Slack.Tests.WebApi;

/// <summary>One log line as the code under test wrote it.</summary>
public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

/// <summary>Keeps every log line, so tests can check that failures say what to fix.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<LogEntry> _entries = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate) return _entries.ToList();
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate) _entries.Add(new LogEntry(logLevel, formatter(state, exception), exception));
    }
}
