using Microsoft.Extensions.Options;
using PmOpsBot.Core.Delivery;

namespace PmOpsBot;

/// <summary>
/// Works the queue of undelivered messages on every instance: leases in the database keep two instances
/// from sending the same message, and a message held by an instance that died comes back when its lease ends.
/// </summary>
public sealed class PendingMessageService(PendingMessageRunner runner, IOptions<PendingMessageOptions> options, TimeProvider clock, ILogger<PendingMessageService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.TickInterval > TimeSpan.Zero ? options.Value.TickInterval : TimeSpan.FromSeconds(15);
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                var report = await runner.TickAsync(stoppingToken);
                if (report.Delivered + report.Gone + report.Retrying > 0)
                {
                    logger.LogInformation("Undelivered messages: {Delivered} delivered now, {Gone} dropped (recipient gone), {Retrying} to try again",
                        report.Delivered, report.Gone, report.Retrying);
                }

                foreach (var lost in report.GivenUp)
                {
                    logger.LogError("Gave up message {Id} (tenant {Tenant}, recipient {Recipient}) after {Attempts} attempts since {Created}: {Error}",
                        lost.Id, lost.TenantId, lost.RecipientId ?? "the conversation", lost.Attempts, lost.CreatedAt, lost.LastError);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One bad pass (database busy, say) must not stop the queue.
                logger.LogError(exception, "Undelivered-message pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
