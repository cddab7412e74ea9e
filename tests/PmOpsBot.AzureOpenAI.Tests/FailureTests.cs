using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Understanding;

namespace PmOpsBot.AzureOpenAI.Tests;

/// <summary>Whatever goes wrong, the caller gets the empty result, a warning is logged, and the user's text is not in it.</summary>
public sealed class FailureTests
{
    private const string Secret = "Confidential merger with Globex, go live in March";

    private static readonly DecisionEvidence Evidence = new("Globex", Decision.Project, false, 0.9,
        [new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Text, Secret)]);

    public static TheoryData<string> Failures() => ["429", "500", "malformed", "refusal", "content filter", "cut off"];

    /// <summary>What the warning gives as the reason for each failure.</summary>
    private static readonly Dictionary<string, string> Reasons = new()
    {
        ["429"] = "HTTP 429",
        ["500"] = "HTTP 500",
        ["malformed"] = "not JSON",
        ["refusal"] = "the model refused",
        ["content filter"] = "content filter",
        ["cut off"] = "cut off",
    };

    private static void Script(FakeOpenAIServer server, string failure)
    {
        // The service's error body echoes the text, as some do; it must not reach a warning.
        var body = """{"error":{"code":"x","message":""" + "\"" + Secret + "\"}}";
        _ = failure switch
        {
            "429" => server.Fails(HttpStatusCode.TooManyRequests, body),
            "500" => server.Fails(HttpStatusCode.InternalServerError, body),
            "malformed" => server.Answers("{\"signals\": [{\"dimension\": "),
            "refusal" => server.Refuses("I can't help with " + Secret),
            "content filter" => server.Answers("", finishReason: "content_filter"),
            "cut off" => server.Answers("{\"intent\": \"he", finishReason: "length"),
            _ => throw new ArgumentOutOfRangeException(nameof(failure)),
        };
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Signals_are_empty(string failure)
    {
        var understanding = Understanding.Create();
        Script(understanding.Server, failure);

        Assert.Empty(await understanding.Sut.ReadSignalsAsync(Secret, CancellationToken.None));
        AssertWarnedWithoutText(understanding.Logger, "signals");
        Assert.Contains(understanding.Logger.Warnings, w => w.Contains(Reasons[failure], StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Intent_is_null(string failure)
    {
        var understanding = Understanding.Create();
        Script(understanding.Server, failure);

        Assert.Null(await understanding.Sut.ReadIntentAsync(Secret, CancellationToken.None));
        AssertWarnedWithoutText(understanding.Logger, "intent");
        Assert.Contains(understanding.Logger.Warnings, w => w.Contains(Reasons[failure], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("429")]
    [InlineData("500")]
    [InlineData("refusal")]
    [InlineData("content filter")]
    public async Task Rationale_is_null(string failure)
    {
        var understanding = Understanding.Create();
        Script(understanding.Server, failure);

        Assert.Null(await understanding.Sut.ExplainAsync(Evidence, CancellationToken.None));
        AssertWarnedWithoutText(understanding.Logger, "rationale");
        Assert.Contains(understanding.Logger.Warnings, w => w.Contains(Reasons[failure], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http_failures_are_tried_once_because_the_sdk_does_not_retry()
    {
        var understanding = Understanding.Create();
        understanding.Server.Fails(HttpStatusCode.TooManyRequests).Fails(HttpStatusCode.TooManyRequests);

        await understanding.Sut.ReadSignalsAsync(Secret, CancellationToken.None);

        Assert.Single(understanding.Server.Requests);
        Assert.Contains(understanding.Logger.Warnings, w => w.Contains("HTTP 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_answer_is_abandoned_when_the_timeout_passes()
    {
        var clock = new FakeTimeProvider();
        var understanding = Understanding.Create(clock: clock);
        understanding.Server.Hangs();

        var call = understanding.Sut.ReadSignalsAsync(Secret, CancellationToken.None);
        await understanding.Server.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2));

        Assert.Empty(await call.WaitAsync(TimeSpan.FromSeconds(10)));
        AssertWarnedWithoutText(understanding.Logger, "signals");
        Assert.Contains(understanding.Logger.Warnings, w => w.Contains("no answer within 00:00:04", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_answer_is_abandoned_on_the_real_clock_too()
    {
        var options = Understanding.ConfiguredOptions();
        options.Timeout = TimeSpan.FromMilliseconds(200);
        var understanding = Understanding.Create(options, TimeProvider.System);
        understanding.Server.Hangs();

        var watch = Stopwatch.StartNew();
        var intent = await understanding.Sut.ReadIntentAsync(Secret, CancellationToken.None);

        Assert.Null(intent);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_passed_on()
    {
        var understanding = Understanding.Create();
        understanding.Server.Hangs();
        using var cancellation = new CancellationTokenSource();

        var call = understanding.Sut.ReadSignalsAsync(Secret, cancellation.Token);
        await understanding.Server.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private static void AssertWarnedWithoutText(RecordingLogger logger, string call)
    {
        Assert.Contains(logger.Warnings, w => w.Contains(call, StringComparison.Ordinal));
        Assert.All(logger.Warnings, w =>
        {
            Assert.DoesNotContain("Globex", w, StringComparison.Ordinal);
            Assert.DoesNotContain("Confidential", w, StringComparison.Ordinal);
        });
    }
}
