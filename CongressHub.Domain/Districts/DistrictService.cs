using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Districts;

/// <summary>
/// The district above the streets (区级): a district's account reads its streets' records side by side, quarter by
/// quarter, down to the records each figure counts, and records its inspections, evaluations and commendations of them.
/// It changes nothing of a street's own; a street outside its district is not found, as for everyone else.
/// </summary>
public sealed class DistrictService(IDbContextFactory<CongressDbContext> dbFactory, Changes changes, TimeProvider time)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The district's streets, in the order the city lists them.</summary>
    public async Task<IReadOnlyList<DistrictStreet>> StreetsAsync(Actor actor, CancellationToken ct = default)
    {
        var district = Require(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await StreetsOf(db, district).ToListAsync(ct);
    }

    /// <summary>
    /// Each street's figures in each quarter of <paramref name="year"/> and in the whole year (CONTRACTS.md, "District"):
    /// congress sittings held; opinions due in the quarter and those answered by their due date; follow-up ratings
    /// given at the quarter's sittings and those satisfied or basically satisfied; ratings of work reports whose round
    /// was published in the quarter, and those satisfied or basically satisfied; resolutions whose implementation was
    /// due in the quarter and those done by their due date. Quarters are the street's calendar's.
    /// </summary>
    public async Task<DistrictComparison> CompareAsync(Actor actor, int? year = null, CancellationToken ct = default)
    {
        var district = Require(actor);
        var today = LocalDay(Now);
        var shown = year ?? today.Year;
        RequireYear(shown);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var streets = await StreetsOf(db, district).ToListAsync(ct);
        var ids = streets.Select(s => s.Id).ToList();
        var (fromUtc, toUtc) = YearUtc(shown);
        var (from, to) = (new DateOnly(shown, 1, 1), new DateOnly(shown, 12, 31));

        var sittings = await HeldSittings(db, ids, fromUtc, toUtc).Select(s => new { s.Id, s.StreetId, s.ScheduledUtc }).ToListAsync(ct);
        // The items' counts per due day, kept by the saves that change them (DueCounts), summed per street and month
        // by the database: a day that has passed counts all its items, a day still to come those already reached.
        var opinions = await DueDays(db, ids, TrackedKind.Opinion, from, to).GroupBy(d => new { d.StreetId, d.DueOn.Month })
            .Select(g => new DueMonth(g.Key.StreetId, g.Key.Month, g.Sum(d => d.DueOn < today ? d.All : d.Answered), g.Sum(d => d.AnsweredOnTime))).ToListAsync(ct);
        var resolutions = await DueDays(db, ids, TrackedKind.Resolution, from, to).GroupBy(d => new { d.StreetId, d.DueOn.Month })
            .Select(g => new DueMonth(g.Key.StreetId, g.Key.Month, g.Sum(d => d.DueOn < today ? d.All : d.Done), g.Sum(d => d.DoneOnTime))).ToListAsync(ct);
        var sittingIds = sittings.Select(s => s.Id).ToList();
        var ratings = await db.FollowUpRatings.Where(r => sittingIds.Contains(r.SessionId))
            .GroupBy(r => r.SessionId)
            .Select(g => new { SessionId = g.Key, All = g.Count(), Satisfied = g.Count(r => r.Grade != Satisfaction.NotSatisfied) })
            .ToListAsync(ct);
        var rounds = await PublishedRounds(db, ids, fromUtc, toUtc).Select(r => new { r.Id, r.StreetId, Published = r.PublishedUtc!.Value }).ToListAsync(ct);
        var roundIds = rounds.Select(r => r.Id).ToList();
        // The rounds' reports first, then their ratings by report: joined in one query, the plan read every report of the city.
        var reportRounds = await db.WorkReports.Where(w => roundIds.Contains(w.RoundId)).ToDictionaryAsync(w => w.Id, w => w.RoundId, ct);
        var reportIds = reportRounds.Keys.ToList();
        var reportRatings = (await db.ReportRatings.Where(r => reportIds.Contains(r.ReportId))
                .GroupBy(r => r.ReportId)
                .Select(g => new { ReportId = g.Key, All = g.Count(), Satisfied = g.Count(r => r.Grade != Reviews.Grade.NotSatisfied) })
                .ToListAsync(ct))
            .GroupBy(x => reportRounds[x.ReportId])
            .Select(g => new { RoundId = g.Key, All = g.Sum(x => x.All), Satisfied = g.Sum(x => x.Satisfied) })
            .ToList();

        var rows = streets.Select(street =>
        {
            QuarterFigures Figures(int? quarter)
            {
                bool InMonth(int month) => quarter is null || QuarterOfMonth(month) == quarter;
                bool InUtc(DateTime utc) => InMonth(LocalDay(utc).Month);
                var held = sittings.Where(s => s.StreetId == street.Id && InUtc(s.ScheduledUtc)).Select(s => s.Id).ToHashSet();
                var due = opinions.Where(o => o.StreetId == street.Id && InMonth(o.Month)).ToList();
                var owed = resolutions.Where(r => r.StreetId == street.Id && InMonth(r.Month)).ToList();
                var rated = ratings.Where(r => held.Contains(r.SessionId)).ToList();
                var published = rounds.Where(r => r.StreetId == street.Id && InUtc(r.Published)).Select(r => r.Id).ToHashSet();
                var reported = reportRatings.Where(r => published.Contains(r.RoundId)).ToList();
                return new QuarterFigures(quarter, held.Count,
                    due.Sum(o => o.Counted), due.Sum(o => o.OnTime),
                    rated.Sum(r => r.All), rated.Sum(r => r.Satisfied),
                    reported.Sum(r => r.All), reported.Sum(r => r.Satisfied),
                    owed.Sum(r => r.Counted), owed.Sum(r => r.OnTime));
            }
            return new DistrictStreetFigures(street, [Figures(1), Figures(2), Figures(3), Figures(4)], Figures(null));
        }).ToList();
        return new DistrictComparison(district, shown, today.Year, rows);
    }

    /// <summary>The records one figure counts: a street of the district, a measure, a year and a quarter (null: the whole year).</summary>
    public async Task<DistrictRecords> RecordsAsync(Actor actor, int streetId, DistrictMeasure measure, int year, int? quarter, CancellationToken ct = default)
    {
        var district = Require(actor);
        RequireYear(year);
        if (!Enum.IsDefined(measure) || quarter is < 1 or > 4)
        {
            throw new NotFoundException();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await StreetsOf(db, district, streetId).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        var ids = new[] { streetId };
        var (fromUtc, toUtc) = YearUtc(year);
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        bool In(DateOnly day) => quarter is null || QuarterOf(day) == quarter;
        bool InUtc(DateTime utc) => In(LocalDay(utc));
        IReadOnlyList<DistrictRecord> records;
        switch (measure)
        {
            case DistrictMeasure.Sittings:
                var held = await HeldSittings(db, ids, fromUtc, toUtc).OrderBy(s => s.ScheduledUtc)
                    .Select(s => new { s.Id, s.Title, s.ScheduledUtc, s.Status, Present = db.Attendances.Count(a => a.SessionId == s.Id && a.Status == AttendanceStatus.Present) }).ToListAsync(ct);
                records = held.Where(s => InUtc(s.ScheduledUtc)).Select(s => new DistrictRecord(s.Id, s.Title, LocalDay(s.ScheduledUtc), null, true,
                    DomainText.Get("District.PresentCount", s.Present), s.Status == SessionStatus.MinutesPublished ? $"/s/{street.Slug}/sessions/{s.Id}/minutes" : null)).ToList();
                break;
            case DistrictMeasure.Opinions:
            case DistrictMeasure.Resolutions:
                var kind = measure == DistrictMeasure.Opinions ? TrackedKind.Opinion : TrackedKind.Resolution;
                var items = await Due(db, ids, kind, from, to).OrderBy(i => i.DueOn).ThenBy(i => i.Id)
                    .Select(i => new
                    {
                        i.Id, i.Title, i.DueOn, i.State,
                        Reached = measure == DistrictMeasure.Opinions ? i.FirstAnsweredOn : i.FirstDoneOn,
                        Number = db.Resolutions.Where(r => r.ImplementationId == i.Id && r.Status == Resolutions.ResolutionStatus.Published).Select(r => r.Number).FirstOrDefault(),
                    }).ToListAsync(ct);
                var today = LocalDay(Now);
                records = items.Where(i => In(i.DueOn!.Value) && Counts(i.DueOn.Value, i.Reached, today)).Select(i => new DistrictRecord(i.Id, i.Title, i.DueOn!.Value, i.Reached,
                    i.Reached <= i.DueOn, i.State.Label(),
                    i.Number is { } n ? $"/s/{street.Slug}/resolutions/{Uri.EscapeDataString(n)}" : null)).ToList();
                break;
            case DistrictMeasure.FollowUp:
                var sittings = await HeldSittings(db, ids, fromUtc, toUtc).Select(s => new { s.Id, s.Title, s.ScheduledUtc }).ToListAsync(ct);
                var inQuarter = sittings.Where(s => InUtc(s.ScheduledUtc)).ToDictionary(s => s.Id);
                var sessionIds = inQuarter.Keys.ToList();
                var rated = await (from r in db.FollowUpRatings
                                   join i in db.TrackedItems on r.ItemId equals i.Id
                                   where sessionIds.Contains(r.SessionId)
                                   group r by new { r.SessionId, r.ItemId, i.Title } into g
                                   select new { g.Key.SessionId, g.Key.ItemId, g.Key.Title, All = g.Count(), Satisfied = g.Count(r => r.Grade != Satisfaction.NotSatisfied) })
                    .ToListAsync(ct);
                records = rated.OrderBy(r => inQuarter[r.SessionId].ScheduledUtc).ThenBy(r => r.ItemId)
                    .Select(r => new DistrictRecord(r.ItemId, r.Title, LocalDay(inQuarter[r.SessionId].ScheduledUtc), null, 2 * r.Satisfied > r.All,
                        DomainText.Get("District.RatedCount", r.Satisfied, r.All, inQuarter[r.SessionId].Title), null, r.All, r.Satisfied)).ToList();
                break;
            default:
                var rounds = await PublishedRounds(db, ids, fromUtc, toUtc).Select(r => new { r.Id, r.Year, Published = r.PublishedUtc!.Value }).ToListAsync(ct);
                var shown = rounds.Where(r => InUtc(r.Published)).ToDictionary(r => r.Id);
                var roundIds = shown.Keys.ToList();
                var reports = await (from w in db.WorkReports
                                     where roundIds.Contains(w.RoundId)
                                     orderby w.RoundId, w.Position
                                     select new
                                     {
                                         w.Id, w.RoundId, w.Title,
                                         All = db.ReportRatings.Count(r => r.ReportId == w.Id),
                                         Satisfied = db.ReportRatings.Count(r => r.ReportId == w.Id && r.Grade != Reviews.Grade.NotSatisfied),
                                     }).ToListAsync(ct);
                records = reports.Select(w => new DistrictRecord(w.Id, w.Title, LocalDay(shown[w.RoundId].Published), null, w.All > 0 && 2 * w.Satisfied > w.All,
                    DomainText.Get("District.RatedCount", w.Satisfied, w.All, ""), $"/s/{street.Slug}/evaluations/{shown[w.RoundId].Year}", w.All, w.Satisfied)).ToList();
                break;
        }
        return new DistrictRecords(street, measure, year, quarter, records);
    }

    // ---- inspections, evaluations and commendations

    /// <summary>What the district recorded of its streets, newest first.</summary>
    public async Task<IReadOnlyList<InspectionRow>> InspectionsAsync(Actor actor, CancellationToken ct = default)
    {
        var district = Require(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await StreetsOf(db, district).Select(s => s.Id).ToListAsync(ct);
        return await Rows(db, db.Inspections.Where(i => ids.Contains(i.StreetId))).ToListAsync(ct);
    }

    /// <summary>A street's inspections, evaluations and commendations, newest first: public, as on its home page.</summary>
    public async Task<IReadOnlyList<InspectionRow>> PublicAsync(string slug, int take = 5, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Rows(db, db.Inspections.Where(i => i.StreetId == db.Streets.Where(s => s.Slug == slug).Select(s => s.Id).FirstOrDefault())).Take(take).ToListAsync(ct);
    }

    /// <summary>What the district recorded of the convener's street, for the convener's overview.</summary>
    public async Task<IReadOnlyList<InspectionRow>> OfMyStreetAsync(Actor actor, int take = 5, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Rows(db, db.Inspections.Where(i => i.StreetId == streetId)).Take(take).ToListAsync(ct);
    }

    public async Task<int> RecordInspectionAsync(Actor actor, InspectionInput input, CancellationToken ct = default)
    {
        var district = Require(actor);
        input.Validate(LocalDay(Now));
        await using var change = await changes.BeginInDistrictAsync(actor, input.StreetId, ct);
        var inspection = Inspection.Record(district, input, actor.DisplayName ?? actor.UserName ?? district, LocalDay(change.Now), change.Now);
        change.Db.Inspections.Add(inspection);
        await change.SaveAsync(ct);
        change.Audit("District.InspectionRecorded", $"Inspection {inspection.Id}", $"{inspection.Kind.Label()}: {inspection.Title}");
        await change.CommitAsync(ct);
        return inspection.Id;
    }

    // ---- the rules of what counts

    /// <summary>The congress's sittings held (adjourned, minutes published or not), scheduled within the UTC span.</summary>
    internal static IQueryable<Session> HeldSittings(CongressDbContext db, IReadOnlyCollection<int> streetIds, DateTime fromUtc, DateTime toUtc) =>
        db.Sessions.CongressSittingsHeld().Where(s => streetIds.Contains(s.StreetId) && s.ScheduledUtc >= fromUtc && s.ScheduledUtc < toUtc);

    /// <summary>Items of a kind with a due date in the span, leaving out those merged into another or declined (and, when read, those not yet due nor reached).</summary>
    internal static IQueryable<TrackedItem> Due(CongressDbContext db, IReadOnlyCollection<int> streetIds, TrackedKind kind, DateOnly from, DateOnly to) =>
        db.TrackedItems.Where(i => streetIds.Contains(i.StreetId) && i.Kind == kind && i.DueOn >= from && i.DueOn <= to
            && i.State != TrackedState.Merged && i.State != TrackedState.Declined);

    private static IQueryable<DueCount> DueDays(CongressDbContext db, IReadOnlyCollection<int> streetIds, TrackedKind kind, DateOnly from, DateOnly to) =>
        db.DueCounts.Where(d => streetIds.Contains(d.StreetId) && d.Kind == kind && d.DueOn >= from && d.DueOn <= to && d.All > 0);

    internal static IQueryable<Reviews.ReviewRound> PublishedRounds(CongressDbContext db, IReadOnlyCollection<int> streetIds, DateTime fromUtc, DateTime toUtc) =>
        db.ReviewRounds.Where(r => streetIds.Contains(r.StreetId) && r.State == Reviews.ReviewState.Published && r.PublishedUtc >= fromUtc && r.PublishedUtc < toUtc);

    public static int QuarterOf(DateOnly day) => QuarterOfMonth(day.Month);

    private static int QuarterOfMonth(int month) => (month - 1) / 3 + 1;

    /// <summary>An item due is counted once answered (or done), or once its due date has passed without: not while it still has time.</summary>
    private static bool Counts(DateOnly dueOn, DateOnly? reached, DateOnly today) => reached is not null || dueOn < today;

    /// <summary>A street's items due in one month of the year: how many count (<see cref="Counts"/>), and how many were reached by their day.</summary>
    private sealed record DueMonth(int StreetId, int Month, int Counted, int OnTime);

    private static DateOnly LocalDay(DateTime utc) => SessionTime.Day(utc);

    /// <summary>The year in UTC, from the street's midnight of 1 January to that of the next.</summary>
    private static (DateTime From, DateTime To) YearUtc(int year) =>
        (SessionTime.ToUtc(new DateTime(year, 1, 1)), SessionTime.ToUtc(new DateTime(year + 1, 1, 1)));

    private static void RequireYear(int year)
    {
        if (year is < 2000 or > 2100)
        {
            throw new NotFoundException();
        }
    }

    private static string Require(Actor actor) => actor.DistrictName ?? throw new ForbiddenException();

    private static IQueryable<DistrictStreet> StreetsOf(CongressDbContext db, string district, int? only = null) =>
        db.Streets.AsNoTracking().Where(s => s.District == district && (only == null || s.Id == only)).OrderBy(s => s.Id).Select(s => new DistrictStreet(s.Id, s.Slug, s.Name));

    private static IQueryable<InspectionRow> Rows(CongressDbContext db, IQueryable<Inspection> inspections) =>
        from i in inspections.AsNoTracking()
        join s in db.Streets on i.StreetId equals s.Id
        orderby i.HeldOn descending, i.Id descending
        select new InspectionRow(i.Id, i.StreetId, s.Name, i.District, i.Kind, i.Grade, i.Title, i.Findings, i.HeldOn, i.RecordedBy);
}

public sealed record DistrictStreet(int Id, string Slug, string Name);

/// <summary>What the comparison measures, each a figure that links down to the records it counts.</summary>
public enum DistrictMeasure
{
    /// <summary>Sessions of the congress held.</summary>
    Sittings = 1,

    /// <summary>Opinions answered by their due date.</summary>
    Opinions = 2,

    /// <summary>Follow-up ratings satisfied.</summary>
    FollowUp = 3,

    /// <summary>Work-report ratings satisfied.</summary>
    Reports = 4,

    /// <summary>Resolutions carried out by their due date.</summary>
    Resolutions = 5,
}

/// <summary>One street's figures in one quarter (<see cref="Quarter"/> null: the whole year).</summary>
public sealed record QuarterFigures(
    int? Quarter,
    int SittingsHeld,
    int OpinionsDue,
    int OpinionsOnTime,
    int FollowUpRatings,
    int FollowUpSatisfied,
    int ReportRatings,
    int ReportSatisfied,
    int ResolutionsDue,
    int ResolutionsOnTime)
{
    /// <summary>The measure's rate in percent (null when nothing was counted); the count of sittings for <see cref="DistrictMeasure.Sittings"/>.</summary>
    public double? Value(DistrictMeasure measure) => measure switch
    {
        DistrictMeasure.Sittings => SittingsHeld,
        DistrictMeasure.Opinions => Rate(OpinionsOnTime, OpinionsDue),
        DistrictMeasure.FollowUp => Rate(FollowUpSatisfied, FollowUpRatings),
        DistrictMeasure.Reports => Rate(ReportSatisfied, ReportRatings),
        _ => Rate(ResolutionsOnTime, ResolutionsDue),
    };

    /// <summary>(met, counted) for a rate's measure.</summary>
    public (int Met, int Counted) Parts(DistrictMeasure measure) => measure switch
    {
        DistrictMeasure.Sittings => (SittingsHeld, SittingsHeld),
        DistrictMeasure.Opinions => (OpinionsOnTime, OpinionsDue),
        DistrictMeasure.FollowUp => (FollowUpSatisfied, FollowUpRatings),
        DistrictMeasure.Reports => (ReportSatisfied, ReportRatings),
        _ => (ResolutionsOnTime, ResolutionsDue),
    };

    private static double? Rate(int met, int counted) => counted == 0 ? null : 100.0 * met / counted;
}

public sealed record DistrictStreetFigures(DistrictStreet Street, IReadOnlyList<QuarterFigures> Quarters, QuarterFigures Year);

public sealed record DistrictComparison(string District, int Year, int CurrentYear, IReadOnlyList<DistrictStreetFigures> Streets);

/// <summary>
/// One record a figure counts: a sitting, an opinion or resolution with its due date and the day it was answered or
/// done, an item rated at a follow-up, a work report. <see cref="Met"/>: on time, or rated satisfied by most.
/// </summary>
public sealed record DistrictRecord(int Id, string Title, DateOnly Date, DateOnly? ReachedOn, bool Met, string Detail, string? PublicUrl,
    int Counted = 1, int? MetCount = null)
{
    /// <summary>What this record adds to the figure's met part: its satisfied ratings, or one when on time.</summary>
    public int MetPart => MetCount ?? (Met ? 1 : 0);
}

public sealed record DistrictRecords(DistrictStreet Street, DistrictMeasure Measure, int Year, int? Quarter, IReadOnlyList<DistrictRecord> Records);

public sealed record InspectionRow(int Id, int StreetId, string Street, string District, InspectionKind Kind, InspectionGrade? Grade, string Title, string Findings,
    DateOnly HeldOn, string RecordedBy);
