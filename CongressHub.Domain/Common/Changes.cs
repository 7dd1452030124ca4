using System.Collections.Concurrent;
using CongressHub.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Common;

/// <summary>
/// Opens units of change. Every write of a feature goes through one: the service reads and changes entities on
/// <see cref="Change.Db"/>, records what the audit chain should say and what screens should hear, and
/// <see cref="Change.CommitAsync"/> seals the audit entries, saves once in one transaction and only then publishes
/// the events. So no change is saved without its audit entries, and no screen hears of a change that did not commit.
/// </summary>
public sealed class Changes(IDbContextFactory<CongressDbContext> dbFactory, ICongressEvents events, TimeProvider time, Notices.NoticeSignal notices, CongressMetrics metrics)
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _chains = new();

    /// <summary>
    /// Opens a change made by <paramref name="actor"/> (null: the system) in <paramref name="streetId"/>'s records
    /// (<see cref="AuditEntry.CityChain"/> for the city's); an actor of another street is refused.
    /// </summary>
    public async Task<Change> BeginAsync(Actor? actor, int streetId, CancellationToken ct = default)
    {
        if (actor is not null && streetId != AuditEntry.CityChain && !actor.BelongsTo(streetId))
        {
            throw new ForbiddenException();
        }
        return new Change(this, await dbFactory.CreateDbContextAsync(ct), actor, streetId);
    }

    /// <summary>
    /// Opens a change a district's account makes in the records of one of its streets (its inspections of the street);
    /// any other actor is refused and a street outside the district is not found.
    /// </summary>
    public async Task<Change> BeginInDistrictAsync(Actor actor, int streetId, CancellationToken ct = default)
    {
        var district = actor.DistrictName ?? throw new ForbiddenException();
        var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Streets.AnyAsync(s => s.Id == streetId && s.District == district, ct))
        {
            await db.DisposeAsync();
            throw new NotFoundException();
        }
        return new Change(this, db, actor, streetId);
    }

    /// <summary>Opens a change in the acting user's own street; an actor of no street is refused.</summary>
    public Task<Change> BeginAsync(Actor actor, CancellationToken ct = default) =>
        BeginAsync(actor, actor.StreetId ?? throw new ForbiddenException(), ct);

    /// <summary>Opens a change a resident makes on a street's public pages (no account); an unknown street is not found.</summary>
    public async Task<Change> BeginAsResidentAsync(string? slug, CancellationToken ct = default)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        var db = await dbFactory.CreateDbContextAsync(ct);
        var streetId = await db.Streets.Where(s => s.Slug == key).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
        if (streetId is null)
        {
            await db.DisposeAsync();
            throw new NotFoundException();
        }
        return new Change(this, db, null, streetId.Value);
    }

    internal DateTime Now => time.GetUtcNow().UtcDateTime;

    internal CongressMetrics Metrics => metrics;

    /// <summary>A change that shares a group's context and transaction (the ballot writer's), committed with its group.</summary>
    internal Change InGroup(CongressDbContext db, Actor? actor, int streetId, HashSet<object> seen) => new(this, db, actor, streetId, seen);

    internal void Publish(IEnumerable<CongressEvent> announced)
    {
        foreach (var e in announced.Distinct())
        {
            events.Publish(e);
            if (e is NoticesChanged)
            {
                notices.Ping();
            }
        }
    }

    /// <summary>
    /// Takes the append locks of <paramref name="streets"/> in street order. Appends to one street's chain are
    /// serialized (a chain forks under concurrent appends); two streets never wait for each other here.
    /// </summary>
    internal async Task<IAsyncDisposable> LockChainsAsync(IEnumerable<int> streets, CancellationToken ct)
    {
        var taken = new List<SemaphoreSlim>();
        try
        {
            foreach (var street in streets.Distinct().Order())
            {
                var gate = _chains.GetOrAdd(street, _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync(ct);
                taken.Add(gate);
            }
        }
        catch
        {
            taken.ForEach(g => g.Release());
            throw;
        }
        return new Held(taken);
    }

    private sealed class Held(List<SemaphoreSlim> gates) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gates.ForEach(g => g.Release());
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// One change of one street, made by one actor: open it with <see cref="Changes.BeginAsync"/>, work on
/// <see cref="Db"/>, <see cref="Audit"/> and <see cref="Announce"/>, then <see cref="CommitAsync"/>. Disposing
/// an uncommitted change discards it.
/// </summary>
public sealed class Change : IAsyncDisposable
{
    private readonly Changes _owner;
    private readonly List<CongressEvent> _announced = [];
    private IAsyncDisposable? _chainLock;
    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? _tx;
    private readonly List<Announcements.Pending> _touched = [];
    private readonly HashSet<object>? _seen;
    private readonly bool _grouped;
    private readonly long _opened = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _committed;

    internal Change(Changes owner, CongressDbContext db, Actor? actor, int streetId, HashSet<object>? groupSeen = null)
    {
        _owner = owner;
        Db = db;
        Actor = actor;
        StreetId = streetId;
        _grouped = groupSeen is not null;
        _seen = groupSeen;
    }

    /// <summary>
    /// What the change announces: what its saved records imply (<see cref="Announcements"/>) and what it announced by
    /// hand; read after the commit. The ballot writer, which commits a group of changes, tells them then.
    /// </summary>
    internal IEnumerable<CongressEvent> Announced => _touched.SelectMany(t => t.Events()).Concat(_announced);

    /// <summary>Notes what the change has touched so far, for a change in a group that another change saves.</summary>
    internal void NoteTouched() => _touched.Add(Announcements.Capture(Db, StreetId, _seen));

    public CongressDbContext Db { get; }

    /// <summary>The channels of the ballots this change recorded, counted once its group has committed (<see cref="CongressMetrics"/>).</summary>
    internal List<Voting.VoteChannel> BallotChannels { get; } = [];

    public Actor? Actor { get; }

    public int StreetId { get; }

    /// <summary>
    /// The message (a key of the domain's texts) the change is refused with when another change of the same rows
    /// committed first; unset, the <see cref="DbUpdateConcurrencyException"/> reaches the caller, to make the change again.
    /// </summary>
    public string? Conflict { get; set; }

    /// <summary>The moment of the change, from the clock every service uses.</summary>
    public DateTime Now => _owner.Now;

    /// <summary>
    /// Adds an entry to the street's audit chain, sealed and saved with the change; by the actor, or by
    /// <paramref name="by"/> for a change the system makes on someone's behalf (a sign-in).
    /// </summary>
    public void Audit(string action, string subject, string details = "", string? by = null) =>
        Db.AuditEntries.Add(AuditEntry.Of(StreetId, by ?? AuditTrail.NameOf(Actor), action, subject, details, Now));

    /// <summary>
    /// Tells the screens after the commit, for what no saved record implies (records announce themselves, see
    /// <see cref="Announcements"/>); an event announced twice goes out once.
    /// </summary>
    public void Announce(CongressEvent e) => _announced.Add(e);

    /// <summary>
    /// Saves what is changed so far inside the change's transaction, for a change that needs the ids the database
    /// gives (a new session's, before its agenda items). The change still commits or is discarded as a whole.
    /// </summary>
    public async Task SaveAsync(CancellationToken ct = default)
    {
        // In the ballot writer's group the group's transaction is already open and its streets' chains locked.
        if (!_grouped)
        {
            await BeginTransactionAsync(ct);
        }
        await AuditTrail.SealAsync(Db, AuditTrail.Staged(Db), ct);
        await SaveChangesAsync(ct);
    }

    private async Task SaveChangesAsync(CancellationToken ct)
    {
        NoteTouched();
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException) when (Conflict is not null)
        {
            throw DomainException.Because(Conflict);
        }
    }

    /// <summary>
    /// Seals the audit entries into the street's chain, saves in one transaction and publishes the announced events.
    /// <paramref name="underLock"/> runs first while the chain is locked: for a change that takes the street's next
    /// number of something (a resolution's), so that two at once cannot read the same last one.
    /// </summary>
    public async Task CommitAsync(Func<Task>? underLock = null, CancellationToken ct = default)
    {
        if (_grouped)
        {
            throw new InvalidOperationException("A change in the ballot writer's group is committed with its group.");
        }
        var metrics = _owner.Metrics;
        metrics.ChangeStage("work", _opened);
        var saving = System.Diagnostics.Stopwatch.GetTimestamp();
        await BeginTransactionAsync(ct);
        if (underLock is not null)
        {
            if (DatabaseEngine.IsPostgres(Db))
            {
                // Other nodes take numbers too: hold the street's chain lock in the database before reading the last one.
                await DatabaseEngine.LockForTransactionAsync(Db, LockSpace.AuditChain, StreetId, ct);
            }
            await underLock();
        }
        await AuditTrail.SealAsync(Db, AuditTrail.Staged(Db), ct);
        await SaveChangesAsync(ct);
        metrics.ChangeStage("save", saving);
        var committing = System.Diagnostics.Stopwatch.GetTimestamp();
        await _tx!.CommitAsync(ct);
        metrics.ChangeStage("commit", committing);
        _committed = true;
        await ReleaseAsync();
        var publishing = System.Diagnostics.Stopwatch.GetTimestamp();
        _owner.Publish(Announced);
        metrics.ChangeStage("publish", publishing);
    }

    public Task CommitAsync(CancellationToken ct) => CommitAsync(null, ct);

    // The chain's lock is taken before the transaction, as the ballot writer does, so the two never wait on each other.
    private async Task BeginTransactionAsync(CancellationToken ct)
    {
        if (_tx is not null)
        {
            return;
        }
        _chainLock = await _owner.LockChainsAsync([StreetId], ct);
        _tx = await Db.Database.BeginTransactionAsync(ct);
    }

    private async Task ReleaseAsync()
    {
        if (_tx is not null)
        {
            await _tx.DisposeAsync();
            _tx = null;
        }
        if (_chainLock is not null)
        {
            await _chainLock.DisposeAsync();
            _chainLock = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_grouped)
        {
            return;
        }
        if (!_committed)
        {
            _announced.Clear();
            _touched.Clear();
        }
        await ReleaseAsync();
        await Db.DisposeAsync();
    }
}
