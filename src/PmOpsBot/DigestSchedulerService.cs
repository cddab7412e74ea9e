using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PmOpsBot.Core.Digest;

namespace PmOpsBot;

public sealed class DigestSchedulerOptions
{
    public const string Section = "Digest";

    /// <summary>Off for instances that should only answer chat (the digest still posts once from any other instance).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often due digests are looked for; a digest posts within this much of its time.</summary>
    [Range(1, 3600)]
    public int TickSeconds { get; set; } = 30;
}

/// <summary>
/// The scheduler inside the host: every tick asks the runner to post what is due. The once-a-day
/// guarantee lives in the database claim, not here, so restarts and several instances are safe.
/// </summary>
public sealed class DigestSchedulerService(DigestRunner runner, PmOpsBot.Core.CheckIns.CheckInRunner checkIns, IOptions<DigestSchedulerOptions> options, TimeProvider clock, ILogger<DigestSchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            logger.LogInformation("The digest scheduler is off on this instance");
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.TickSeconds), clock);
        do
        {
            try
            {
                var report = await runner.TickAsync(stoppingToken);
                if (report.Posted > 0) logger.LogInformation("Posted {Count} digest(s)", report.Posted);
                foreach (var failure in report.Failures)
                    logger.LogWarning("Digest {Subscription} for {Date}: {Outcome} {Error}", failure.SubscriptionId, failure.LocalDate, failure.Outcome, failure.Error);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One bad tick (database busy, say) must not stop the scheduler.
                logger.LogError(exception, "Digest tick failed");
            }

            try
            {
                // Check-in prompts and reminders go out in the hour before each digest.
                var report = await checkIns.TickAsync(stoppingToken);
                if (report.Prompted + report.Reminded > 0) logger.LogInformation("Sent {Prompts} check-in prompt(s) and {Reminders} reminder(s)", report.Prompted, report.Reminded);
                foreach (var failure in report.Failures) logger.LogWarning("Check-in: {Failure}", failure);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Check-in tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
