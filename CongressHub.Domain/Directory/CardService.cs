using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Directory;

/// <summary>What a printed card shows. The code exists only here, right after issue.</summary>
public sealed record IssuedCard(int DelegateId, string Name, DelegateCategory Category, string? Community, int TermNumber, DateOnly TermEndsOn, string StreetName, string Code);

/// <summary>Who a card code signs in, and until when (the end of the delegate's term).</summary>
public sealed record CardHolder(string UserId, DateTimeOffset ExpiresUtc);

/// <summary>Delegates' sign-in cards: issue (and reissue), revoke, and sign-in by code.</summary>
public sealed class CardService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    /// <summary>Issues a new card for the delegate; any earlier card stops working.</summary>
    public async Task<IssuedCard> IssueAsync(Actor actor, int delegateId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var d = Access.InStreet(await db.Delegates.FindAsync([delegateId], ct), streetId, x => x.StreetId);
        if (d.IsRetired)
        {
            throw DomainException.Because("Card.DelegateRetired", d.Name);
        }
        var now = time.GetUtcNow().UtcDateTime;
        await RevokeActiveCardsAsync(db, d, now, ct);
        if (d.UserId is null)
        {
            CodeOnlyAccounts.New(db, d, await CodeOnlyAccounts.DelegateRoleIdAsync(db, ct));
        }
        var (card, code) = DelegateCard.Issue(streetId, d.Id, now);
        db.DelegateCards.Add(card);
        await change.CommitAsync(ct);
        return (await DescribeAsync(db, [(d, code)], ct)).Single();
    }

    /// <summary>Issues cards to every active delegate of the term who has none, for printing in one go.</summary>
    public async Task<IReadOnlyList<IssuedCard>> IssueMissingAsync(Actor actor, int termId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        Access.InStreet(await db.Terms.FindAsync([termId], ct), streetId, t => t.StreetId);
        var delegates = await db.Delegates
            .Where(d => d.TermId == termId && d.RetiredUtc == null && !db.DelegateCards.Any(c => c.DelegateId == d.Id && c.RevokedUtc == null))
            .OrderBy(d => d.CommunityId).ThenBy(d => d.Name).ThenBy(d => d.Id)
            .ToListAsync(ct);
        if (delegates.Count == 0)
        {
            return [];
        }
        var now = time.GetUtcNow().UtcDateTime;
        var roleId = await CodeOnlyAccounts.DelegateRoleIdAsync(db, ct);
        var issued = new List<(CongressDelegate, string)>(delegates.Count);
        foreach (var d in delegates)
        {
            if (d.UserId is null)
            {
                CodeOnlyAccounts.New(db, d, roleId);
            }
            var (card, code) = DelegateCard.Issue(streetId, d.Id, now);
            db.DelegateCards.Add(card);
            issued.Add((d, code));
        }
        await change.CommitAsync(ct);
        return await DescribeAsync(db, issued, ct);
    }

    public async Task RevokeAsync(Actor actor, int delegateId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var d = Access.InStreet(await db.Delegates.FindAsync([delegateId], ct), streetId, x => x.StreetId);
        if (!await RevokeActiveCardsAsync(db, d, time.GetUtcNow().UtcDateTime, ct))
        {
            throw DomainException.Because("Card.NoneActive", d.Name);
        }
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// Finds who a card code signs in. Null for an unknown, revoked or malformed code, a retired delegate or a term
    /// that has ended: the caller says only "this card does not work".
    /// </summary>
    public async Task<CardHolder?> FindHolderAsync(string? code, CancellationToken ct = default)
    {
        var normalized = CardCode.Normalize(code);
        if (!CardCode.IsWellFormed(normalized))
        {
            return null;
        }
        var hash = CardCode.Hash(normalized);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (
            from card in db.DelegateCards
            join d in db.Delegates on card.DelegateId equals d.Id
            join t in db.Terms on d.TermId equals t.Id
            where card.CodeHash == hash && card.RevokedUtc == null && d.RetiredUtc == null && d.UserId != null
            select new { d.UserId, t.EndsOn }).SingleOrDefaultAsync(ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (found is null || found.EndsOn < today)
        {
            return null;
        }
        var expires = new DateTimeOffset(found.EndsOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new CardHolder(found.UserId!, expires);
    }

    /// <summary>Revokes the delegate's active cards and rotates their account's security stamp, which signs out every device.</summary>
    internal static async Task<bool> RevokeActiveCardsAsync(CongressDbContext db, CongressDelegate d, DateTime nowUtc, CancellationToken ct)
    {
        var active = await db.DelegateCards.Where(c => c.DelegateId == d.Id && c.RevokedUtc == null).ToListAsync(ct);
        foreach (var card in active)
        {
            card.Revoke(nowUtc);
        }
        if (active.Count > 0 && d.UserId is not null && await db.Users.FindAsync([d.UserId], ct) is { } user)
        {
            user.SignOutEverywhere();
        }
        return active.Count > 0;
    }

    internal static async Task<List<IssuedCard>> DescribeAsync(CongressDbContext db, IReadOnlyList<(CongressDelegate Delegate, string Code)> issued, CancellationToken ct)
    {
        if (issued.Count == 0)
        {
            return [];
        }
        var first = issued[0].Delegate;
        var street = await db.Streets.SingleAsync(s => s.Id == first.StreetId, ct);
        var term = await db.Terms.SingleAsync(t => t.Id == first.TermId, ct);
        var communities = await db.Communities.Where(c => c.StreetId == first.StreetId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return issued.Select(x => new IssuedCard(x.Delegate.Id, x.Delegate.Name, x.Delegate.Category,
            x.Delegate.CommunityId is { } cid ? communities.GetValueOrDefault(cid) : null,
            term.Number, term.EndsOn, street.Name, x.Code)).ToList();
    }
}
