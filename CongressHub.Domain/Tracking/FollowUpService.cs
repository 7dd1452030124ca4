using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Tracking;

/// <summary>
/// Reporting back: at the next session (the follow-up report delegates rate, the quarter's opinion report) and to
/// residents (the public list of what became of their opinions, questions and tasks).
/// </summary>
public sealed class FollowUpService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    public const int PublicPageSize = 20;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(Now));


    /// <summary>
    /// The session's follow-up report: every item decided or still open since earlier sessions that has not been
    /// reported back yet, with status and its ratings at this session.
    /// </summary>
    public async Task<IReadOnlyList<FollowUpRow>> FollowUpAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        return await FollowUpRowsAsync(db, session, actor.DelegateId, Today, ct);
    }

    /// <summary>The report's rows; <paramref name="withRated"/> keeps the items rated at this session too (the minutes tell them all).</summary>
    internal static async Task<List<FollowUpRow>> FollowUpRowsAsync(CongressDbContext db, Session session, int? me, DateOnly today, CancellationToken ct, bool withRated = false)
    {
        // The columns the report shows: a city's report carries hundreds of items, each with its texts.
        var items = await FollowUpItems(db, session, withRated)
            .Select(i => new { i.Id, i.Kind, i.State, i.Title, i.DepartmentId, i.AssignedCommunityId, Said = i.Decision ?? i.Answer ?? i.Intention, i.Progress, i.DueOn })
            .ToListAsync(ct);
        var ids = items.Select(i => i.Id).ToHashSet();
        var ratings = (await db.FollowUpRatings.AsNoTracking().Where(r => r.SessionId == session.Id).ToListAsync(ct)).Where(r => ids.Contains(r.ItemId)).ToLookup(r => r.ItemId);
        var departments = await db.Departments.Where(d => d.StreetId == session.StreetId).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var communities = await db.Communities.Where(c => c.StreetId == session.StreetId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return items.Select(i => new FollowUpRow(i.Id, i.Kind, i.State, i.Title,
            i.DepartmentId is { } d ? departments.GetValueOrDefault(d) : i.AssignedCommunityId is { } c ? communities.GetValueOrDefault(c) : null,
            i.Said, i.Progress, i.DueOn, TrackedItem.IsOverdueOn(i.State, i.DueOn, today), IsRateable(i.State),
            Summary(ratings[i.Id]),
            ratings[i.Id].FirstOrDefault(r => r.DelegateId == me)?.Grade)).ToList();
    }

    /// <summary>
    /// Items raised before this session and not yet reported back (open or done), and those reported back at it. Read
    /// as two index ranges: a street's open items by state, and the items reported at this session. An item is
    /// reported once (Done or Answered → Reported, then Rated), so an open one has no session it was reported in, and
    /// the years of items reported at earlier sessions are never read.
    /// </summary>
    internal static IQueryable<TrackedItem> FollowUpItems(CongressDbContext db, Session session, bool withRated = false)
    {
        var raised = db.TrackedItems.Where(i => i.StreetId == session.StreetId && (i.SessionId == null || i.SessionId != session.Id) && i.CreatedUtc < session.ScheduledUtc);
        var open = raised.Where(i => i.State >= TrackedState.Assigned && i.State <= TrackedState.Done);
        var reportedHere = raised.Where(i => i.ReportedInSessionId == session.Id && (i.State == TrackedState.Reported || withRated && i.State == TrackedState.Rated));
        return open.Concat(reportedHere).OrderBy(i => i.State).ThenBy(i => i.Id);
    }

    private static bool IsRateable(TrackedItem i) => IsRateable(i.State);

    private static bool IsRateable(TrackedState state) => state is TrackedState.Answered or TrackedState.Decided or TrackedState.InProgress or TrackedState.Done or TrackedState.Reported;

    /// <summary>The acting delegate's own ratings at the session, by item.</summary>
    public async Task<IReadOnlyDictionary<int, Satisfaction>> MyRatingsAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        if (actor.DelegateId is not { } me)
        {
            return new Dictionary<int, Satisfaction>();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FollowUpRatings.Where(r => r.SessionId == sessionId && r.DelegateId == me).ToDictionaryAsync(r => r.ItemId, r => r.Grade, ct);
    }

    /// <summary>A delegate present at the session rates an item while the follow-up report is the current item; final once given.</summary>
    public async Task RateAsync(Actor actor, int sessionId, int itemId, Satisfaction grade, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(grade))
        {
            throw new ValidationFailedException([new FieldError("Grade", DomainText.Get("Validation.UnknownGrade"))]);
        }
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        if (actor.DelegateId is not { } delegateId
            || !await db.Attendances.AnyAsync(a => a.SessionId == sessionId && a.DelegateId == delegateId && a.Status == AttendanceStatus.Present, ct))
        {
            throw ForbiddenException.Because("Tracking.RateNotPresent");
        }
        var current = session.CurrentItemId is { } cid ? await db.AgendaItems.FindAsync([cid], ct) : null;
        if (current?.Type != AgendaItemType.FollowUpReport)
        {
            throw DomainException.Because("Tracking.RateNotNow");
        }
        var item = await FollowUpItems(db, session).SingleOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException();
        if (!IsRateable(item))
        {
            throw DomainException.Because("Tracking.NothingToRate", item.Title, item.State.Label());
        }
        if (await db.FollowUpRatings.AnyAsync(r => r.ItemId == itemId && r.SessionId == sessionId && r.DelegateId == delegateId, ct))
        {
            throw DomainException.Because("Tracking.AlreadyRated");
        }
        db.FollowUpRatings.Add(FollowUpRating.Of(itemId, sessionId, delegateId, grade));
        try
        {
            await change.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Because("Tracking.AlreadyRated");
        }
    }

    /// <summary>
    /// When the follow-up item finishes: what is done or answered is reported (and, once rated, its loop is closed);
    /// what is unfinished carries over to the next session.
    /// </summary>
    internal static async Task ReportFollowUpAsync(CongressDbContext db, Session session, string who, DateTime nowUtc, CancellationToken ct)
    {
        var items = await FollowUpItems(db, session).ToListAsync(ct);
        var rated = (await db.FollowUpRatings.Where(r => r.SessionId == session.Id).Select(r => r.ItemId).Distinct().ToListAsync(ct)).ToHashSet();
        foreach (var item in items.Where(i => i.State is TrackedState.Done or TrackedState.Answered))
        {
            var from = item.State;
            item.ReportIn(session.Id, nowUtc);
            db.TrackedEvents.Add(TrackedEvent.Of(item.Id, who, from, TrackedState.Reported, session.Title, nowUtc));
            if (rated.Contains(item.Id))
            {
                item.CloseRating(nowUtc);
                db.TrackedEvents.Add(TrackedEvent.Of(item.Id, who, TrackedState.Reported, TrackedState.Rated, null, nowUtc));
            }
        }
    }


    /// <summary>The compiled opinion report of the quarter a session falls in, grouped by community, category and department.</summary>
    public async Task<OpinionReport> OpinionReportAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        var local = SessionTime.Local(session.ScheduledUtc);
        var quarter = (local.Month - 1) / 3 + 1;
        var first = new DateOnly(local.Year, quarter * 3 - 2, 1);
        var last = first.AddMonths(2);
        var street = await db.Streets.Where(s => s.Id == session.StreetId).Select(s => s.Name).SingleAsync(ct);
        var quarterly = db.TrackedItems
            .Where(i => i.StreetId == session.StreetId && i.Kind == TrackedKind.Opinion && i.Month >= first && i.Month <= last && i.State != TrackedState.Merged);
        var items = await quarterly.OrderBy(i => i.CommunityId).ThenBy(i => i.Month).ThenBy(i => i.Id)
            .Select(i => new { i.Id, i.CommunityId, i.Month, i.Category, i.Level, i.State, i.DepartmentId, i.Text }).ToListAsync(ct);
        var communities = await db.Communities.Where(c => c.StreetId == session.StreetId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var departments = await db.Departments.Where(d => d.StreetId == session.StreetId).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        // The opinions merged into the quarter's, counted by joining to the quarter (not a list of its ids). Grouped by
        // the merged opinion's own column: grouped by the quarter's id, SQLite walked the street's items in id order.
        var mergedCounts = await (from m in db.TrackedItems
                                  join i in quarterly on m.MergedIntoId equals (int?)i.Id
                                  group m by m.MergedIntoId into g
                                  select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key!.Value, x => x.Count, ct);
        var rows = items.Select(i => new OpinionReportRow(i.Id, communities.GetValueOrDefault(i.CommunityId ?? 0, "—"), i.Month!.Value, i.Category ?? OpinionCategory.Other,
            i.Level ?? GovernmentLevel.Street, i.State, i.DepartmentId is { } d ? departments.GetValueOrDefault(d) : null, i.Text, mergedCounts.GetValueOrDefault(i.Id))).ToList();
        // Each row counts itself and the opinions merged into it: merged ones keep their count.
        static List<CountRow> By(IEnumerable<OpinionReportRow> rows, Func<OpinionReportRow, string> key) =>
            rows.GroupBy(key).Select(g => new CountRow(g.Key, g.Sum(r => 1 + r.MergedCount))).OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        return new OpinionReport(first.Year, quarter, street, rows.Sum(r => 1 + r.MergedCount),
            By(rows, r => r.Community), By(rows, r => r.Category.Label()), By(rows, r => r.Department ?? DomainText.Get("Tracking.Unassigned")), rows);
    }

    /// <summary>Writes the report's summary into the session's opinion-report agenda item, with a link to the full report.</summary>
    public async Task AttachOpinionReportAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        var report = await OpinionReportAsync(actor, sessionId, ct);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var session = Access.InStreet(await db.Sessions.FindAsync([sessionId], ct), streetId, s => s.StreetId);
        session.RequireAgendaEditable();
        var item = await db.AgendaItems.Where(i => i.SessionId == sessionId && i.Type == AgendaItemType.OpinionReport).OrderBy(i => i.Position).FirstOrDefaultAsync(ct)
            ?? throw DomainException.Because("Tracking.NoOpinionItem", session.Title);
        var md = new System.Text.StringBuilder();
        md.AppendLine(DomainText.Get("Report.Summary", report.Year, report.Quarter, report.Total));
        md.AppendLine();
        foreach (var c in report.ByCommunity)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {c.Name}：{c.Count}");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"[{DomainText.Get("Report.Link")}](/sessions/{sessionId}/opinion-report)");
        item.Update(new AgendaItemInput(item.Type, item.Title, md.ToString(), item.Presenter, item.PlannedMinutes));
        session.Touch();
        await change.CommitAsync(ct);
    }

    // ---- residents

    /// <summary>
    /// A page of the public follow-up, last updated first: the first page, the page of items updated before
    /// <paramref name="before"/> (older), or of those updated after <paramref name="after"/> (newer). Pages are read by
    /// key, so a deep page reads its own rows and none of the pages before it; an item updated while a resident pages
    /// moves to the first page rather than showing twice. Each item brings its newest <see cref="PublicHistoryShown"/>
    /// history lines, or all of them for <paramref name="wholeHistoryOf"/>.
    /// </summary>
    public async Task<PublicTrackedPage?> PublicListAsync(string slug, TrackingFilter filter, FollowUpCursor? before = null, FollowUpCursor? after = null,
        int? wholeHistoryOf = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == slug, ct);
        if (street is null)
        {
            return null;
        }
        var today = Today;
        // Resolutions have their own public pages; this list follows opinions, questions and tasks.
        var q = TrackingService.Filter(db, street.Id, db.TrackedItems.AsNoTracking().Where(i => i.StreetId == street.Id && i.Publishable && i.Kind != TrackedKind.Resolution && i.State != TrackedState.Submitted && i.State != TrackedState.Merged), filter, today);
        var total = await q.CountAsync(ct);
        const int size = PublicPageSize;
        List<TrackedItem> items;
        FollowUpCursor? older, newer;
        if (after is { } a)
        {
            items = await q.Where(i => i.UpdatedUtc >= a.UpdatedUtc && (i.UpdatedUtc > a.UpdatedUtc || i.Id > a.Id))
                .OrderBy(i => i.UpdatedUtc).ThenBy(i => i.Id).Take(size + 1).ToListAsync(ct);
            var more = items.Count > size;
            items = items.Take(size).Reverse().ToList();
            newer = more ? CursorOf(items[0]) : null;
            older = items.Count > 0 ? CursorOf(items[^1]) : null; // the page asked from holds older ones
        }
        else
        {
            var page = before is { } b ? q.Where(i => i.UpdatedUtc <= b.UpdatedUtc && (i.UpdatedUtc < b.UpdatedUtc || i.Id < b.Id)) : q;
            items = await page.OrderByDescending(i => i.UpdatedUtc).ThenByDescending(i => i.Id).Take(size + 1).ToListAsync(ct);
            older = items.Count > size ? CursorOf(items[size - 1]) : null;
            items = items.Take(size).ToList();
            newer = before is not null && items.Count > 0 ? CursorOf(items[0]) : null; // the page asked from holds newer ones
        }
        var ids = items.Select(i => i.Id).ToList();
        var history = await HistoryOfAsync(db, ids, wholeHistoryOf, ct);
        var merged = await db.TrackedItems.Where(i => i.MergedIntoId != null && ids.Contains(i.MergedIntoId.Value)).GroupBy(i => i.MergedIntoId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var communities = await db.Communities.Where(c => c.StreetId == street.Id).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var departments = await db.Departments.Where(d => d.StreetId == street.Id).OrderBy(d => d.SortOrder).ThenBy(d => d.Id).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        var rows = items.Select(i => new PublicTrackedRow(i.Id, i.Kind, i.State, i.Text, i.Category,
            communities.FirstOrDefault(c => c.Id == (i.CommunityId ?? i.AssignedCommunityId))?.Name,
            departments.FirstOrDefault(d => d.Id == i.DepartmentId)?.Name, i.DueOn, i.IsOverdue(today),
            i.Answer, i.Intention, i.Decision, i.DeclineReason, i.Progress, merged.GetValueOrDefault(i.Id),
            // The public history names no one: residents see what happened and when, not which official clicked.
            history.Lines.Where(e => e.ItemId == i.Id).OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Select(e => new TrackedHistoryRow(e.AtUtc, "", e.From, e.To, PublicNote(e))).ToList(),
            i.CreatedUtc, history.Counts.GetValueOrDefault(i.Id))).ToList();
        return new PublicTrackedPage(street.Slug, street.Name, rows, total, size, older, newer,
            communities.Select(c => (c.Id, c.Name)).ToList(), departments.Select(d => (d.Id, d.Name)).ToList());
    }

    /// <summary>History lines an item on the public list brings until a resident asks for all of them.</summary>
    public const int PublicHistoryShown = 10;

    private static FollowUpCursor CursorOf(TrackedItem i) => new(i.UpdatedUtc, i.Id);

    /// <summary>
    /// The newest <see cref="PublicHistoryShown"/> history lines of each item (all of them for <paramref name="whole"/>),
    /// and how many each has: one query for the page (the newest lines per item by a window over each item's lines),
    /// however long an item's history has grown.
    /// </summary>
    private static async Task<(List<TrackedEvent> Lines, Dictionary<int, int> Counts)> HistoryOfAsync(CongressDbContext db, List<int> ids, int? whole, CancellationToken ct)
    {
        var items = await db.TrackedItems.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new
        {
            i.Id,
            Count = db.TrackedEvents.Count(e => e.ItemId == i.Id),
            // The page's items named inside as well: the window over each item's lines then reads those items' lines only.
            Lines = db.TrackedEvents.Where(e => ids.Contains(e.ItemId) && e.ItemId == i.Id).OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
                .Take(PublicHistoryShown).ToList(),
        }).ToListAsync(ct);
        var lines = items.SelectMany(i => i.Lines).ToList();
        if (whole is { } id && items.FirstOrDefault(i => i.Id == id) is { } asked && asked.Count > asked.Lines.Count)
        {
            lines.RemoveAll(e => e.ItemId == id);
            lines.AddRange(await db.TrackedEvents.AsNoTracking().Where(e => e.ItemId == id).ToListAsync(ct));
        }
        return (lines, items.ToDictionary(i => i.Id, i => i.Count));
    }

    public async Task<int> PublicCountAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The street first: a test of the slug inside the count was made against every item of every street.
        var streetId = await db.Streets.Where(s => s.Slug == slug).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
        return streetId is not { } id ? 0 : await db.TrackedItems.CountAsync(i => i.StreetId == id && i.Publishable && i.Kind != TrackedKind.Resolution && i.State != TrackedState.Submitted && i.State != TrackedState.Merged, ct);
    }


    private static string? PublicNote(TrackedEvent e) => e.To is TrackedState.Submitted ? null : e.NoteDisplay;

    internal static RatingSummary Summary(IEnumerable<FollowUpRating> ratings)
    {
        var list = ratings.ToList();
        return new RatingSummary(list.Count(r => r.Grade == Satisfaction.Satisfied), list.Count(r => r.Grade == Satisfaction.BasicallySatisfied), list.Count(r => r.Grade == Satisfaction.NotSatisfied));
    }
}
