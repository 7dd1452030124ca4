using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Reviews;

public sealed record ReviewRoundRow(int Id, int Year, ReviewState State, DateTime ReportsDueUtc, int Reports, int Submitted, int? SessionId);

public sealed record WorkReportRow(int Id, int RoundId, int Year, ReporterKind Kind, string Title, string? Writer, bool Submitted, DateTime? SubmittedUtc, bool RatingOpen,
    string TextMarkdown, string TextHtml, string KeyFigures, int Raters)
{
    /// <summary>The officer who writes the report.</summary>
    public int? WriterOfficerId { get; init; }
}

public sealed record ReviewRoundDetail(int Id, int StreetId, int Year, ReviewState State, DateTime ReportsDueUtc, IReadOnlyList<string> Criteria,
    double CommendAtOrAbove, double FlagBelow, int? SessionId, IReadOnlyList<WorkReportRow> Reports);

public sealed record ReviewResultsView(int RoundId, string StreetName, string StreetSlug, int Year, ReviewState State, IReadOnlyList<string> Criteria,
    double CommendAtOrAbove, double FlagBelow, IReadOnlyList<RankedResult> StreetOffice, IReadOnlyList<RankedResult> Departments, IReadOnlyList<RankedResult> Officials,
    IReadOnlyDictionary<string, IReadOnlyList<(int Year, double? Rate)>> History);

/// <summary>A work report on the agenda of its session, as a delegate in the hall sees it: the form while rating is open.</summary>
public sealed record ReportAtItem(WorkReportRow Report, IReadOnlyList<string> Criteria, bool RatingOpen, bool Rated);

