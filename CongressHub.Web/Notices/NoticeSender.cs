using CongressHub.Domain.Notices;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Notices;

/// <summary>
/// Runs the outbox on this node: at once when a change here wrote notices, otherwise every <c>Notices:PollSeconds</c>.
/// Every node runs one; the outbox's leases make each delivery go out from one of them.
/// </summary>
public sealed class NoticeSender(NoticeOutbox outbox, NoticeSignal signal, IOptions<NoticeOptions> options, ILogger<NoticeSender> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database away for a moment: notices wait in the outbox, and the next round tries again.
                log.LogWarning(e, "The notice outbox could not run this round; it tries again in {Seconds} s", poll.TotalSeconds);
            }
            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
