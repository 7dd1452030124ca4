using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Web.Accounts;
using Microsoft.AspNetCore.OutputCaching;
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
    IOutputCacheStore pages,
    ILogger<CongressNotifier> log) : ICongressEvents
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, List<Subscription>> _subscribers = [];
    private readonly Dictionary<int, Feed> _feeds = [];
    private readonly Dictionary<int, List<StreetSubscription>> _streetSubscribers = [];
    private long _sequence;

    public static string GroupOf(int sessionId) => $"session-{sessionId}";

    public void Publish(CongressEvent e)
    {
        if (e is AccountSignedOut signedOut)
        {
            stamps.Forget(signedOut.UserId);
            return;
        }
        if (e is not VoteChanged { Final: false })
        {
            // Residents' pages kept in memory are rendered again with the change (counts while voting never show there).
            _ = pages.EvictByTagAsync(Streets.PublicPageCache.Tag, CancellationToken.None).AsTask();
        }
        DeliverToStreet(e);
        var sessionId = e switch
        {
            SessionChanged c => c.SessionId,
            VoteChanged v => v.SessionId,
            _ => (int?)null,
        };
        if (sessionId is null)
        {
            return;
        }
        var ballotsOnly = e is VoteChanged { Final: false };
        if (e is VoteChanged { Final: true })
        {
            // A vote opening, closing or publishing goes out at once, not at the end of the window; a trailing send
            // of the same or a newer state may follow, and screens ignore what is not newer.
            _ = Task.Run(() => SendGuardedAsync(sessionId.Value));
        }
        lock (_lock)
        {
            if (!_feeds.TryGetValue(sessionId.Value, out var feed))
            {
                _feeds[sessionId.Value] = feed = new Feed();
            }
            feed.SessionDirty |= !ballotsOnly;
            if (feed.Running)
            {
                feed.Pending = true;
                return;
            }
            feed.Running = true;
        }
        _ = Task.Run(() => PumpAsync(sessionId.Value));
    }

    /// <summary>Calls <paramref name="onEvent"/> with every event of the street (motions, votes, sessions) until disposed.</summary>
    public IDisposable SubscribeStreet(int streetId, Func<CongressEvent, Task> onEvent)
    {
        var subscription = new StreetSubscription(this, streetId, onEvent);
        lock (_lock)
        {
            if (!_streetSubscribers.TryGetValue(streetId, out var list))
            {
                _streetSubscribers[streetId] = list = [];
            }
            list.Add(subscription);
        }
        return subscription;
    }

    private void DeliverToStreet(CongressEvent e)
    {
        StreetSubscription[] targets;
        lock (_lock)
        {
            targets = _streetSubscribers.TryGetValue(e.StreetId, out var list) ? [.. list] : [];
        }
        foreach (var target in targets)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await target.OnEvent(e);
                }
                catch (Exception ex)
                {
                    log.LogWarning(ex, "A screen of street {StreetId} failed to take an event", e.StreetId);
                }
            });
        }
    }

    private async Task SendGuardedAsync(int sessionId)
    {
        try
        {
            await SendAsync(sessionId, forceFull: true);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Sending the state of session {SessionId} failed", sessionId);
        }
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

    /// <summary>
    /// Sends the session's newest state. When only ballots came in since the last full state, the last snapshot is
    /// reused with fresh vote counts (one query instead of a full build), and hub clients get only <c>VoteChanged</c>:
    /// a burst of ballots does not rebuild and resend the whole session to every screen ten times a second.
    /// </summary>
    private async Task SendAsync(int sessionId, bool forceFull = false)
    {
        SessionSnapshot? last;
        bool full;
        lock (_lock)
        {
            var feed = _feeds.GetValueOrDefault(sessionId);
            last = feed?.Last;
            full = forceFull || feed is null || feed.SessionDirty || last is null;
            if (feed is not null && full)
            {
                feed.SessionDirty = false;
            }
        }
        var snapshot = full
            ? await CurrentAsync(sessionId)
            : last! with { Votes = await snapshots.VotesAsync(sessionId), Sequence = Interlocked.Increment(ref _sequence), BuiltUtc = time.GetUtcNow().UtcDateTime };
        if (snapshot is null)
        {
            return;
        }
        lock (_lock)
        {
            if (_feeds.GetValueOrDefault(sessionId) is { } feed && (feed.Last is null || feed.Last.Sequence < snapshot.Sequence))
            {
                feed.Last = snapshot;
            }
        }
        Subscription[] targets;
        lock (_lock)
        {
            targets = _subscribers.TryGetValue(sessionId, out var list) ? [.. list] : [];
        }
        var group = hub.Clients.Group(GroupOf(sessionId));
        var sends = targets.Select(t => DeliverAsync(t, snapshot));
        if (full)
        {
            sends = sends.Append(group.SessionChanged(snapshot));
        }
        if (VoteToSend(snapshot) is { } vote)
        {
            sends = sends.Append(group.VoteChanged(new VoteSnapshot(snapshot.Sequence, sessionId, vote)));
        }
        await Task.WhenAll(sends);
    }

    /// <summary>The active vote, when it differs from the last one sent to the session's hub group.</summary>
    private VoteView? VoteToSend(SessionSnapshot snapshot)
    {
        var vote = snapshot.Votes.FirstOrDefault(v => v.IsOpen) ?? snapshot.Votes.Where(v => v.IsClosed).MaxBy(v => v.ClosedUtc);
        if (vote is null)
        {
            return null;
        }
        lock (_lock)
        {
            var feed = _feeds.GetValueOrDefault(snapshot.SessionId);
            if (feed is null)
            {
                return vote;
            }
            if (feed.LastVote == vote || feed.LastVoteSequence > snapshot.Sequence)
            {
                return null;
            }
            (feed.LastVote, feed.LastVoteSequence) = (vote, snapshot.Sequence);
            return vote;
        }
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

    private void Remove(StreetSubscription subscription)
    {
        lock (_lock)
        {
            if (_streetSubscribers.TryGetValue(subscription.StreetId, out var list))
            {
                list.Remove(subscription);
                if (list.Count == 0)
                {
                    _streetSubscribers.Remove(subscription.StreetId);
                }
            }
        }
    }

    private sealed class Feed
    {
        public bool Running;
        public bool Pending;
        public VoteView? LastVote;
        public long LastVoteSequence;

        /// <summary>Something besides ballot counts changed since the last full state.</summary>
        public bool SessionDirty = true;

        /// <summary>The newest snapshot sent, reused when only vote counts change.</summary>
        public SessionSnapshot? Last;
    }

    private sealed class StreetSubscription(CongressNotifier owner, int streetId, Func<CongressEvent, Task> onEvent) : IDisposable
    {
        public int StreetId => streetId;

        public Func<CongressEvent, Task> OnEvent => onEvent;

        public void Dispose() => owner.Remove(this);
    }

    private sealed class Subscription(CongressNotifier owner, int sessionId, Func<SessionSnapshot, Task> onChange) : IDisposable
    {
        public int SessionId => sessionId;

        public Func<SessionSnapshot, Task> OnChange => onChange;

        public void Dispose() => owner.Remove(this);
    }
}
