using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Directory;

/// <summary>
/// Communities, departments, terms, officers and delegates of the convener's own street. Every query is scoped to
/// the actor's street; a record of another street answers "not found".
/// </summary>
public sealed class DirectoryService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<DirectoryOverview> GetOverviewAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.SingleAsync(s => s.Id == streetId, ct);
        var term = await CurrentTermAsync(db, streetId, ct);
        var quota = term is null ? [] : await QuotaAsync(db, streetId, term, ct);
        return new DirectoryOverview(
            street.Name,
            term?.Number,
            await db.Communities.CountAsync(c => c.StreetId == streetId, ct),
            await db.Departments.CountAsync(d => d.StreetId == streetId, ct),
            await db.Officers.CountAsync(o => o.StreetId == streetId && o.RetiredUtc == null, ct),
            term is null ? 0 : await db.Delegates.CountAsync(d => d.TermId == term.Id && d.RetiredUtc == null, ct),
            await db.DelegateCards.CountAsync(c => c.StreetId == streetId && c.RevokedUtc == null, ct),
            quota.Count(q => q.Status != QuotaStatus.Within));
    }

    /// <summary>What a signed-in user is in their street: the delegate, officer or community they act as.</summary>
    public async Task<MyProfile> GetMyProfileAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = actor.StreetId is { } sid ? await db.Streets.FindAsync([sid], ct) : null;
        var d = actor.DelegateId is { } did ? await db.Delegates.SingleOrDefaultAsync(x => x.Id == did && x.StreetId == actor.StreetId, ct) : null;
        var o = actor.OfficerId is { } oid ? await db.Officers.SingleOrDefaultAsync(x => x.Id == oid && x.StreetId == actor.StreetId, ct) : null;
        var communityId = d?.CommunityId ?? actor.CommunityId;
        var community = communityId is { } cid ? await db.Communities.Where(c => c.Id == cid && c.StreetId == actor.StreetId).Select(c => c.Name).SingleOrDefaultAsync(ct) : null;
        var department = o?.DepartmentId is { } depId ? await db.Departments.Where(x => x.Id == depId).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        var term = d is not null ? await db.Terms.FindAsync([d.TermId], ct) : null;
        return new MyProfile(actor.DisplayName ?? "", street?.Name, street?.Slug, d?.Category, community, o?.Position, department,
            o?.IsLeader ?? false, term?.Number, term?.EndsOn);
    }

    // ---- communities

    public async Task<IReadOnlyList<CommunityRow>> ListCommunitiesAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var term = await CurrentTermAsync(db, streetId, ct);
        var termId = term?.Id ?? 0;
        var rows = await db.Communities
            .Where(c => c.StreetId == streetId)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new
            {
                c.Id,
                c.Name,
                c.SortOrder,
                Delegates = db.Delegates.Count(d => d.CommunityId == c.Id && d.TermId == termId && d.RetiredUtc == null),
                Reps = db.Delegates.Count(d => d.CommunityId == c.Id && d.TermId == termId && d.RetiredUtc == null
                    && d.Category == DelegateCategory.ResidentRepresentative),
            })
            .ToListAsync(ct);
        return rows.Select(r => new CommunityRow(r.Id, r.Name, r.SortOrder, r.Delegates, r.Reps,
            term?.QuotaFor(r.Reps) ?? QuotaStatus.Within)).ToList();
    }

    public Task<int> CreateCommunityAsync(Actor actor, NamedInput input, CancellationToken ct = default) =>
        CreateNamedAsync(actor, input, db => db.Communities, Community.Create, ct);

    public Task UpdateCommunityAsync(Actor actor, int id, NamedInput input, CancellationToken ct = default) =>
        UpdateNamedAsync(actor, id, input, db => db.Communities, ct);

    // ---- departments

    public async Task<IReadOnlyList<DepartmentRow>> ListDepartmentsAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Departments
            .Where(d => d.StreetId == streetId)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new DepartmentRow(d.Id, d.Name, d.SortOrder,
                db.Officers.Count(o => o.DepartmentId == d.Id && o.RetiredUtc == null)))
            .ToListAsync(ct);
    }

    public Task<int> CreateDepartmentAsync(Actor actor, NamedInput input, CancellationToken ct = default) =>
        CreateNamedAsync(actor, input, db => db.Departments, Department.Create, ct);

    public Task UpdateDepartmentAsync(Actor actor, int id, NamedInput input, CancellationToken ct = default) =>
        UpdateNamedAsync(actor, id, input, db => db.Departments, ct);

    private async Task<int> CreateNamedAsync<T>(Actor actor, NamedInput input, Func<CongressDbContext, DbSet<T>> set, Func<int, NamedInput, T> create, CancellationToken ct)
        where T : class, INamedRecord
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var record = create(streetId, input);
        await RequireUniqueNameAsync(set(db), streetId, record.Name, exceptId: 0, ct);
        set(db).Add(record);
        await change.CommitAsync(ct);
        return record.Id;
    }

    private async Task UpdateNamedAsync<T>(Actor actor, int id, NamedInput input, Func<CongressDbContext, DbSet<T>> set, CancellationToken ct)
        where T : class, INamedRecord
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var record = Access.InStreet(await set(db).FindAsync([id], ct), streetId, r => r.StreetId);
        input.Validate();
        await RequireUniqueNameAsync(set(db), streetId, input.Name.Trim(), exceptId: id, ct);
        record.Update(input);
        await change.CommitAsync(ct);
    }

    private static async Task RequireUniqueNameAsync<T>(DbSet<T> set, int streetId, string name, int exceptId, CancellationToken ct)
        where T : class, INamedRecord
    {
        if (await set.AnyAsync(r => r.StreetId == streetId && r.Name == name && r.Id != exceptId, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(NamedInput.Name), DomainText.Get("Validation.NameExists", name))]);
        }
    }

    // ---- terms

    public async Task<IReadOnlyList<TermRow>> ListTermsAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await CurrentTermAsync(db, streetId, ct);
        var terms = await db.Terms.Where(t => t.StreetId == streetId && t.CommunityId == null && t.Body == VotingBody.Congress).OrderByDescending(t => t.Number)
            .Select(t => new { Term = t, Delegates = db.Delegates.Count(d => d.TermId == t.Id && d.RetiredUtc == null) })
            .ToListAsync(ct);
        return terms.Select(x => new TermRow(x.Term.Id, x.Term.Number, x.Term.StartsOn, x.Term.EndsOn,
            x.Term.MinResidentRepsPerCommunity, x.Term.MaxResidentRepsPerCommunity, x.Delegates, x.Term.Id == current?.Id, x.Term.CosignersNeeded)).ToList();
    }

    public async Task<int> CreateTermAsync(Actor actor, TermInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var term = Term.Create(streetId, input);
        if (await db.Terms.AnyAsync(t => t.StreetId == streetId && t.CommunityId == null && t.Body == VotingBody.Congress && t.Number == input.Number, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(TermInput.Number), DomainText.Get("Validation.TermExists", input.Number))]);
        }
        db.Terms.Add(term);
        await change.CommitAsync(ct);
        return term.Id;
    }

    public async Task UpdateTermAsync(Actor actor, int id, TermInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var term = Access.InStreet(await db.Terms.FindAsync([id], ct), streetId, t => t.StreetId);
        if (await db.Terms.AnyAsync(t => t.StreetId == streetId && t.CommunityId == null && t.Body == VotingBody.Congress && t.Number == input.Number && t.Id != id, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(TermInput.Number), DomainText.Get("Validation.TermExists", input.Number))]);
        }
        term.Update(input);
        await change.CommitAsync(ct);
    }

    /// <summary>The term whose dates cover today, else the latest that has begun, else the first to come.</summary>
    public async Task<TermRow?> GetCurrentTermAsync(Actor actor, CancellationToken ct = default)
    {
        var terms = await ListTermsAsync(actor, ct);
        return terms.FirstOrDefault(t => t.IsCurrent);
    }

    internal async Task<Term?> CurrentTermAsync(CongressDbContext db, int streetId, CancellationToken ct) =>
        CurrentOf(await CongressTerms(db).Where(t => t.StreetId == streetId).ToListAsync(ct), Today);

    /// <summary>The current congress term of every street that has one, by street, read in one query.</summary>
    internal async Task<Dictionary<int, Term>> CurrentTermsAsync(CongressDbContext db, CancellationToken ct)
    {
        var today = Today;
        return (await CongressTerms(db).ToListAsync(ct)).GroupBy(t => t.StreetId).ToDictionary(g => g.Key, g => CurrentOf(g, today)!);
    }

    private static IQueryable<Term> CongressTerms(CongressDbContext db) =>
        db.Terms.Where(t => t.CommunityId == null && t.Body == VotingBody.Congress);

    /// <summary>The term covering today; else the latest that has started; else the earliest to come.</summary>
    private static Term? CurrentOf(IEnumerable<Term> street, DateOnly today)
    {
        var terms = street.OrderByDescending(t => t.StartsOn).ToList();
        return terms.FirstOrDefault(t => t.Covers(today))
            ?? terms.FirstOrDefault(t => t.StartsOn <= today)
            ?? terms.LastOrDefault();
    }

    // ---- quota

    public async Task<IReadOnlyList<QuotaRow>> GetQuotaAsync(Actor actor, int termId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var term = Access.InStreet(await db.Terms.FindAsync([termId], ct), streetId, t => t.StreetId);
        return await QuotaAsync(db, streetId, term, ct);
    }

    private static async Task<List<QuotaRow>> QuotaAsync(CongressDbContext db, int streetId, Term term, CancellationToken ct)
    {
        var counts = await db.Communities.Where(c => c.StreetId == streetId)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new
            {
                c.Id,
                c.Name,
                Reps = db.Delegates.Count(d => d.CommunityId == c.Id && d.TermId == term.Id && d.RetiredUtc == null
                    && d.Category == DelegateCategory.ResidentRepresentative),
            })
            .ToListAsync(ct);
        return counts.Select(c => new QuotaRow(c.Id, c.Name, c.Reps, term.MinResidentRepsPerCommunity,
            term.MaxResidentRepsPerCommunity, term.QuotaFor(c.Reps))).ToList();
    }

    // ---- officers

    public async Task<Paged<OfficerRow>> ListOfficersAsync(Actor actor, OfficerQuery query, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        var (page, size) = Paging.Normalize(query.Page, query.PageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Officers.Where(o => o.StreetId == streetId);
        if (!query.IncludeRetired)
        {
            q = q.Where(o => o.RetiredUtc == null);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = TextRules.Strip(query.Search).Trim();
            q = q.Where(o => o.Name.Contains(s) || o.Position.Contains(s) || (o.Phone != null && o.Phone.Contains(s)));
        }
        var total = await q.CountAsync(ct);
        var items = await q
            .OrderByDescending(o => o.IsLeader).ThenBy(o => o.Name).ThenBy(o => o.Id)
            .Skip(page * size).Take(size)
            .Select(o => new OfficerRow(o.Id, o.Name, o.Position, o.DepartmentId,
                db.Departments.Where(d => d.Id == o.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                o.IsLeader, o.Phone, o.RetiredUtc != null,
                db.Users.Where(u => u.Id == o.UserId).Select(u => u.UserName).FirstOrDefault(),
                o.UserId))
            .ToListAsync(ct);
        return new Paged<OfficerRow>(items, total, page, size);
    }

    public async Task<int> CreateOfficerAsync(Actor actor, OfficerInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        input.Validate();
        await RequireDepartmentAsync(db, streetId, input.DepartmentId, ct);
        var officer = Officer.Create(streetId, input);
        db.Officers.Add(officer);
        await change.CommitAsync(ct);
        return officer.Id;
    }

    public async Task UpdateOfficerAsync(Actor actor, int id, OfficerInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var officer = Access.InStreet(await db.Officers.FindAsync([id], ct), streetId, o => o.StreetId);
        input.Validate();
        await RequireDepartmentAsync(db, streetId, input.DepartmentId, ct);
        officer.Update(input);
        await change.CommitAsync(ct);
    }

    public async Task RetireOfficerAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var officer = Access.InStreet(await db.Officers.FindAsync([id], ct), streetId, o => o.StreetId);
        officer.Retire(time.GetUtcNow().UtcDateTime);
        // A retired officer is in charge of no community any more: the convener puts someone else in charge.
        foreach (var community in await db.Communities.Where(c => c.StreetId == streetId && c.OfficerInChargeId == id).ToListAsync(ct))
        {
            community.PutInCharge(null);
        }
        await change.CommitAsync(ct);
    }

    // ---- delegates

    public async Task<Paged<DelegateRow>> ListDelegatesAsync(Actor actor, DelegateQuery query, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        var (page, size) = Paging.Normalize(query.Page, query.PageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var termId = query.TermId ?? (await CurrentTermAsync(db, streetId, ct))?.Id ?? 0;
        var q = db.Delegates.Where(d => d.StreetId == streetId && d.TermId == termId);
        if (!query.IncludeRetired)
        {
            q = q.Where(d => d.RetiredUtc == null);
        }
        if (query.Category is { } category)
        {
            q = q.Where(d => d.Category == category);
        }
        if (query.CommunityId is { } communityId)
        {
            q = q.Where(d => d.CommunityId == communityId);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = TextRules.Strip(query.Search).Trim();
            q = q.Where(d => d.Name.Contains(s) || (d.Phone != null && d.Phone.Contains(s))
                || db.Communities.Any(c => c.Id == d.CommunityId && c.Name.Contains(s)));
        }
        var total = await q.CountAsync(ct);
        var items = await Project(db, q
            .OrderBy(d => d.Category).ThenBy(d => d.CommunityId).ThenBy(d => d.Name).ThenBy(d => d.Id)
            .Skip(page * size).Take(size))
            .ToListAsync(ct);
        return new Paged<DelegateRow>(items, total, page, size);
    }

    public async Task<DelegateRow> GetDelegateAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db, db.Delegates.Where(d => d.Id == id && d.StreetId == streetId)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
    }

    public async Task<int> CreateDelegateAsync(Actor actor, int termId, DelegateInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        Access.InStreet(await db.Terms.FindAsync([termId], ct), streetId, t => t.StreetId);
        input.Validate();
        await RequireCommunityAsync(db, streetId, input.CommunityId, ct);
        await RequireNotDuplicateAsync(db, termId, input, exceptId: null, ct);
        var d = CongressDelegate.Create(streetId, termId, input);
        db.Delegates.Add(d);
        await change.CommitAsync(ct);
        return d.Id;
    }

    public async Task UpdateDelegateAsync(Actor actor, int id, DelegateInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var d = Access.InStreet(await db.Delegates.FindAsync([id], ct), streetId, x => x.StreetId);
        input.Validate();
        await RequireCommunityAsync(db, streetId, input.CommunityId, ct);
        await RequireNotDuplicateAsync(db, d.TermId, input, exceptId: id, ct);
        d.Update(input);
        if (d.UserId is not null && await db.Users.FindAsync([d.UserId], ct) is { } user)
        {
            user.DisplayName = d.Name;
            user.CommunityId = d.CommunityId;
        }
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// Retires a delegate, which ends every right at once: their card is revoked and their account signed out
    /// everywhere (cookies, device tokens, open pages and hub connections), and <see cref="Accounts.AccountStanding"/> refuses
    /// the account from then on. They keep their history but no longer count.
    /// </summary>
    public async Task RetireDelegateAsync(Actor actor, int id, string? reason, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var d = Access.InStreet(await db.Delegates.FindAsync([id], ct), streetId, x => x.StreetId);
        var now = time.GetUtcNow().UtcDateTime;
        d.Retire(reason, now);
        await CardService.RevokeActiveCardsAsync(db, d, now, ct);
        // A delegate who signs in with a password, or never had a card, is signed out too.
        if (d.UserId is not null && await db.Users.FindAsync([d.UserId], ct) is { } user)
        {
            user.SignOutEverywhere();
        }
        await change.CommitAsync(ct);
    }

    private static IQueryable<DelegateRow> Project(CongressDbContext db, IQueryable<CongressDelegate> q) =>
        q.Select(d => new DelegateRow(
            d.Id,
            d.TermId,
            d.Name,
            d.Category,
            d.CommunityId,
            db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).FirstOrDefault(),
            d.Phone,
            d.RetiredUtc != null,
            d.RetiredReason,
            db.DelegateCards.Any(c => c.DelegateId == d.Id && c.RevokedUtc == null),
            db.Users.Where(u => u.Id == d.UserId && u.PasswordHash != null).Select(u => u.UserName).FirstOrDefault(),
            d.UserId));

    private static async Task RequireCommunityAsync(CongressDbContext db, int streetId, int? communityId, CancellationToken ct)
    {
        if (communityId is { } id && !await db.Communities.AnyAsync(c => c.Id == id && c.StreetId == streetId, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(DelegateInput.CommunityId), DomainText.Get("Validation.UnknownCommunity", id))]);
        }
    }

    private static async Task RequireDepartmentAsync(CongressDbContext db, int streetId, int? departmentId, CancellationToken ct)
    {
        if (departmentId is { } id && !await db.Departments.AnyAsync(d => d.Id == id && d.StreetId == streetId, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(OfficerInput.DepartmentId), DomainText.Get("Validation.UnknownDepartment", id))]);
        }
    }

    /// <summary>The same person twice in one term: same name and phone, or same name and community when no phone is known.</summary>
    private static async Task RequireNotDuplicateAsync(CongressDbContext db, int termId, DelegateInput input, int? exceptId, CancellationToken ct)
    {
        var name = input.Name.Trim();
        var phone = ContactRules.Normalize(input.Phone);
        var clash = await db.Delegates.AnyAsync(d => d.TermId == termId && d.RetiredUtc == null && d.Name == name
            && d.Id != exceptId
            && (phone != null && d.Phone == phone || phone == null && d.CommunityId == input.CommunityId), ct);
        if (clash)
        {
            throw new ValidationFailedException([new FieldError(nameof(DelegateInput.Name), DomainText.Get("Validation.DuplicateDelegate", name))]);
        }
    }
}