/// <summary>
/// The yearly work-report review: the convener runs the round, officers write their reports, delegates present at the
/// annual-review session rate them anonymously (through the ballot writer, like secret ballots), results rank and
/// are published.
/// </summary>
public sealed class ReviewService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes, BallotWriter writer, Secrecy secrecy)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- the convener

    /// <summary>Prepares a round and lists who reports: the street office, each department, each leading official.</summary>
    public async Task<int> PrepareRoundAsync(Actor actor, ReviewRoundInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        if (await db.ReviewRounds.AnyAsync(r => r.StreetId == streetId && r.Year == input.Year, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(ReviewRoundInput.Year), DomainText.Get("Review.YearTaken", input.Year))]);
        }
        if (input.SessionId is { } sid)
        {
            Access.InStreet(await db.Sessions.FindAsync([sid], ct), streetId, s => s.StreetId);
        }
        var round = ReviewRound.Prepare(streetId, input);
        db.ReviewRounds.Add(round);
        await change.SaveAsync(ct);
        var officers = await db.Officers.Where(o => o.StreetId == streetId && o.RetiredUtc == null).OrderBy(o => o.Id).ToListAsync(ct);
        var departments = await db.Departments.Where(d => d.StreetId == streetId).OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(ct);
        var position = 0;
        var director = officers.FirstOrDefault(o => o.IsLeader && o.DepartmentId == null);
        db.WorkReports.Add(WorkReport.For(round.Id, ReporterKind.StreetOffice, null, director?.Id, DomainText.Get("Review.StreetOfficeTitle"), ++position));
        foreach (var d in departments)
        {
            var head = officers.FirstOrDefault(o => o.DepartmentId == d.Id);
            db.WorkReports.Add(WorkReport.For(round.Id, ReporterKind.Department, d.Id, head?.Id, d.Name, ++position));
        }
        foreach (var o in officers.Where(o => o.IsLeader))
        {
            db.WorkReports.Add(WorkReport.For(round.Id, ReporterKind.Official, o.DepartmentId, o.Id, $"{o.Name}（{o.Position}）", ++position));
        }
        change.Audit("Review.Prepared", Subject(round), round.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await change.CommitAsync(ct);
        return round.Id;
    }

    public Task UpdateRoundAsync(Actor actor, int roundId, ReviewRoundInput input, CancellationToken ct = default) =>
        ChangeAsync(actor, roundId, "Review.Updated", async (change, r) =>
        {
            var db = change.Db;
            if (input.Year != r.Year && await db.ReviewRounds.AnyAsync(x => x.StreetId == r.StreetId && x.Year == input.Year, ct))
            {
                throw new ValidationFailedException([new FieldError(nameof(ReviewRoundInput.Year), DomainText.Get("Review.YearTaken", input.Year))]);
            }
            if (input.SessionId is { } sid)
            {
                Access.InStreet(await db.Sessions.FindAsync([sid], ct), r.StreetId, s => s.StreetId);
            }
            r.Update(input);
        }, ct);

    public Task OpenReportsAsync(Actor actor, int roundId, CancellationToken ct = default) =>
        ChangeAsync(actor, roundId, "Review.ReportsOpened", (change, r) => { r.OpenReports(); return Task.CompletedTask; }, ct);

    public Task ExtendDeadlineAsync(Actor actor, int roundId, DateTime dueUtc, CancellationToken ct = default) =>
        ChangeAsync(actor, roundId, "Review.DeadlineExtended", (change, r) => { r.ExtendDeadline(dueUtc, Now); return Task.CompletedTask; }, ct);

    /// <summary>
    /// Releases the reports to delegates (to read ahead) and puts each submitted report on the annual-review session's
    /// agenda as a work-report-review item, so that its text is on every screen when its item starts.
    /// </summary>
    public Task ReleaseAsync(Actor actor, int roundId, CancellationToken ct = default) =>
        ChangeAsync(actor, roundId, "Review.Released", async (change, r) =>
        {
            var db = change.Db;
            r.Release();
            if (r.SessionId is not { } sessionId || await db.Sessions.FindAsync([sessionId], ct) is not { } session
                || session.Status is SessionStatus.Adjourned or SessionStatus.MinutesPublished)
            {
                return;
            }
            var reports = await db.WorkReports.Where(w => w.RoundId == r.Id && w.SubmittedUtc != null).OrderBy(w => w.Position).ToListAsync(ct);
            var writers = await db.Officers.Where(o => o.StreetId == r.StreetId).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            var position = await db.AgendaItems.Where(i => i.SessionId == sessionId).Select(i => (int?)i.Position).MaxAsync(ct) ?? 0;
            var existing = await db.AgendaItems.Where(i => i.SessionId == sessionId && i.Type == AgendaItemType.WorkReportReview).Select(i => i.Title).ToListAsync(ct);
            foreach (var w in reports.Where(w => !existing.Contains(w.Title)))
            {
                var text = w.Text.Length <= 20_000 ? w.Text : w.Text[..19_999] + "…";
                var presenter = w.OfficerId is { } o && writers.TryGetValue(o, out var name) ? name : null;
                db.AgendaItems.Add(AgendaItem.Create(sessionId, ++position, new AgendaItemInput(AgendaItemType.WorkReportReview, w.Title, text, presenter, 15)));
            }
            session.Touch();
        }, ct);

    /// <summary>Opens rating of every report (or, with <paramref name="reportId"/>, only that one).</summary>
    public Task OpenRatingAsync(Actor actor, int roundId, int? reportId = null, CancellationToken ct = default) =>
        ChangeAsync(actor, roundId, "Review.RatingOpened", async (change, r) =>
        {
            r.OpenRating();
            // Only submitted reports can be rated.
            foreach (var report in await change.Db.WorkReports.Where(w => w.RoundId == roundId && w.SubmittedUtc != null && (reportId == null || w.Id == reportId)).ToListAsync(ct))
            {
                report.SetRating(true, r);
            }
        }, ct);

    /// <summary>Closes rating of one report, or of all (which closes the round's rating).</summary>
    public async Task CloseRatingAsync(Actor actor, int roundId, int? reportId = null, CancellationToken ct = default)
    {
        // Through the writer, so no rating queued before the close is lost or slips in after it.
        var streetId = Access.RequireConvener(actor);
        await writer.EnqueueAsync(actor, streetId, async change =>
        {
            var db = change.Db;
            var round = Access.InStreet(await db.ReviewRounds.FindAsync(roundId), streetId, x => x.StreetId);
            if (round.State != ReviewState.RatingOpen)
            {
                throw DomainException.Because("Review.RatingNotOpen", round.Year);
            }
            var reports = await db.WorkReports.Where(w => w.RoundId == roundId && (reportId == null || w.Id == reportId)).ToListAsync();
            reports.ForEach(w => w.SetRating(false, round));
            foreach (var report in reports)
            {
                // The sealed ratings come out in plaintext under new keys, in a random order; the report's key is deleted.
                db.ReportRatings.AddRange((await secrecy.OpenAsync(db, BallotBox.OfReport(report.Id))).Select(content => ReportRating.Unsealed(report.Id, content)));
            }
            if (reportId is null)
            {
                round.CloseRating();
            }
            change.Audit("Review.RatingClosed", Subject(round), reportId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all");
            return true;
        }, ct);
    }

    public Task PublishAsync(Actor actor, int roundId, CancellationToken ct = default) =>
        ChangeAsync(actor, roundId, "Review.Published", (change, r) => { r.Publish(Now); return Task.CompletedTask; }, ct);

    // ---- officers

    /// <summary>The reports the acting officer writes, in every round not yet published.</summary>
    public async Task<IReadOnlyList<WorkReportRow>> MyReportsAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.OfficerId is not { } officerId)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await db.WorkReports.Where(w => w.OfficerId == officerId
            && db.ReviewRounds.Any(r => r.Id == w.RoundId && r.StreetId == actor.StreetId && r.State != ReviewState.Published)).Select(w => w.Id).ToListAsync(ct);
        return await RowsAsync(db, db.WorkReports.Where(w => ids.Contains(w.Id)), ct);
    }

    /// <summary>The writer saves an unfinished report; it stays theirs alone until submitted.</summary>
    public async Task SaveReportDraftAsync(Actor actor, int reportId, string? text, string? keyFigures, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var (report, round) = await WritableReportAsync(change.Db, actor, reportId, ct);
        report.SaveDraft(text, keyFigures, round, Now);
        await change.CommitAsync(ct);
    }

    public async Task SubmitReportAsync(Actor actor, int reportId, string? text, string? keyFigures, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var (report, round) = await WritableReportAsync(change.Db, actor, reportId, ct);
        report.Submit(text, keyFigures, round, Now);
        change.Audit("Review.ReportSubmitted", $"Work report {report.Id}", report.Title);
        await change.CommitAsync(ct);
    }

    private static async Task<(WorkReport Report, ReviewRound Round)> WritableReportAsync(CongressDbContext db, Actor actor, int reportId, CancellationToken ct)
    {
        var report = await db.WorkReports.FindAsync([reportId], ct) ?? throw new NotFoundException();
        var round = await db.ReviewRounds.SingleAsync(r => r.Id == report.RoundId, ct);
        if (!actor.BelongsTo(round.StreetId))
        {
            throw new NotFoundException();
        }
        if (actor.OfficerId != report.OfficerId && !Access.CanManageStreet(actor))
        {
            throw new ForbiddenException();
        }
        return (report, round);
    }

    // ---- delegates

    /// <summary>
    /// A delegate present at the round's session rates a report once: grade, scores, optional comment. Who rated and
    /// what they gave are stored apart; a second rating is refused.
    /// </summary>
    public async Task RateAsync(Actor actor, int reportId, RatingInput input, CancellationToken ct = default)
    {
        int streetId, criteria;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var report = await db.WorkReports.AsNoTracking().SingleOrDefaultAsync(w => w.Id == reportId, ct) ?? throw new NotFoundException();
            var round = await db.ReviewRounds.AsNoTracking().SingleAsync(r => r.Id == report.RoundId, ct);
            if (!actor.BelongsTo(round.StreetId))
            {
                throw new NotFoundException();
            }
            streetId = round.StreetId;
            criteria = round.CriteriaList.Count;
            if (actor.DelegateId is not { } me)
            {
                throw ForbiddenException.Because("Review.OnlyDelegates");
            }
            if (round.SessionId is not { } sessionId
                || !await db.Attendances.AnyAsync(a => a.SessionId == sessionId && a.DelegateId == me && a.Status == AttendanceStatus.Present, ct))
            {
                throw ForbiddenException.Because("Review.NotPresent");
            }
        }
        input.Validate(criteria);
        var delegateId = actor.DelegateId!.Value;
        await writer.EnqueueAsync(actor, streetId, async change =>
        {
            var db = change.Db;
            var report = await db.WorkReports.FindAsync(reportId) ?? throw new NotFoundException();
            var round = await db.ReviewRounds.FindAsync(report.RoundId) ?? throw new NotFoundException();
            if (round.State != ReviewState.RatingOpen || !report.RatingOpen)
            {
                throw DomainException.Because("Review.RatingClosedFor", report.Title);
            }
            if (await db.ReportRaters.AnyAsync(r => r.ReportId == reportId && r.DelegateId == delegateId)
                || db.ReportRaters.Local.Any(r => r.ReportId == reportId && r.DelegateId == delegateId))
            {
                throw DomainException.Because("Review.AlreadyRated", report.Title);
            }
            db.ReportRaters.Add(ReportRater.Of(reportId, delegateId));
            // Sealed until the report's rating closes, like a secret ballot.
            db.SealedBallots.Add(await secrecy.SealAsync(db, BallotBox.OfReport(reportId), ReportRating.Give(reportId, input, criteria).SealedContent()));
            return true;
        }, ct);
    }

    /// <summary>Which reports of the round the acting delegate has rated.</summary>
    public async Task<IReadOnlySet<int>> MyRatedAsync(Actor actor, int roundId, CancellationToken ct = default)
    {
        if (actor.DelegateId is not { } me)
        {
            return new HashSet<int>();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.ReportRaters.Where(r => r.DelegateId == me && db.WorkReports.Any(w => w.Id == r.ReportId && w.RoundId == roundId)).Select(r => r.ReportId).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>
    /// The report that an agenda item of the annual-review session puts before the hall (released reports go on the
    /// agenda under their title), with whether the acting delegate may rate it now; null for any other item.
    /// </summary>
    public async Task<ReportAtItem?> ReportAtItemAsync(Actor actor, int sessionId, int agendaItemId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        var item = await db.AgendaItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == agendaItemId && i.SessionId == sessionId && i.Type == AgendaItemType.WorkReportReview, ct);
        var round = await db.ReviewRounds.AsNoTracking().Where(r => r.SessionId == sessionId && r.State >= ReviewState.Released).OrderByDescending(r => r.Year).FirstOrDefaultAsync(ct);
        if (item is null || round is null)
        {
            return null;
        }
        var report = (await RowsAsync(db, db.WorkReports.Where(w => w.RoundId == round.Id && w.Title == item.Title && w.SubmittedUtc != null), ct)).FirstOrDefault();
        if (report is null)
        {
            return null;
        }
        var rated = actor.DelegateId is { } me && await db.ReportRaters.AnyAsync(r => r.ReportId == report.Id && r.DelegateId == me, ct);
        return new ReportAtItem(report, round.CriteriaList, round.State == ReviewState.RatingOpen && report.RatingOpen, rated);
    }

    // ---- reading

    public async Task<IReadOnlyList<ReviewRoundRow>> ListRoundsAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ReviewRounds.Where(r => r.StreetId == streetId).OrderByDescending(r => r.Year)
            .Select(r => new ReviewRoundRow(r.Id, r.Year, r.State, r.ReportsDueUtc, db.WorkReports.Count(w => w.RoundId == r.Id),
                db.WorkReports.Count(w => w.RoundId == r.Id && w.SubmittedUtc != null), r.SessionId)).ToListAsync(ct);
    }

    /// <summary>A round with its reports; delegates and others see report texts once released, conveners always.</summary>
    public async Task<ReviewRoundDetail> GetRoundAsync(Actor actor, int roundId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var round = await db.ReviewRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null || !actor.BelongsTo(round.StreetId))
        {
            throw new NotFoundException();
        }
        var reports = await RowsAsync(db, db.WorkReports.Where(w => w.RoundId == roundId), ct);
        // A report is read by others once submitted (conveners) and released (everyone); its writer always reads it, draft or not.
        var visible = Access.CanManageStreet(actor) || round.State >= ReviewState.Released;
        reports = reports.Select(r => r.WriterOfficerId is { } w && w == actor.OfficerId || visible && r.Submitted ? r : r with { TextMarkdown = "", TextHtml = "", KeyFigures = "" }).ToList();
        return new ReviewRoundDetail(round.Id, round.StreetId, round.Year, round.State, round.ReportsDueUtc, round.CriteriaList, round.CommendAtOrAbove, round.FlagBelow, round.SessionId, reports);
    }

    /// <summary>
    /// One work report as its document shows it: its writer always; others once it is submitted, conveners at once and
    /// everyone of the street once the round has released the reports. Not found otherwise, like another street's.
    /// </summary>
    public async Task<WorkReportRow> GetReportAsync(Actor actor, int reportId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var report = await db.WorkReports.AsNoTracking().SingleOrDefaultAsync(w => w.Id == reportId, ct);
        var round = report is null ? null : await db.ReviewRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == report.RoundId, ct);
        if (report is null || round is null || !actor.BelongsTo(round.StreetId))
        {
            throw new NotFoundException();
        }
        var writer = actor.OfficerId is { } me && me == report.OfficerId;
        var visible = report.SubmittedUtc is not null && (Access.CanManageStreet(actor) || round.State >= ReviewState.Released);
        if (!writer && !visible)
        {
            throw new NotFoundException();
        }
        return (await RowsAsync(db, db.WorkReports.Where(w => w.Id == reportId), ct)).Single();
    }

    /// <summary>The round's results and rankings: conveners once rating has closed; everyone once published.</summary>
    public async Task<ReviewResultsView> ResultsAsync(Actor actor, int roundId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var round = await db.ReviewRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null || !actor.BelongsTo(round.StreetId) || round.State != ReviewState.Published && !(Access.CanManageStreet(actor) && round.State >= ReviewState.RatingClosed))
        {
            throw new NotFoundException();
        }
        return await ResultsOfAsync(db, round, ct);
    }

    /// <summary>Published results of a street's year for the public page; null when there are none.</summary>
    public async Task<ReviewResultsView?> PublicResultsAsync(string slug, int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var round = await db.ReviewRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Year == year && r.State == ReviewState.Published && r.StreetId == db.Streets.Where(s => s.Slug == slug).Select(s => s.Id).FirstOrDefault(), ct);
        return round is null ? null : await ResultsOfAsync(db, round, ct);
    }

    /// <summary>A street's published years, newest first, for its public home.</summary>
    public async Task<IReadOnlyList<int>> ListPublishedYearsAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ReviewRounds.Where(r => r.State == ReviewState.Published && r.StreetId == db.Streets.Where(s => s.Slug == slug).Select(s => s.Id).FirstOrDefault())
            .OrderByDescending(r => r.Year).Select(r => r.Year).ToListAsync(ct);
    }

    // ---- helpers

    private static async Task<ReviewResultsView> ResultsOfAsync(CongressDbContext db, ReviewRound round, CancellationToken ct)
    {
        var street = await db.Streets.AsNoTracking().SingleAsync(s => s.Id == round.StreetId, ct);
        var reports = await db.WorkReports.AsNoTracking().Where(w => w.RoundId == round.Id).OrderBy(w => w.Position).ToListAsync(ct);
        var ids = reports.Select(r => r.Id).ToList();
        // Ratings are read in key order (random): comments come out in no order that says who wrote them.
        var ratings = await db.ReportRatings.AsNoTracking().Where(r => ids.Contains(r.ReportId)).OrderBy(r => r.Id).ToListAsync(ct);
        var criteria = round.CriteriaList.Count;
        var results = reports.Select(w => ReviewMath.Aggregate(w, ratings.Where(r => r.ReportId == w.Id).ToList(), criteria)).ToList();
        IReadOnlyList<RankedResult> Ranked(ReporterKind kind) => ReviewMath.Rank(results.Where(r => r.Kind == kind), round.CommendAtOrAbove, round.FlagBelow);

        // Year over year: the same reporter (the street office, a department, an official) in earlier published rounds,
        // read in two queries for all of them.
        var earlier = await db.ReviewRounds.AsNoTracking().Where(r => r.StreetId == round.StreetId && r.State == ReviewState.Published && r.Year < round.Year)
            .OrderBy(r => r.Year).ToListAsync(ct);
        var earlierIds = earlier.Select(r => r.Id).ToList();
        var earlierReports = await db.WorkReports.AsNoTracking().Where(w => earlierIds.Contains(w.RoundId)).ToListAsync(ct);
        var earlierReportIds = earlierReports.Select(w => w.Id).ToList();
        var earlierRatings = (await db.ReportRatings.AsNoTracking().Where(r => earlierReportIds.Contains(r.ReportId)).ToListAsync(ct)).ToLookup(r => r.ReportId);
        var history = new Dictionary<string, IReadOnlyList<(int Year, double? Rate)>>();
        foreach (var w in reports)
        {
            var points = earlier
                .Select(past => (past, same: earlierReports.FirstOrDefault(x => x.RoundId == past.Id && KeyOf(x) == KeyOf(w))))
                .Where(p => p.same is not null)
                .Select(p => (p.past.Year, ReviewMath.Aggregate(p.same!, earlierRatings[p.same!.Id].ToList(), p.past.CriteriaList.Count).SatisfactionRate))
                .ToList();
            points.Add((round.Year, results.Single(r => r.ReportId == w.Id).SatisfactionRate));
            history[KeyOf(w)] = points;
        }
        return new ReviewResultsView(round.Id, street.Name, street.Slug, round.Year, round.State, round.CriteriaList, round.CommendAtOrAbove, round.FlagBelow,
            Ranked(ReporterKind.StreetOffice), Ranked(ReporterKind.Department), Ranked(ReporterKind.Official), history);
    }

    /// <summary>The reporter's identity across years.</summary>
    public static string KeyOf(WorkReport w) => $"{w.Kind}:{w.DepartmentId}:{(w.Kind == ReporterKind.Official ? w.OfficerId : null)}";

    public static string KeyOf(ReportResult r) => $"{r.Kind}:{r.DepartmentId}:{(r.Kind == ReporterKind.Official ? r.OfficerId : null)}";

    private static async Task<List<WorkReportRow>> RowsAsync(CongressDbContext db, IQueryable<WorkReport> q, CancellationToken ct)
    {
        var rows = await q.AsNoTracking().OrderBy(w => w.RoundId).ThenBy(w => w.Position).Select(w => new
        {
            Report = w,
            Year = db.ReviewRounds.Where(r => r.Id == w.RoundId).Select(r => r.Year).First(),
            Writer = db.Officers.Where(o => o.Id == w.OfficerId).Select(o => o.Name).FirstOrDefault(),
            Raters = db.ReportRaters.Count(r => r.ReportId == w.Id),
        }).ToListAsync(ct);
        return rows.Select(x => new WorkReportRow(x.Report.Id, x.Report.RoundId, x.Year, x.Report.Kind, x.Report.Title, x.Writer, x.Report.SubmittedUtc is not null,
            x.Report.SubmittedUtc, x.Report.RatingOpen, x.Report.Text, Markdown.ToSafeHtml(x.Report.Text), x.Report.KeyFigures, x.Raters)
        { WriterOfficerId = x.Report.OfficerId }).ToList();
    }

    private async Task ChangeAsync(Actor actor, int roundId, string action, Func<Change, ReviewRound, Task> make, CancellationToken ct)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var round = Access.InStreet(await change.Db.ReviewRounds.FindAsync([roundId], ct), streetId, r => r.StreetId);
        await make(change, round);
        change.Audit(action, Subject(round), round.State.ToString());
        await change.CommitAsync(ct);
    }

    private static string Subject(ReviewRound r) => $"Review {r.Year}";
}
