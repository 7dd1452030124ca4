using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using Microsoft.AspNetCore.SignalR;

namespace CongressHub.Web.Realtime;

/// <summary>
/// The send loop of each watched session. Per change one snapshot is built and handed to every subscribed circuit and
/// to the hub group of the session. Bursts are coalesced: the first change goes out at once; changes within
/// <see cref="Window"/> after a send are folded into one trailing send of the newest state.
/// <para>An event committed on another node (<c>local: false</c>) updates this node's circuits only: the hub's groups
/// span the nodes through the backplane, so only the node where a change happened sends it to them, and every client
/// gets it once.</para>
/// </summary>
public sealed class SessionFeeds(
    SnapshotBuilder snapshots,
    IHubContext<SessionHub, ISessionClient> hub,
    TimeProvider time,
    SnapshotSequence sequence,
    CongressMetrics metrics,
    ILogger<SessionFeeds> log)
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, List<Subscription>> _subscribers = [];
    private readonly Dictionary<int, Feed> _feeds = [];

    public static string GroupOf(int sessionId) => $"session-{sessionId}";

    /// <summary>Sends the newest state of the session the event concerns, if it concerns one.</summary>
    public void Raise(CongressEvent e, bool local)
    {
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

    /// <summary>Sends every watched session's newest state to its circuits and hub group; returns how many sessions.</summary>
    public int ResendAll()
    {
        int[] sessions;
        lock (_lock)
        {
            sessions = [.. _feeds.Keys.Union(_subscribers.Keys)];
        }
        foreach (var session in sessions)
        {
            Touch(session, streetId: null, ballotsOnly: false, local: true);
        }
        return sessions.Length;
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
            if (feed.RaisedAt == 0)
            {
                feed.RaisedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            }
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

    /// <summary>
    /// The state a screen starts from, read in turn with the states the session's screens are sent (see
    /// <see cref="SendAsync"/>), with no rights checked; null for an unknown session. <paramref name="join"/> subscribes
    /// the screen before the next state goes out, so it misses none and receives none older than this one.
    /// </summary>
    public Task<SessionSnapshot?> CurrentAsync(int sessionId, Func<Task>? join = null, CancellationToken ct = default) =>
        InTurnAsync(sessionId, c => snapshots.BuildAsync(sessionId, c), join, ct);

    /// <summary>As <see cref="CurrentAsync"/>, read by <paramref name="read"/>, which checks the caller's rights.</summary>
    public async Task<SessionSnapshot> ReadAsync(int sessionId, Func<CancellationToken, Task<SessionSnapshot>> read, Func<Task>? join = null, CancellationToken ct = default) =>
        (await InTurnAsync(sessionId, async c => await read(c), join, ct))!;

    private async Task<SessionSnapshot?> InTurnAsync(int sessionId, Func<CancellationToken, Task<SessionSnapshot?>> read, Func<Task>? join, CancellationToken ct)
    {
        var feed = FeedOf(sessionId);
        await feed.Turn.WaitAsync(ct);
        try
        {
            var snapshot = await ReadFullAsync(feed, read, ct);
            if (snapshot is not null && join is not null)
            {
                await join();
            }
            return snapshot;
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    /// <summary>Numbers and reads a full state, in the session's turn; it becomes the base of later counts-only states.</summary>
    private async Task<SessionSnapshot?> ReadFullAsync(Feed feed, Func<CancellationToken, Task<SessionSnapshot?>> read, CancellationToken ct)
    {
        var number = await sequence.NextAsync(ct);
        var snapshot = await read(ct);
        return snapshot is null ? null : feed.Last = snapshot with { Sequence = number };
    }

    private Feed FeedOf(int sessionId)
    {
        lock (_lock)
        {
            if (!_feeds.TryGetValue(sessionId, out var feed))
            {
                _feeds[sessionId] = feed = new Feed();
            }
            return feed;
        }
    }

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
    /// Sends the session's newest state. When only ballots came in since the last full state, that state is reused with
    /// fresh vote counts (one query instead of a full build), and hub clients get only <c>VoteChanged</c>: a burst of
    /// ballots does not rebuild and resend the whole session to every screen ten times a second.
    /// <para>Every state of a session is numbered and read in the session's turn, one at a time: a state numbered later
    /// was read later, and a counts-only state is built on the newest full state, never on one that a full state being
    /// built is about to replace. So no screen is ever sent a newer number holding an older agenda.</para>
    /// </summary>
    private async Task SendAsync(int sessionId, bool forceFull = false, bool? toHub = null)
    {
        var feed = FeedOf(sessionId);
        Task circuits;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        bool full;
        await feed.Turn.WaitAsync();
        try
        {
            bool hubToo;
            lock (_lock)
            {
                if (feed.RaisedAt != 0)
                {
                    metrics.LiveStage("queued", feed.RaisedAt);
                    feed.RaisedAt = 0;
                }
                full = forceFull || feed.SessionDirty || feed.Last is null;
                if (full)
                {
                    feed.SessionDirty = false;
                }
                hubToo = toHub ?? feed.HubPending;
                if (toHub is null)
                {
                    feed.HubPending = false;
                }
            }
            SessionSnapshot? snapshot;
            var reading = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                snapshot = full
                    ? await ReadFullAsync(feed, c => snapshots.BuildAsync(sessionId, c), CancellationToken.None)
                    : feed.Last = feed.Last! with { Sequence = await sequence.NextAsync(), Votes = await snapshots.VotesAsync(sessionId), BuiltUtc = time.GetUtcNow().UtcDateTime };
            }
            catch
            {
                lock (_lock)
                {
                    feed.SessionDirty |= full;
                    feed.HubPending |= hubToo;
                }
                throw;
            }
            if (snapshot is null)
            {
                return;
            }
            metrics.LiveStage("snapshot", reading);
            Subscription[] targets;
            lock (_lock)
            {
                targets = _subscribers.TryGetValue(sessionId, out var list) ? [.. list] : [];
            }
            // Each circuit takes the state on a work item of its own, and drops it when it is not newer: handed over
            // one after the other on this thread, every phone of a hall waited for the render (and a page's own
            // reads) of each one before it. The hub's group is sent the states in turn, so that its clients receive
            // them in order.
            circuits = Task.WhenAll(targets.Select(t => Task.Run(() => DeliverAsync(t, snapshot))));
            var group = hub.Clients.Group(GroupOf(sessionId));
            if (full && hubToo)
            {
                var sending = System.Diagnostics.Stopwatch.GetTimestamp();
                await group.SessionChanged(snapshot);
                metrics.LiveStage("send", sending);
            }
            if (hubToo && VoteToSend(snapshot) is { } vote)
            {
                await group.VoteChanged(new VoteSnapshot(snapshot.Sequence, sessionId, vote));
            }
        }
        finally
        {
            feed.Turn.Release();
        }
        await circuits;
        metrics.NotifierSent(started, full);
    }

    /// <summary>The session's latest vote, when it differs from the last one sent to the session's hub group.</summary>
    private VoteView? VoteToSend(SessionSnapshot snapshot)
    {
        var vote = snapshot.LatestVote;
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

    private sealed class Feed
    {
        public int? StreetId;

        /// <summary>A change made on this node is waiting to go to the hub's group (the node where it happened sends it).</summary>
        public bool HubPending;

        public bool Running;
        public bool Pending;

        /// <summary>When the first change not yet sent was raised (a <see cref="System.Diagnostics.Stopwatch"/> timestamp); 0 when none waits.</summary>
        public long RaisedAt;
        public VoteView? LastVote;
        public long LastVoteSequence;

        /// <summary>Something besides ballot counts changed since the last full state.</summary>
        public bool SessionDirty = true;

        /// <summary>One state of the session is numbered, read and handed out at a time.</summary>
        public readonly SemaphoreSlim Turn = new(1, 1);

        /// <summary>The newest full state read (or counts-only state built on it), reused when only vote counts change; touched only in the turn.</summary>
        public SessionSnapshot? Last;
    }

    private sealed class Subscription(SessionFeeds owner, int sessionId, Func<SessionSnapshot, Task> onChange) : IDisposable
    {
        public int SessionId => sessionId;

        public Func<SessionSnapshot, Task> OnChange => onChange;

        public void Dispose() => owner.Remove(this);
    }
}
