using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PmOpsBot.Bot.State;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// Only the JSON of one conversation's state (the document <see cref="StateStoreBenchmarks"/> stores, as the host writes it):
/// with <see cref="SqliteCommitFloorBenchmarks"/>, the least any turn that keeps its state must spend on it.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StateJsonBenchmarks
{
    private readonly ChatStateDocument _document = new() { State = StateStoreBenchmarks.HalfwayThroughAnInterview() };
    private string _json = "";

    [GlobalSetup]
    public void Setup() => _json = JsonSerializer.Serialize(_document, ChatStateJson.Stored.ChatStateDocument);

    [Benchmark]
    public string Write() => JsonSerializer.Serialize(_document, ChatStateJson.Stored.ChatStateDocument);

    [Benchmark]
    public ChatStateDocument? Read() => JsonSerializer.Deserialize(_json, ChatStateJson.Stored.ChatStateDocument);
}
