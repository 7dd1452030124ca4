namespace CongressHub.Domain.Notices;

/// <summary>
/// Wakes this node's sender as soon as a change wrote notices, rather than at its next look (<c>Notices:PollSeconds</c>);
/// other nodes find them at theirs.
/// </summary>
public sealed class NoticeSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Ping()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one wake-up serves every change before it.
        }
    }

    /// <summary>Waits for a ping or the timeout, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
