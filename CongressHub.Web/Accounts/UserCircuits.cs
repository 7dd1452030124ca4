using CongressHub.Web.Hosting;

namespace CongressHub.Web.Accounts;

/// <summary>
/// The open pages (Blazor circuits) of each account on this node. An account holds at most
/// <see cref="ClientLimits.CircuitsPerUser"/>: past it, the circuit of a tab that was closed (kept by the framework for a
/// while in case it reconnects) goes first, the oldest of those, then the oldest open one. The framework's own limit
/// on kept circuits (<c>CircuitOptions.DisconnectedCircuitMaxRetained</c>) counts everyone's together. An account that
/// is signed out everywhere (a retired delegate, a revoked card) has its open pages signed out at once.
/// </summary>
public sealed class UserCircuits(ClientLimits limits, ILogger<UserCircuits> log)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Entry>> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _byCircuit = new(StringComparer.Ordinal);
    private long _opened;

    /// <summary>
    /// Records an account's new circuit, with how to sign it out and how to close it; closes the account's surplus
    /// circuits, if any, and returns when they are closed.
    /// </summary>
    public async Task OpenedAsync(string circuitId, string userId, Action signOut, Func<Task> close)
    {
        var entry = new Entry(circuitId, userId, Interlocked.Increment(ref _opened), signOut, close) { Connected = true };
        List<Entry> surplus = [];
        lock (_lock)
        {
            _byCircuit[circuitId] = entry;
            if (!_byUser.TryGetValue(userId, out var list))
            {
                _byUser[userId] = list = [];
            }
            list.Add(entry);
            while (list.Count > limits.CircuitsPerUser)
            {
                // A closed tab's circuit first, the oldest of them; then the oldest open one, never the new one.
                var victim = list.Where(e => !e.Connected).OrderBy(e => e.Order).FirstOrDefault()
                    ?? list.Where(e => e != entry).OrderBy(e => e.Order).First();
                RemoveLocked(victim);
                surplus.Add(victim);
            }
        }
        foreach (var victim in surplus)
        {
            log.LogInformation("Closed circuit {CircuitId} of {UserId} ({State}): the account opened more than {Limit}",
                victim.CircuitId, userId, victim.Connected ? "open" : "tab closed", limits.CircuitsPerUser);
            try
            {
                await victim.Close();
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Circuit {CircuitId} of {UserId} could not be closed", victim.CircuitId, userId);
            }
        }
    }

    public void ConnectionDown(string circuitId) => SetConnected(circuitId, false);

    public void ConnectionUp(string circuitId) => SetConnected(circuitId, true);

    public void Closed(string circuitId)
    {
        lock (_lock)
        {
            if (_byCircuit.TryGetValue(circuitId, out var entry))
            {
                RemoveLocked(entry);
            }
        }
    }

    /// <summary>
    /// The account was signed out everywhere: its open pages are signed out (they go to the sign-in page at once), and
    /// circuits of closed tabs are closed. Returns how many circuits the account had here.
    /// </summary>
    public int SignOut(string userId)
    {
        List<Entry> entries;
        lock (_lock)
        {
            entries = _byUser.TryGetValue(userId, out var list) ? [.. list] : [];
        }
        foreach (var entry in entries)
        {
            if (entry.Connected)
            {
                entry.SignOut();
            }
            else
            {
                Closed(entry.CircuitId);
                _ = entry.Close();
            }
        }
        return entries.Count;
    }

    /// <summary>How many circuits the account holds on this node (open and of closed tabs).</summary>
    public int CountOf(string userId)
    {
        lock (_lock)
        {
            return _byUser.TryGetValue(userId, out var list) ? list.Count : 0;
        }
    }

    /// <summary>The circuits on this node: of open pages, and of closed tabs still kept in case they reconnect.</summary>
    public (int Connected, int Disconnected) Count()
    {
        lock (_lock)
        {
            var connected = _byCircuit.Values.Count(e => e.Connected);
            return (connected, _byCircuit.Count - connected);
        }
    }

    private void SetConnected(string circuitId, bool connected)
    {
        lock (_lock)
        {
            if (_byCircuit.TryGetValue(circuitId, out var entry))
            {
                entry.Connected = connected;
            }
        }
    }

    private void RemoveLocked(Entry entry)
    {
        _byCircuit.Remove(entry.CircuitId);
        if (_byUser.TryGetValue(entry.UserId, out var list))
        {
            list.Remove(entry);
            if (list.Count == 0)
            {
                _byUser.Remove(entry.UserId);
            }
        }
    }

    private sealed class Entry(string circuitId, string userId, long order, Action signOut, Func<Task> close)
    {
        public string CircuitId => circuitId;

        public string UserId => userId;

        public long Order => order;

        public Action SignOut => signOut;

        public Func<Task> Close => close;

        public bool Connected { get; set; }
    }
}
