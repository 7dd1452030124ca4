using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Councils;

/// <summary>
/// The street officer in charge of a community (包干干部): the convener puts an officer in charge of each community; the
/// officer sees their communities' monthly opinions as they are recorded and records that they passed each on to the
/// street's leaders or a department (转呈). Every query is scoped to the actor's street.
/// </summary>
public sealed class ChargeService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- permission checks: one per action, used by pages to show a button and by the service before acting

    public static bool CanSetOfficerInCharge(Actor? a) => Access.CanManageStreet(a);

    /// <summary>Whether the actor acts as an officer (only officers can be in charge of a community).</summary>
    public static bool MayBeInCharge(Actor? a) => a is { OfficerId: not null, StreetId: not null } && a.IsInRole(Roles.Officer);

    // ---- the convener

    /// <summary>Puts an officer of the street in charge of a community, or nobody (<paramref name="officerId"/> null).</summary>
    public async Task SetOfficerInChargeAsync(Actor actor, int communityId, int? officerId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var community = Access.InStreet(await db.Communities.FindAsync([communityId], ct), streetId, c => c.StreetId);
        var officer = officerId is { } id ? await db.Officers.FindAsync([id], ct) : null;
        if (officerId is not null && officer is null)
        {
            throw new ValidationFailedException([new FieldError(nameof(Directory.Community.OfficerInChargeId), DomainText.Get("Validation.UnknownOfficer"))]);
        }
        if (community.OfficerInChargeId == officer?.Id)
        {
            return;
        }
        community.PutInCharge(officer);
        change.Audit(officer is null ? "Community.OfficerInChargeCleared" : "Community.OfficerInChargeSet", $"Community {community.Id}",
            officer is null ? community.Name : $"{community.Name} · {officer.Position} {officer.Name}");
        // The officers' pages of their communities follow the street's tracking.
        change.Announce(new TrackingChanged(streetId, null));
        await change.CommitAsync(ct);
    }

    /// <summary>The street's serving officers a convener may put in charge of a community.</summary>
    public async Task<IReadOnlyList<OfficerChoice>> OfficerChoicesAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Officers.AsNoTracking().Where(o => o.StreetId == streetId && o.RetiredUtc == null)
            .OrderByDescending(o => o.IsLeader).ThenBy(o => o.Name).ThenBy(o => o.Id)
            .Select(o => new OfficerChoice(o.Id, o.Name, o.Position))
            .ToListAsync(ct);
    }

    /// <summary>Each community of the convener's street with its officer in charge, if any.</summary>
    public async Task<IReadOnlyDictionary<int, OfficerInChargeView>> OfficersInChargeAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from c in db.Communities
                          join o in db.Officers on c.OfficerInChargeId equals o.Id
                          where c.StreetId == streetId
                          select new { c.Id, View = new OfficerInChargeView(o.Id, o.Name, o.Position) }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.View);
    }

    /// <summary>Who is in charge of a community, as its public page names them; null when nobody is (or no such community in the street).</summary>
    public async Task<OfficerInChargeView?> OfficerInChargeAsync(int streetId, int communityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from c in db.Communities
                      join o in db.Officers on c.OfficerInChargeId equals o.Id
                      where c.Id == communityId && c.StreetId == streetId && o.RetiredUtc == null
                      select new OfficerInChargeView(o.Id, o.Name, o.Position)).SingleOrDefaultAsync(ct);
    }

    // ---- the officer in charge

    /// <summary>Whether the acting officer is in charge of at least one community (their menu shows the page then).</summary>
    public async Task<bool> IsInChargeAsync(Actor actor, CancellationToken ct = default)
    {
        if (!MayBeInCharge(actor))
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Communities.AnyAsync(c => c.StreetId == actor.StreetId && c.OfficerInChargeId == actor.OfficerId, ct);
    }

    /// <summary>
    /// The acting officer's communities, each with its monthly opinions newest month first (newest first within a month),
    /// their state, and whether and when the officer passed each on. Three reads, however many communities.
    /// </summary>
    public async Task<IReadOnlyList<ChargeCommunity>> MyChargeAsync(Actor actor, CancellationToken ct = default)
    {
        if (!MayBeInCharge(actor))
        {
            throw new ForbiddenException();
        }
        var streetId = actor.StreetId!.Value;
        var officerId = actor.OfficerId!.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var communities = await db.Communities.AsNoTracking().Where(c => c.StreetId == streetId && c.OfficerInChargeId == officerId)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var ids = communities.Select(c => c.Id).ToList();
        var items = await db.TrackedItems.AsNoTracking()
            .Where(i => i.StreetId == streetId && i.Kind == TrackedKind.Opinion && i.CommunityId != null && ids.Contains(i.CommunityId.Value))
            .Select(i => new { i.Id, CommunityId = i.CommunityId!.Value, i.Month, i.Title, i.State, i.CreatedUtc })
            .ToListAsync(ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var passed = await db.PassOns.AsNoTracking().Where(p => p.StreetId == streetId && itemIds.Contains(p.TrackedItemId))
            .GroupBy(p => p.TrackedItemId)
            .Select(g => new { ItemId = g.Key, Count = g.Count(), Last = g.Max(p => p.WhenUtc) })
            .ToDictionaryAsync(x => x.ItemId, ct);
        return communities.Select(c => new ChargeCommunity(c.Id, c.Name,
            items.Where(i => i.CommunityId == c.Id)
                .GroupBy(i => i.Month ?? DateOnly.FromDateTime(SessionTime.Local(i.CreatedUtc)))
                .OrderByDescending(g => g.Key)
                .Select(g => new ChargeMonth(new DateOnly(g.Key.Year, g.Key.Month, 1), g
                    .OrderByDescending(i => i.CreatedUtc).ThenByDescending(i => i.Id)
                    .Select(i => new ChargeOpinion(i.Id, i.Title, i.State, i.CreatedUtc,
                        passed.TryGetValue(i.Id, out var p) ? p.Count : 0, passed.TryGetValue(i.Id, out var q) ? q.Last : null))
                    .ToList()))
                .ToList())).ToList();
    }

    /// <summary>The street's departments by name, for choosing where to pass an item on.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> DepartmentsAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Departments.AsNoTracking().Where(d => d.StreetId == streetId).OrderBy(d => d.SortOrder).ThenBy(d => d.Id)
            .Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        return rows.Select(d => (d.Id, d.Name)).ToList();
    }

    /// <summary>
    /// Records that the officer in charge of an opinion's community passed it on (转呈) to the street's leaders or a
    /// department of the street. Anyone else of the street is refused; an item of another street is not found.
    /// </summary>
    public async Task<int> PassOnAsync(Actor actor, int itemId, PassOnInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var item = await db.TrackedItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null || !actor.BelongsTo(item.StreetId))
        {
            throw new NotFoundException();
        }
        if (!await IsInChargeOfAsync(db, actor, item, ct))
        {
            throw Access.Refusal(actor, item.StreetId, "Charge.NotInCharge");
        }
        input.Validate();
        string to;
        if (input.To == PassOnTarget.Department)
        {
            to = await db.Departments.Where(d => d.Id == input.DepartmentId && d.StreetId == item.StreetId).Select(d => d.Name).SingleOrDefaultAsync(ct)
                ?? throw new ValidationFailedException([new FieldError(nameof(PassOnInput.DepartmentId), DomainText.Get("Validation.UnknownDepartment"))]);
        }
        else
        {
            to = DomainText.Get("PassOn.Leaders");
        }
        var passOn = PassOn.Of(item.StreetId, item.Id, actor.OfficerId!.Value, input, Now);
        db.PassOns.Add(passOn);
        change.Audit("Tracking.PassedOn", $"Tracked item {item.Id}", passOn.Note is null ? to : $"{to} · {passOn.Note}");
        await change.CommitAsync(ct);
        return passOn.Id;
    }

    /// <summary>Whether the actor may pass <paramref name="itemId"/> on: the officer in charge of its community.</summary>
    public async Task<bool> CanPassOnAsync(Actor actor, int itemId, CancellationToken ct = default)
    {
        if (!MayBeInCharge(actor))
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.TrackedItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, ct);
        return item is not null && actor.BelongsTo(item.StreetId) && await IsInChargeOfAsync(db, actor, item, ct);
    }

    /// <summary>The officer in charge of the community an opinion comes from.</summary>
    internal static async Task<bool> IsInChargeOfAsync(CongressDbContext db, Actor actor, TrackedItem item, CancellationToken ct) =>
        MayBeInCharge(actor) && item.Kind == TrackedKind.Opinion && item.CommunityId is { } c
        && await db.Communities.AnyAsync(x => x.Id == c && x.StreetId == item.StreetId && x.OfficerInChargeId == actor.OfficerId, ct);

    /// <summary>An item's pass-ons as lines of its history, oldest first.</summary>
    internal static async Task<List<TrackedHistoryRow>> HistoryAsync(CongressDbContext db, TrackedItem item, CancellationToken ct)
    {
        var rows = await (from p in db.PassOns.AsNoTracking()
                          join o in db.Officers on p.OfficerId equals o.Id
                          where p.TrackedItemId == item.Id
                          orderby p.WhenUtc, p.Id
                          select new
                          {
                              p.WhenUtc,
                              p.To,
                              p.Note,
                              Officer = o.Name,
                              Department = db.Departments.Where(d => d.Id == p.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                          }).ToListAsync(ct);
        return rows.Select(r => new TrackedHistoryRow(r.WhenUtc, r.Officer, item.State, item.State, r.Note,
            r.To == PassOnTarget.Department ? r.Department ?? "" : DomainText.Get("PassOn.Leaders"))).ToList();
    }
}

public sealed record OfficerChoice(int Id, string Name, string Position);

/// <summary>The officer in charge of a community, as pages name them: "{Position} {Name}".</summary>
public sealed record OfficerInChargeView(int OfficerId, string Name, string Position);

public sealed record ChargeCommunity(int Id, string Name, IReadOnlyList<ChargeMonth> Months)
{
    public int Opinions => Months.Sum(m => m.Opinions.Count);
}

/// <summary>A month of a community's opinions (its first day).</summary>
public sealed record ChargeMonth(DateOnly Month, IReadOnlyList<ChargeOpinion> Opinions);

/// <summary>One opinion as its officer in charge sees it: its state, and how often and when they last passed it on.</summary>
public sealed record ChargeOpinion(int Id, string Title, TrackedState State, DateTime RecordedUtc, int PassOns, DateTime? LastPassedOnUtc)
{
    public bool PassedOn => PassOns > 0;
}
