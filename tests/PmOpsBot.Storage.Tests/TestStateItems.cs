using Microsoft.Bot.Builder;

namespace PmOpsBot.Storage.Tests;

public enum Colour
{
    Red,
    Green,
}

/// <summary>A state item with optimistic concurrency, as bot code would define one.</summary>
public sealed class CounterItem : IStoreItem
{
    public int Count { get; set; }

    public string? ETag { get; set; }

    public List<string> Notes { get; set; } = [];

    public Dictionary<string, int> Tally { get; set; } = [];

    public Colour Colour { get; set; }

    public DateTimeOffset At { get; set; }

    public object? Extra { get; set; }
}

/// <summary>A plain state object without an ETag: last writer wins.</summary>
public sealed class InterviewNotes
{
    public List<string> Answers { get; set; } = [];
}
