using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Records;

/// <summary>
/// Each delegate's record of service (代表履职档案), built from what already happened and never typed twice: the
/// congress's sessions of their term attended, excused and missed; motions sponsored and co-signed with what became of
/// them; questions asked in the hall and where they stand; opinions brought through them; speeches given and their
/// time; follow-up ratings given (their number only: what a delegate rated stays theirs). The delegate reads their own,
/// the convener every delegate's of the street; another street's is not found.
/// </summary>
public sealed class DelegateRecordService(IDbContextFactory<CongressDbContext> dbFactory, Changes changes, DirectoryService directory, TimeProvider time)
{
    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(time.GetUtcNow().UtcDateTime));

    public async Task<DelegateRecord> RecordAsync(Actor actor, int delegateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var d = await db.Delegates.AsNoTracking().SingleOrDefaultAsync(x => x.Id == delegateId, ct);
        if (d is null || !actor.BelongsTo(d.StreetId) || !(Access.CanManageStreet(actor) || actor.DelegateId == delegateId))
        {
            throw d is not null && actor.BelongsTo(d.StreetId) ? new ForbiddenException() : new NotFoundException();
        }
        return await BuildAsync(db, d, ct);
    }


    /// <summary>
    /// A delegate's record as residents read it on the street's public pages (履职 records are public): the figures
    /// in full, but by title only what is public itself (motions past their draft, questions and opinions the public
    /// follow-up shows); never a phone number, an address or an account. Null for an unknown street, an unknown id, a
    /// delegate of another street or a member of a community council.
    /// </summary>
    public async Task<PublicDelegateRecord?> PublicRecordAsync(string slug, int delegateId, CancellationToken ct = default)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == key, ct);
        var d = street is null ? null : await db.Delegates.AsNoTracking()
            .SingleOrDefaultAsync(x => x.Id == delegateId && x.StreetId == street.Id
                && db.Terms.Any(t => t.Id == x.TermId && t.Body == VotingBody.Congress && t.CommunityId == null), ct);
        if (street is null || d is null)
        {
            return null;
        }
        var record = await BuildAsync(db, d, ct);
        var current = await directory.CurrentTermAsync(db, street.Id, ct);
        var counts = new RecordCounts(record.Sponsored.Count, record.Cosigned.Count, record.Questions.Count, record.Opinions.Count);
        var shown = record with
        {
            Sponsored = record.Sponsored.Where(m => m.Status != MotionStatus.Draft).ToList(),
            Cosigned = record.Cosigned.Where(m => m.Status != MotionStatus.Draft).ToList(),
            Questions = record.Questions.Where(q => q.Public).ToList(),
            Opinions = record.Opinions.Where(o => o.Public).ToList(),
        };
        return new PublicDelegateRecord(street.Slug, street.Name, street.NameEn, shown, counts, current?.Id == d.TermId && d.RetiredUtc is null);
    }

    /// <summary>
    /// The delegate writes (or rewrites) their summary of a year of their term (年度履职小结): only their own; the
    /// convener reads it with the record. A year outside the term, or one still to come, is refused with the field named.
    /// </summary>
    public async Task SaveYearSummaryAsync(Actor actor, int delegateId, int year, string? text, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var d = await db.Delegates.AsNoTracking().SingleOrDefaultAsync(x => x.Id == delegateId && x.StreetId == change.StreetId, ct)
            ?? throw new NotFoundException();
        if (actor.DelegateId != delegateId)
        {
            throw new ForbiddenException();
        }
        var term = await db.Terms.AsNoTracking().SingleAsync(t => t.Id == d.TermId, ct);
        new Validator().Check(SummaryYears(term.StartsOn, term.EndsOn, Today).Contains(year), "Year", "YearSummary.YearOutsideTerm", year, term.StartsOn.Year,
            Math.Min(term.EndsOn.Year, Today.Year)).ThrowIfInvalid();
        DelegateYearSummary.Validate(text);
        var summary = await db.DelegateYearSummaries.SingleOrDefaultAsync(x => x.DelegateId == delegateId && x.Year == year, ct);
        if (summary is null)
        {
            db.DelegateYearSummaries.Add(DelegateYearSummary.Write(delegateId, year, text, change.Now));
        }
        else
        {
            summary.Rewrite(text, change.Now);
        }
        change.Audit(summary is null ? "Records.YearSummaryWritten" : "Records.YearSummaryRewritten", $"Delegate {delegateId}", $"{d.Name} {year}");
        await change.CommitAsync(ct);
    }

    /// <summary>Every delegate's record of the street's current term, in the roster's order: the convener's only.</summary>
    public async Task<TermRecords> TermRecordsAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var term = await directory.CurrentTermAsync(db, streetId, ct);
        if (term is null)
        {
            return new TermRecords(null, []);
        }
        var delegates = await db.Delegates.AsNoTracking().Where(d => d.TermId == term.Id && d.StreetId == streetId)
            .OrderBy(d => d.CommunityId == null ? 0 : 1).ThenBy(d => d.CommunityId).ThenBy(d => d.Category).ThenBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(ct);
        return new TermRecords(term.Number, await BuildAsync(db, delegates, ct));
    }

    /// <summary>The years of a term a summary may be written for: from its first year to its last, or to this year if sooner.</summary>
    internal static IReadOnlyList<int> SummaryYears(DateOnly startsOn, DateOnly endsOn, DateOnly today)
    {
        var last = Math.Min(endsOn.Year, today.Year);
        return last < startsOn.Year ? [] : Enumerable.Range(startsOn.Year, last - startsOn.Year + 1).ToList();
    }

    internal async Task<DelegateRecord> BuildAsync(CongressDbContext db, CongressDelegate d, CancellationToken ct) =>
        (await BuildAsync(db, [d], ct))[0];

    /// <summary>The records of <paramref name="delegates"/>, in their order: each kind of row read once for all of them.</summary>
    internal async Task<IReadOnlyList<DelegateRecord>> BuildAsync(CongressDbContext db, IReadOnlyList<CongressDelegate> delegates, CancellationToken ct)
    {
        var ids = delegates.Select(d => d.Id).ToList();
        var termIds = delegates.Select(d => d.TermId).Distinct().ToList();
        var streetIds = delegates.Select(d => d.StreetId).Distinct().ToList();
        var communityIds = delegates.Where(d => d.CommunityId != null).Select(d => d.CommunityId!.Value).Distinct().ToList();
        var terms = await db.Terms.AsNoTracking().Where(t => termIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var slugs = await db.Streets.Where(s => streetIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Slug, ct);
        var communities = await db.Communities.Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        // The congress's sittings of the terms that were held, and how each delegate stood at each.
        var held = await db.Sessions.AsNoTracking().CongressSittingsHeld().Where(s => termIds.Contains(s.TermId)).Select(s => new { s.Id, s.TermId }).ToListAsync(ct);
        var heldIds = held.Select(s => s.Id).ToList();
        var attendance = (await db.Attendances.AsNoTracking().Where(a => heldIds.Contains(a.SessionId) && ids.Contains(a.DelegateId))
                .Select(a => new { a.SessionId, a.DelegateId, a.Status }).ToListAsync(ct))
            .GroupBy(a => (a.SessionId, a.DelegateId)).ToDictionary(g => g.Key, g => g.First().Status);
        var sponsored = (await db.Motions.AsNoTracking().Where(m => ids.Contains(m.SponsorId) && m.Status != MotionStatus.Draft).OrderBy(m => m.Id)
            .Select(m => new { DelegateId = m.SponsorId, Row = new RecordMotion(m.Id, m.Title, m.Status) }).ToListAsync(ct)).ToLookup(x => x.DelegateId, x => x.Row);
        var cosigned = (await (from c2 in db.Cosignatures.AsNoTracking()
                               join m in db.Motions on c2.MotionId equals m.Id
                               where ids.Contains(c2.DelegateId)
                               orderby m.Id
                               select new { c2.DelegateId, Row = new RecordMotion(m.Id, m.Title, m.Status) }).ToListAsync(ct)).ToLookup(x => x.DelegateId, x => x.Row);
        var items = await db.TrackedItems.AsNoTracking()
            .Where(i => i.DelegateId != null && ids.Contains(i.DelegateId.Value) && (i.Kind == TrackedKind.Question || i.Kind == TrackedKind.Opinion)).OrderBy(i => i.Id)
            .Select(i => new { DelegateId = i.DelegateId!.Value, i.Kind, Row = new RecordItem(i.Id, i.Title, i.State, i.Publishable && i.State != TrackedState.Submitted && i.State != TrackedState.Merged) })
            .ToListAsync(ct);
        var speeches = (await db.SpeakerRequests.AsNoTracking()
            .Where(r => ids.Contains(r.DelegateId) && r.Status == SpeakerStatus.Done && r.StartedUtc != null && r.EndedUtc != null)
            .Select(r => new { r.DelegateId, r.StartedUtc, r.EndedUtc }).ToListAsync(ct)).ToLookup(r => r.DelegateId);
        var ratings = await db.FollowUpRatings.Where(r => ids.Contains(r.DelegateId)).GroupBy(r => r.DelegateId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var summaries = (await db.DelegateYearSummaries.AsNoTracking().Where(y => ids.Contains(y.DelegateId)).OrderBy(y => y.Year)
            .Select(y => new { y.DelegateId, Row = new YearSummaryRow(y.Year, y.Text, y.UpdatedUtc) }).ToListAsync(ct)).ToLookup(y => y.DelegateId, y => y.Row);
        var today = Today;
        return delegates.Select(d =>
        {
            var term = terms[d.TermId];
            var sittings = held.Where(s => s.TermId == d.TermId).Select(s => attendance.TryGetValue((s.Id, d.Id), out var status) ? status : (AttendanceStatus?)null).ToList();
            var attended = sittings.Count(s => s is AttendanceStatus.Present or AttendanceStatus.Left);
            var excused = sittings.Count(s => s == AttendanceStatus.Excused);
            var spoke = speeches[d.Id].ToList();
            return new DelegateRecord(d.Id, d.Name, d.Category, d.CommunityId is { } c ? communities.GetValueOrDefault(c) : null, term.Number,
                sittings.Count, attended, excused, sittings.Count - attended - excused, sponsored[d.Id].ToList(), cosigned[d.Id].ToList(),
                items.Where(i => i.DelegateId == d.Id && i.Kind == TrackedKind.Question).Select(i => i.Row).ToList(),
                items.Where(i => i.DelegateId == d.Id && i.Kind == TrackedKind.Opinion).Select(i => i.Row).ToList(),
                spoke.Count, (int)spoke.Sum(r => (r.EndedUtc!.Value - r.StartedUtc!.Value).TotalSeconds), ratings.GetValueOrDefault(d.Id))
            {
                StreetSlug = slugs[d.StreetId],
                TermStartsOn = term.StartsOn,
                TermEndsOn = term.EndsOn,
                Summaries = summaries[d.Id].ToList(),
                SummaryYears = SummaryYears(term.StartsOn, term.EndsOn, today),
            };
        }).ToList();
    }
}

public sealed record RecordMotion(int Id, string Title, MotionStatus Status);

/// <summary>A question or opinion of the record; <paramref name="Public"/>: shown on the public follow-up, so it may be titled publicly.</summary>
public sealed record RecordItem(int Id, string Title, TrackedState State, bool Public = false);

/// <summary>A delegate's summary of one year of service.</summary>
public sealed record YearSummaryRow(int Year, string Text, DateTime UpdatedUtc);

/// <summary>How many of each a record holds, public or not.</summary>
public sealed record RecordCounts(int Sponsored, int Cosigned, int Questions, int Opinions);

/// <summary>
/// A delegate's record for residents: <paramref name="Record"/> lists only what is public itself, <paramref name="Counts"/>
/// counts everything; <paramref name="TakesOpinions"/>: a delegate of the current term, who may be sent an opinion.
/// </summary>
public sealed record PublicDelegateRecord(string StreetSlug, string StreetName, string? StreetNameEn, DelegateRecord Record, RecordCounts Counts, bool TakesOpinions);

/// <summary>Every delegate's record of the street's current term (none without a term).</summary>
public sealed record TermRecords(int? TermNumber, IReadOnlyList<DelegateRecord> Records);

public sealed record DelegateRecord(
    int DelegateId,
    string Name,
    DelegateCategory Category,
    string? Community,
    int TermNumber,
    int SittingsHeld,
    int Attended,
    int Excused,
    int Absent,
    IReadOnlyList<RecordMotion> Sponsored,
    IReadOnlyList<RecordMotion> Cosigned,
    IReadOnlyList<RecordItem> Questions,
    IReadOnlyList<RecordItem> Opinions,
    int Speeches,
    int SpeakingSeconds,
    int FollowUpRatings)
{
    /// <summary>The street's public slug, for the delegate's public page.</summary>
    public string StreetSlug { get; init; } = "";

    public DateOnly TermStartsOn { get; init; }

    public DateOnly TermEndsOn { get; init; }

    /// <summary>The delegate's yearly summaries, oldest first.</summary>
    public IReadOnlyList<YearSummaryRow> Summaries { get; init; } = [];

    /// <summary>The years of the term a summary may be written for so far.</summary>
    public IReadOnlyList<int> SummaryYears { get; init; } = [];
}
