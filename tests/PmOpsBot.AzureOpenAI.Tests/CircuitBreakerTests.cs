using System.Net;
using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.Classification;

namespace PmOpsBot.AzureOpenAI.Tests;

public sealed class CircuitBreakerTests
{
    private const string Description = "An ongoing payroll run every month.";

    private static readonly object GoodAnswer = new { signals = new[] { new { dimension = "rhythm", leaning = "operations", evidence = "every month" } } };

    [Fact]
    public async Task Opens_after_repeated_failures_and_then_makes_no_calls()
    {
        var clock = new FakeTimeProvider();
        var understanding = Understanding.Create(clock: clock);
        for (var i = 0; i < 4; i++) understanding.Server.Fails(HttpStatusCode.InternalServerError);

        for (var i = 0; i < 4; i++) Assert.Empty(await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None));
        Assert.Equal(4, understanding.Server.Requests.Count);
        Assert.Contains(understanding.Logger.Warnings, w => w.Contains("not calling it for 00:00:30", StringComparison.Ordinal));

        understanding.Server.AnswersJson(GoodAnswer);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None));
        Assert.Null(await understanding.Sut.ReadIntentAsync("who owns payroll", CancellationToken.None));
        Assert.Equal(4, understanding.Server.Requests.Count);
    }

    [Fact]
    public async Task Closes_again_after_the_break_duration()
    {
        var clock = new FakeTimeProvider();
        var understanding = Understanding.Create(clock: clock);
        for (var i = 0; i < 4; i++) understanding.Server.Fails(HttpStatusCode.TooManyRequests);
        for (var i = 0; i < 4; i++) await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None);
        Assert.Empty(await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(31));
        understanding.Server.AnswersJson(GoodAnswer).AnswersJson(GoodAnswer);

        var trial = await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None);
        var next = await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None);

        var expected = new DimensionSignal(Dimension.Rhythm, Leaning.Operations, SignalSource.Text, "every month");
        Assert.Equal([expected], trial);
        Assert.Equal([expected], next);
        Assert.Equal(6, understanding.Server.Requests.Count);
    }

    [Fact]
    public async Task A_few_failures_among_successes_keep_it_closed()
    {
        var understanding = Understanding.Create();
        understanding.Server.Fails(HttpStatusCode.InternalServerError).AnswersJson(GoodAnswer).AnswersJson(GoodAnswer).AnswersJson(GoodAnswer)
            .Fails(HttpStatusCode.InternalServerError).AnswersJson(GoodAnswer);

        for (var i = 0; i < 6; i++) await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None);

        Assert.Equal(6, understanding.Server.Requests.Count);
    }

    [Fact]
    public async Task The_thresholds_come_from_configuration()
    {
        var options = Understanding.ConfiguredOptions();
        options.CircuitBreaker = new AzureOpenAICircuitBreakerOptions { FailureRatio = 1, MinimumThroughput = 2, BreakDuration = TimeSpan.FromMinutes(2) };
        var clock = new FakeTimeProvider();
        var understanding = Understanding.Create(options, clock);
        understanding.Server.Fails(HttpStatusCode.InternalServerError).Fails(HttpStatusCode.InternalServerError).AnswersJson(GoodAnswer);

        for (var i = 0; i < 2; i++) await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Empty(await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None));
        Assert.Equal(2, understanding.Server.Requests.Count);

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Single(await understanding.Sut.ReadSignalsAsync(Description, CancellationToken.None));
    }
}
