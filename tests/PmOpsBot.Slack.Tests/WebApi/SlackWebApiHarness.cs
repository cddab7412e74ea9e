using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmOpsBot.Slack.WebApi;

namespace PmOpsBot.Slack.Tests.WebApi;

/// <summary>A <see cref="SlackWebApi"/> wired to a <see cref="FakeSlackWebApi"/>, with a fake clock both share.</summary>
public sealed class SlackWebApiHarness : IAsyncDisposable
{
    public const string Token = "xoxb-test-token";

    private readonly HttpClient _http;

    private SlackWebApiHarness(FakeSlackWebApi fake, FakeTimeProvider clock, SlackOptions options)
    {
        Fake = fake;
        Clock = clock;
        Options = options;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Api = new SlackWebApi(_http, Microsoft.Extensions.Options.Options.Create(options), clock, Log);
    }

    public FakeSlackWebApi Fake { get; }

    public FakeTimeProvider Clock { get; }

    public SlackOptions Options { get; }

    public RecordingLogger<SlackWebApi> Log { get; } = new();

    public SlackWebApi Api { get; }

    public static async Task<SlackWebApiHarness> StartAsync(Action<SlackOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        var fake = await FakeSlackWebApi.StartAsync(clock);
        var options = new SlackOptions
        {
            BotToken = Token,
            SigningSecret = "unused-here",
            ApiBaseUrl = fake.BaseUrl.ToString(),
            ChannelPostInterval = TimeSpan.FromSeconds(1),
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        return new SlackWebApiHarness(fake, clock, options);
    }

    /// <summary>
    /// Moves fake time forward in small steps until <paramref name="done"/> holds. Stepping (rather than one jump)
    /// means a timer the client creates a little later than expected still fires; the assertions then compare the
    /// fake-clock times the server recorded, which stepping cannot make too early.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan? step = null, TimeSpan? realTimeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (realTimeout ?? TimeSpan.FromSeconds(10));
        while (!done())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Still waiting after fake time reached {Clock.GetUtcNow():O}.");
            Clock.Advance(step ?? TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }
    }

    /// <summary>Lets real time pass so anything that was going to happen without fake time moving has happened.</summary>
    public static Task SettleAsync() => Task.Delay(TimeSpan.FromMilliseconds(200));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Fake.DisposeAsync();
    }
}
