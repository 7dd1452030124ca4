using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Web.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace CongressHub.Web.Realtime;

/// <summary>
/// Fans committed session changes out to every open screen. Per change one snapshot is built and handed to every
/// subscribed circuit and to the hub group of the session. Bursts are coalesced: the first change goes out at once;
/// changes within <see cref="Window"/> after a send are folded into one trailing send of the newest state.
/// </summary>
public sealed class CongressNotifier(
    SessionSnapshots snapshots,
    IHubContext<SessionHub, ISessionClient> hub,
    TimeProvider time,
    SecurityStampCache stamps,
    ILogger<CongressNotifier> log) : ICongressEvents
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, List<Subscription>> _subscribers = [];
    private readonly Dictionary<int, Feed> _feeds = [];
    private long _sequence;

    public static string GroupOf(int sessionId) => $"session-{sessionId}";

    public void Publish(CongressEvent e)
    {
        if (e is AccountSignedOut signedOut)
        {
            stamps.Forget(signedOut.UserId);
            return;
        }
        if (e is not SessionChanged changed)
        {
            return;
        }
        lock (_lock)
        {
            if (!_feeds.TryGetValue(changed.SessionId, out var feed))
            {
                _feeds[changed.SessionId] = feed = new Feed();
            }
            if (feed.Running)
            {
                feed.Pending = true;
                return;
            }
            feed.Running = true;
        }
        _ = Task.Run(() => PumpAsync(changed.SessionId));
    }

    /// <summary>The current state, stamped with a sequence number newer than anything sent before it.</summary>
    public async Task<SessionSnapshot?> CurrentAsync(int sessionId, CancellationToken ct = default)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var snapshot = await snapshots.BuildAsync(sessionId, ct);
        return snapshot is null ? null : snapshot with { Sequence = sequence };
    }

    public Task<SessionSnapshot> StampAsync(SessionSnapshot snapshot) =>
        Task.FromResult(snapshot with { Sequence = Interlocked.Increment(ref _sequence) });

    /// <summary>Calls <paramref name="onChange"/> with every new snapshot of the session until disposed.</summary>
    public IDisposable Subscribe(int sessionId, Func<SessionSnapshot, Task> onChange)
    {
        var subscription = new Subscription(this, sessionId, onChange);
        lock (_lock)
        {
            if (!_subscribers.TryGetValue(sessionId, out var list))
            {
                _subscribers[sessionId] = list = [];
            }
            list.Add(subscription);
        }
        return subscription;
    }

    public int SubscriberCount(int sessionId)
    {
        lock (_lock)
        {
            return _subscribers.TryGetValue(sessionId, out var list) ? list.Count : 0;
        }
    }

    private async Task PumpAsync(int sessionId)
    {
        try
        {
            while (true)
            {
                await SendAsync(sessionId);
                await Task.Delay(Window, time);
                lock (_lock)
                {
                    var feed = _feeds[sessionId];
                    if (!feed.Pending)
                    {
                        feed.Running = false;
                        return;
                    }
                    feed.Pending = false;
                }
            }
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Sending the state of session {SessionId} failed", sessionId);
            lock (_lock)
            {
                _feeds[sessionId].Running = false;
            }
        }
    }

    private async Task SendAsync(int sessionId)
    {
        var snapshot = await CurrentAsync(sessionId);
        if (snapshot is null)
        {
            return;
        }
        Subscription[] targets;
        lock (_lock)
        {
            targets = _subscribers.TryGetValue(sessionId, out var list) ? [.. list] : [];
        }
        await Task.WhenAll(targets.Select(t => DeliverAsync(t, snapshot)).Append(hub.Clients.Group(GroupOf(sessionId)).SessionChanged(snapshot)));
    }

    private async Task DeliverAsync(Subscription target, SessionSnapshot snapshot)
    {
        try
        {
            await target.OnChange(snapshot);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "A screen of session {SessionId} failed to take a snapshot", snapshot.SessionId);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            if (_subscribers.TryGetValue(subscription.SessionId, out var list))
            {
                list.Remove(subscription);
                if (list.Count == 0)
                {
                    _subscribers.Remove(subscription.SessionId);
                }
            }
        }
    }

    private sealed class Feed
    {
        public bool Running;
        public bool Pending;
    }

    private sealed class Subscription(CongressNotifier owner, int sessionId, Func<SessionSnapshot, Task> onChange) : IDisposable
    {
        public int SessionId => sessionId;

        public Func<SessionSnapshot, Task> OnChange => onChange;

        public void Dispose() => owner.Remove(this);
    }
}
