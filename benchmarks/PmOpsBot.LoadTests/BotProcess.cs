using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PmOpsBot.LoadTests;

/// <summary>
/// The bot as a separate process (the pmopsbot.dll built next to this program) on a free loopback port, configured
/// through environment variables the way a container would be. Its log goes to this program's stderr; killed on dispose.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BotProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The operating system's id of the bot process (for /proc/&lt;pid&gt;/status and the diagnostics client).</summary>
    public int Id => _process.Id;

    /// <summary>From just before the process was started to the first 200 from GET /healthz.</summary>
    public TimeSpan TimeToHealthy { get; private set; }

    /// <summary>CPU the process has used so far, on all cores.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <param name="healthPollInterval">How long to wait between two GET /healthz while the process starts; 200 ms unless a start time is being measured.</param>
    public static async Task<BotProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment, TimeSpan? healthPollInterval = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "pmopsbot.dll"), $"--urls=http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Empty: the bot accepts activities without a token, as the Bot Framework Emulator's do.
        start.Environment["MicrosoftAppId"] = "";
        start.Environment["Digest__SchedulerEnabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Forward(name, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bot = new BotProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await bot.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), healthPollInterval ?? TimeSpan.FromMilliseconds(200));
            bot.TimeToHealthy = Stopwatch.GetElapsedTime(started);
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }

        return bot;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Forward(string name, string? line)
    {
        if (line is not null) Console.Error.WriteLine($"[{name}] {line}");
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, TimeSpan pollInterval)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The bot process exited with {_process.ExitCode} before it was healthy (its log is on stderr).");
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(pollInterval);
        }

        throw new TimeoutException($"The bot process did not answer GET /healthz with 200 within {timeout.TotalSeconds:F0} s (its log is on stderr).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
