using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Audit;

/// <summary>Result of verifying a chain: the first entry that does not match, or none.</summary>
public sealed record AuditVerification(int StreetId, long Entries, long? FirstBrokenSequence, string? Reason)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>An entry as stored, with <paramref name="Who"/>: the person behind <paramref name="UserName"/> by name and post, for reading only (never hashed).</summary>
public sealed record AuditRow(long Sequence, DateTime AtUtc, string UserName, string Action, string Subject, string Details, string Hash, string Who);

/// <summary>
/// Appends to and verifies the audit chains. Appends are serialized (a chain forks under concurrent appends): in the
/// process, and on PostgreSQL across nodes by a lock per street in the database; a unique index on (street, sequence)
/// refuses a fork all the same. An entry is saved in the same transaction
/// as the change it records.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Stages an entry; it is sealed and written by the next <see cref="SaveAsync"/> of the same context.</summary>
    public void Record(CongressDbContext db, int streetId, Actor? actor, string action, string subject, string details = "") =>
        db.AuditEntries.Add(AuditEntry.Of(streetId, NameOf(actor), action, subject, details, time.GetUtcNow().UtcDateTime));

    /// <summary>Saves the context's changes with its staged entries chained in, under the append lock.</summary>
    public Task SaveAsync(CongressDbContext db, CancellationToken ct = default) => SaveAsync(db, null, ct);

    /// <summary>
    /// Saves as above, running <paramref name="underLock"/> first while holding the append lock: for a change that
    /// takes the street's next number of something (a resolution's), so two at once cannot read the same last one.
    /// </summary>
    public async Task SaveAsync(CongressDbContext db, Func<Task>? underLock, CancellationToken ct = default)
    {
        if (Staged(db).Count == 0 && underLock is null)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (DatabaseEngine.IsPostgres(db) && db.Database.CurrentTransaction is null)
            {
                // The chain's lock in PostgreSQL lasts for a transaction: read the last entry (and the street's last
                // number, for a change that takes one) and append in one.
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await SealUnderLockAsync(db, underLock, ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            else
            {
                await SealUnderLockAsync(db, underLock, ct);
                await db.SaveChangesAsync(ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task SealUnderLockAsync(CongressDbContext db, Func<Task>? underLock, CancellationToken ct)
    {
        if (underLock is not null)
        {
            if (DatabaseEngine.IsPostgres(db))
            {
                // Other nodes take numbers too: hold the streets' chain locks before reading the last one.
                foreach (var street in Staged(db).Select(e => e.StreetId).Distinct().Order())
                {
                    await DatabaseEngine.LockForTransactionAsync(db, LockSpace.AuditChain, street, ct);
                }
            }
            await underLock();
        }
        await SealAsync(db, Staged(db), ct);
    }

    /// <summary>Runs <paramref name="write"/> holding the append lock, for a writer that seals entries inside its own transaction.</summary>
    internal async Task<T> UnderLockAsync<T>(Func<Task<T>> write)
    {
        await _gate.WaitAsync();
        try
        {
            return await write();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Seals staged entries; the caller holds the in-process lock. On PostgreSQL other nodes append too, so each chain
    /// is also locked in the database (an advisory lock per street, in street order, until the transaction ends).
    /// </summary>
    internal static async Task SealAsync(CongressDbContext db, IReadOnlyList<AuditEntry> staged, CancellationToken ct)
    {
        foreach (var chain in staged.GroupBy(e => e.StreetId).OrderBy(c => c.Key))
        {
            if (DatabaseEngine.IsPostgres(db))
            {
                await DatabaseEngine.LockForTransactionAsync(db, LockSpace.AuditChain, chain.Key, ct);
            }
            var last = await db.AuditEntries.AsNoTracking().Where(e => e.StreetId == chain.Key)
                .OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            var (sequence, hash) = last is null ? (0L, AuditEntry.Genesis) : (last.Sequence, last.Hash);
            foreach (var entry in chain)
            {
                entry.Seal(++sequence, hash);
                hash = entry.Hash;
            }
        }
    }

    internal static List<AuditEntry> Staged(CongressDbContext db) =>
        db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added && !e.Entity.IsSealed).Select(e => e.Entity).ToList();

    /// <summary>Records a sign-in in its own transaction.</summary>
    public async Task RecordSignInAsync(int? streetId, string userName, string how, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(AuditEntry.Of(streetId ?? AuditEntry.CityChain, userName, "Account.SignedIn", "Account " + userName, how, time.GetUtcNow().UtcDateTime));
        await SaveAsync(db, ct);
    }

    /// <summary>The convener's view: the newest entries of their street's chain.</summary>
    public async Task<IReadOnlyList<AuditRow>> ListAsync(Actor actor, int take = 200, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.StreetId == streetId).OrderByDescending(e => e.Sequence).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        var names = await PeopleNames.ResolveAsync(db, entries.Select(e => e.UserName), ct);
        return entries.Select(e => new AuditRow(e.Sequence, e.AtUtc, e.UserName, e.Action, e.Subject, e.Details, e.Hash, names.Show(e.UserName))).ToList();
    }

    public async Task<AuditVerification> VerifyAsync(Actor actor, CancellationToken ct = default) =>
        await VerifyChainAsync(Access.RequireConvener(actor), ct);

    /// <summary>Walks a chain from its first entry and names the first one whose link or hash does not match.</summary>
    public async Task<AuditVerification> VerifyChainAsync(int streetId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var expectedPrevious = AuditEntry.Genesis;
        long expectedSequence = 1, count = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(e => e.StreetId == streetId).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            var reason =
                entry.Sequence != expectedSequence ? DomainText.Get("Audit.Gap", expectedSequence)
                : entry.PreviousHash != expectedPrevious ? DomainText.Get("Audit.LinkBroken")
                : entry.Hash != entry.Compute() ? DomainText.Get("Audit.Altered")
                : null;
            if (reason is not null)
            {
                return new AuditVerification(streetId, count, entry.Sequence == expectedSequence ? entry.Sequence : expectedSequence, reason);
            }
            expectedPrevious = entry.Hash;
            expectedSequence++;
        }
        return new AuditVerification(streetId, count, null, null);
    }

    public async Task<IReadOnlyList<int>> ChainsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.Select(e => e.StreetId).Distinct().OrderBy(x => x).ToListAsync(ct);
    }

    // The account name, as sign-ins record it, so one person reads the same everywhere in the chain.
    private static string NameOf(Actor? actor) => actor is null ? PeopleNames.System : actor.UserName ?? actor.DisplayName ?? actor.UserId;
}
