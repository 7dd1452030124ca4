using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Audit;

/// <summary>Result of verifying a chain: the first entry that does not match, or none.</summary>
public sealed record AuditVerification(int StreetId, long Entries, long? FirstBrokenSequence, string? Reason)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>An entry as stored, with <paramref name="Who"/>: the person behind <paramref name="UserName"/> by name and post, for reading only (never hashed).</summary>
/// <summary>
/// A chain's head as of a midnight, published outside the database (printed in minutes, carried by the feed): once a
/// copy of it is kept elsewhere, a chain rewritten after that midnight no longer contains this entry with this hash.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    public override string ToString() => $"{Sequence}:{Hash}";

    public static AuditAnchor? Parse(string text)
    {
        var parts = (text ?? "").Trim().Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            && sequence > 0 && parts[1].Length == 64 && parts[1].All(char.IsAsciiHexDigit)
            ? new AuditAnchor(sequence, parts[1].ToLowerInvariant())
            : null;
    }
}

public sealed record AuditRow(long Sequence, DateTime AtUtc, string UserName, string Action, string Subject, string Details, string Hash, string Who);

/// <summary>
/// Verifies the audit chains and lists them. Entries are appended by a <see cref="Change"/>, in the same transaction
/// as the change they record; appends to one street's chain are serialized there (a chain forks under concurrent
/// appends): in the process, and on PostgreSQL across nodes by a lock per street in the database; a unique index on
/// (street, sequence) refuses a fork all the same.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<CongressDbContext> dbFactory, Changes changes)
{
    /// <summary>
    /// Seals staged entries; the caller holds the street's in-process chain lock. On PostgreSQL other nodes append too, so each chain
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
        await using var change = await changes.BeginAsync(null, streetId ?? AuditEntry.CityChain, ct);
        change.Audit("Account.SignedIn", "Account " + userName, how, userName);
        await change.CommitAsync(ct);
    }

    /// <summary>Entries the convener reads at once, and the most a page may ask for.</summary>
    public const int PageSize = 100, MaxPageSize = 500;

    /// <summary>
    /// The convener's view: a page of their street's chain, newest first, by sequence (the newest page, the entries
    /// before a sequence, or after one). A page reads its own entries on the (street, sequence) index, however long the
    /// chain. <see cref="KeyPage{T}.Total"/> is the chain's length: sequences run from 1 without a gap.
    /// </summary>
    public async Task<KeyPage<AuditRow>> ListAsync(Actor actor, KeyRequest? page = null, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        page ??= new KeyRequest(Size: PageSize);
        var size = page.SizeWithin(MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var chain = db.AuditEntries.AsNoTracking().Where(e => e.StreetId == streetId);
        var head = await chain.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        List<AuditEntry> entries;
        if (page.After is { } after)
        {
            // The entries just after, up to a page: fewer where they reach the head, so that none shows twice on the way up.
            entries = await chain.Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(size).ToListAsync(ct);
            entries.Reverse();
        }
        else
        {
            var older = page.Before is { } before ? chain.Where(e => e.Sequence < before) : chain;
            entries = await older.OrderByDescending(e => e.Sequence).Take(size).ToListAsync(ct);
        }
        var names = await PeopleNames.ResolveAsync(db, entries.Select(e => e.UserName), ct);
        var rows = entries.Select(e => new AuditRow(e.Sequence, e.AtUtc, e.UserName, e.Action, e.Subject, e.Details, e.Hash, names.Show(e.UserName))).ToList();
        return new KeyPage<AuditRow>(rows,
            rows.Count > 0 && rows[^1].Sequence > 1 ? rows[^1].Sequence : null,
            rows.Count > 0 && rows[0].Sequence < head ? rows[0].Sequence : null,
            (int)Math.Min(head, int.MaxValue));
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

    /// <summary>
    /// The head of a street's chain as of the last midnight (in the installation's zone) before <paramref name="atUtc"/>:
    /// it changes once a day, not with every sign-in. Null while the chain had no entry then.
    /// </summary>
    public async Task<AuditAnchor?> AnchorAsync(int streetId, DateTime atUtc, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await AnchorAsync(db, streetId, atUtc, ct);
    }

    internal static async Task<AuditAnchor?> AnchorAsync(CongressDbContext db, int streetId, DateTime atUtc, CancellationToken ct)
    {
        var midnight = SessionTime.ToUtc(SessionTime.Local(atUtc).Date);
        return await db.AuditEntries.AsNoTracking().Where(e => e.StreetId == streetId && e.AtUtc < midnight).OrderByDescending(e => e.Sequence)
            .Select(e => new AuditAnchor(e.Sequence, e.Hash)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Whether the chain still holds each anchor's entry with the anchor's hash; the reason for each one it does not.</summary>
    public async Task<IReadOnlyList<string>> CheckAnchorsAsync(int streetId, IEnumerable<AuditAnchor> anchors, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failures = new List<string>();
        foreach (var anchor in anchors)
        {
            var hash = await db.AuditEntries.AsNoTracking().Where(e => e.StreetId == streetId && e.Sequence == anchor.Sequence).Select(e => e.Hash).SingleOrDefaultAsync(ct);
            if (hash is null)
            {
                failures.Add(DomainText.Get("Audit.AnchorMissing", anchor.Sequence));
            }
            else if (hash != anchor.Hash)
            {
                failures.Add(DomainText.Get("Audit.AnchorDiffers", anchor.Sequence));
            }
        }
        return failures;
    }

    public async Task<IReadOnlyList<int>> ChainsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.Select(e => e.StreetId).Distinct().OrderBy(x => x).ToListAsync(ct);
    }

    // The account name, as sign-ins record it, so one person reads the same everywhere in the chain.
    internal static string NameOf(Actor? actor) => actor is null ? PeopleNames.System : actor.UserName ?? actor.DisplayName ?? actor.UserId;
}
