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
/// <para>With several nodes, each node's notifier also takes the events committed on the other nodes
/// (<see cref="PublishFromOtherNode"/>) and updates its own circuits; the hub's groups span the nodes through the
/// backplane, so only the node where a change happened sends it to them, and every client gets it once.</para>
/// </summary>
public sealed class CongressNotifier(
    SessionSnapshots snapshots,
    IHubContext<SessionHub, ISessionClient> hub,
    TimeProvider time,
    SecurityStampCache stamps,
    SnapshotSequence sequence,
    IOutputCacheStore pages,
    ILogger<CongressNotifier> log) : ICongressEvents
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, List<Subscription>> _subscribers = [];
    private readonly Dictionary<int, Feed> _feeds = [];
    private readonly Dictionary<int, List<StreetSubscription>> _streetSubscribers = [];

    public static string GroupOf(int sessionId) => $"session-{sessionId}";

    /// <summary>An event committed on this node.</summary>
    public void Publish(CongressEvent e) => Raise(e, local: true);

    /// <summary>An event committed on another node and relayed here: this node's screens follow it.</summary>
    public void PublishFromOtherNode(CongressEvent e) => Raise(e, local: false);

    /// <summary>
    /// After the link between nodes was down, events may have been missed: every screen of this node re-reads. Each
    /// watched session's newest state goes to its circuits and hub group, every account's remembered security stamp is
    /// forgotten, residents' pages kept in memory are rendered afresh, and street screens get <see cref="LinkRestored"/>.
    /// </summary>
    public void Resynchronize()
    {
        stamps.ForgetAll();
        _ = pages.EvictByTagAsync(Streets.PublicPageCache.Tag, CancellationToken.None).AsTask();
        int[] sessions;
        int[] streets;
        lock (_lock)
        {
            sessions = [.. _feeds.Keys.Union(_subscribers.Keys)];
            streets = [.. _streetSubscribers.Keys];
        }
        foreach (var street in streets)
        {
            DeliverToStreet(new LinkRestored(street));
        }
        foreach (var session in sessions)
        {
            Touch(session, streetId: null, ballotsOnly: false, local: true);
        }
        log.LogInformation("Re-sent the state of {Sessions} sessions and {Streets} streets after the link between nodes came back", sessions.Length, streets.Length);
    }

    private void Raise(CongressEvent e, bool local)
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
        if (!local && !HasCircuits(sessionId.Value))
        {
            // Nothing on this node shows the session, and the node where it changed sends to the hub's groups: build
            // nothing now, but rebuild in full when this node next sends it.
            lock (_lock)
            {
                if (_feeds.TryGetValue(sessionId.Value, out var idle))
                {
                    idle.SessionDirty = true;
                }
            }
            return;
        }
        if (e is VoteChanged { Final: true })
        {
            // A vote opening, closing or publishing goes out at once, not at the end of the window; a trailing send
            // of the same or a newer state may follow, and screens ignore what is not newer.
            _ = Task.Run(() => SendGuardedAsync(sessionId.Value, e.StreetId, local));
        }
        Touch(sessionId.Value, e.StreetId, ballotsOnly: e is VoteChanged { Final: false }, local);
    }

    private void Touch(int sessionId, int? streetId, bool ballotsOnly, bool local)
    {
        lock (_lock)
        {
            if (!_feeds.TryGetValue(sessionId, out var feed))
            {
                _feeds[sessionId] = feed = new Feed();
            }
            feed.StreetId = streetId ?? feed.StreetId;
            feed.SessionDirty |= !ballotsOnly;
            feed.HubPending |= local;
            if (feed.Running)
            {
                feed.Pending = true;
                return;
            }
            feed.Running = true;
        }
        _ = Task.Run(() => PumpAsync(sessionId));
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

    private async Task SendGuardedAsync(int sessionId, int streetId, bool local)
    {
        using var scope = log.BeginSessionScope(streetId, sessionId);
        try
        {
            await SendAsync(sessionId, forceFull: true, toHub: local);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Sending the state of session {SessionId} failed", sessionId);
        }
    }

    /// <summary>The current state, stamped with a sequence number newer than anything sent before it.</summary>
    public async Task<SessionSnapshot?> CurrentAsync(int sessionId, CancellationToken ct = default)
    {
        var number = await sequence.NextAsync(ct);
        var snapshot = await snapshots.BuildAsync(sessionId, ct);
        return snapshot is null ? null : snapshot with { Sequence = number };
    }

    /// <summary>Stamps a state that was just read; the number is taken after the read, so it may only be newer than what the state holds.</summary>
    public async Task<SessionSnapshot> StampAsync(SessionSnapshot snapshot) =>
        snapshot with { Sequence = await sequence.NextAsync() };

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

    private bool HasCircuits(int sessionId)
    {
        lock (_lock)
        {
            return _subscribers.ContainsKey(sessionId);
        }
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
        int? streetId;
        lock (_lock)
        {
            streetId = _feeds[sessionId].StreetId;
        }
        using var scope = log.BeginSessionScope(streetId, sessionId);
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
    private async Task SendAsync(int sessionId, bool forceFull = false, bool? toHub = null)
    {
        SessionSnapshot? last;
        bool full;
        bool hubToo;
        lock (_lock)
        {
            var feed = _feeds.GetValueOrDefault(sessionId);
            last = feed?.Last;
            full = forceFull || feed is null || feed.SessionDirty || last is null;
            if (feed is not null && full)
            {
                feed.SessionDirty = false;
            }
            hubToo = toHub ?? feed?.HubPending ?? true;
            if (feed is not null && toHub is null)
            {
                feed.HubPending = false;
            }
        }
        var snapshot = full
            ? await CurrentAsync(sessionId)
            : last! with { Votes = await snapshots.VotesAsync(sessionId), Sequence = await sequence.NextAsync(), BuiltUtc = time.GetUtcNow().UtcDateTime };
        if (snapshot is null)
        {
            return;
        }
        bool superseded;
        lock (_lock)
        {
            var feed = _feeds.GetValueOrDefault(sessionId);
            // Fresh counts on a state that another send replaced while they were read would take a newer number than
            // that state and undo it on every screen (a vote opened or closed, an item started): build in full instead.
            superseded = !full && feed is not null && !ReferenceEquals(feed.Last, last);
            if (!superseded && feed is not null && (feed.Last is null || feed.Last.Sequence < snapshot.Sequence))
            {
                feed.Last = snapshot;
            }
        }
        if (superseded)
        {
            await SendAsync(sessionId, forceFull: true, toHub: hubToo);
            return;
        }
        Subscription[] targets;
        lock (_lock)
        {
            targets = _subscribers.TryGetValue(sessionId, out var list) ? [.. list] : [];
        }
        var group = hub.Clients.Group(GroupOf(sessionId));
        var sends = targets.Select(t => DeliverAsync(t, snapshot));
        if (full && hubToo)
        {
            sends = sends.Append(group.SessionChanged(snapshot));
        }
        if (hubToo && VoteToSend(snapshot) is { } vote)
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
        public int? StreetId;

        /// <summary>A change made on this node is waiting to go to the hub's group (the node where it happened sends it).</summary>
        public bool HubPending;

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

/// <summary>
/// Raised on this node only, to street screens, when the link between nodes comes back after an outage: events of
/// other nodes may have been missed, so a screen that follows the street re-reads what it shows.
/// </summary>
public sealed record LinkRestored(int StreetId) : CongressEvent(StreetId);
