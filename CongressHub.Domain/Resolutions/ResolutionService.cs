using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Search;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Resolutions;

/// <summary>
/// Resolutions from the adopted motion's close to their public record: the convener's edits of the draft (each kept as a
/// version), numbering at publication, the public-notice period and its moderated comments, and everything residents
/// read without an account. Drafts and versions are read by conveners only and never by a public query.
/// </summary>
public sealed class ResolutionService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    public const int PublicPageSize = 20;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(Now));

    public static bool CanModerate(Actor? actor) => Access.CanManageStreet(actor);

    /// <summary>Checking, editing and publishing a draft: the street's conveners.</summary>
    public static bool CanEdit(Actor? actor) => Access.CanManageStreet(actor);

    // ---- from the vote (called by the voting service inside its own unit of work)

    /// <summary>The draft an adopted motion's vote leaves when it closes.</summary>
    internal static async Task AddDraftAsync(CongressDbContext db, Vote vote, DateTime nowUtc)
    {
        var motion = await db.Motions.AsNoTracking().SingleAsync(m => m.Id == vote.MotionId);
        db.Resolutions.Add(Resolution.Draft(vote, motion.Title, motion.Text, nowUtc));
    }

    // ---- in the app

    /// <summary>The street's resolutions: drafts too for conveners, published ones for everyone else of the street.</summary>
    public async Task<IReadOnlyList<ResolutionRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        var drafts = Access.CanManageStreet(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Resolutions.AsNoTracking()
            .Where(r => r.StreetId == streetId && (drafts || r.Status == ResolutionStatus.Published))
            .OrderBy(r => r.Status).ThenByDescending(r => r.Year).ThenByDescending(r => r.Quarter).ThenByDescending(r => r.Sequence).ThenByDescending(r => r.Id)
            .Select(r => new
            {
                r,
                r.Implementation.State,
                // A scalar subquery reads the session by its key; a whole row here became a window over every session.
                Session = db.Sessions.Where(s => s.Id == r.SessionId).Select(s => s.Title).FirstOrDefault() ?? "",
                Pending = db.ResolutionComments.Count(c => c.ResolutionId == r.Id && c.Status == CommentStatus.Pending),
            }).ToListAsync(ct);
        var today = Today;
        return rows.Select(x => new ResolutionRow(x.r.Id, x.r.Status, x.r.Number, x.r.Title, x.Session, x.r.AdoptedUtc, x.r.PublishedUtc,
            StageOf(x.r, x.State, today), x.r.NoticeOn(today), drafts ? x.Pending : 0)).ToList();
    }

    public async Task<ResolutionDetail> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var r = await db.Resolutions.AsNoTracking().Include(x => x.Implementation).SingleOrDefaultAsync(x => x.Id == id, ct);
        var moderator = CanModerate(actor);
        if (r is null || !actor.BelongsTo(r.StreetId) || !r.IsPublished && !moderator)
        {
            throw new NotFoundException();
        }
        var session = await db.Sessions.Where(s => s.Id == r.SessionId).Select(s => s.Title).SingleAsync(ct);
        var comments = moderator
            ? await db.ResolutionComments.AsNoTracking().Where(c => c.ResolutionId == id).OrderByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id)
                .Select(c => new StaffComment(c.Id, c.CreatedUtc, c.Text, c.Status, c.Reply, c.ModeratedUtc)).ToListAsync(ct)
            : [];
        // The wording's history is the conveners' working record; others read the resolution as published.
        var adopted = !moderator ? null
            : r.MotionId is { } motionId ? await db.Motions.Where(m => m.Id == motionId).Select(m => new ResolutionWording(m.Title, m.Text)).SingleAsync(ct)
            : await db.LivelihoodProjects.Where(p => p.Id == r.ProjectId).Select(p => new ResolutionWording(p.Title, p.Description)).SingleAsync(ct);
        var versions = moderator
            ? await db.ResolutionVersions.AsNoTracking().Where(v => v.ResolutionId == id).OrderBy(v => v.Id)
                .Select(v => new ResolutionWordingVersion(v.Id, v.EditedUtc, v.EditedBy, v.Title, v.Text)).ToListAsync(ct)
            : [];
        // Who edited, as people read it (name and post), not the account.
        var editors = await PeopleNames.ResolveAsync(db, versions.Select(v => v.EditedBy), ct);
        versions = versions.Select(v => v with { EditedBy = editors.GetValueOrDefault(v.EditedBy, v.EditedBy) }).ToList();
        var resultPublished = await db.Votes.AnyAsync(v => v.Id == r.VoteId && v.State == VoteState.Published, ct);
        var today = Today;
        return new ResolutionDetail(r.Id, r.Status, r.Number, r.Title, r.Text, r.SessionId, session, r.VoteId, VoteOf(r), r.AdoptedUtc, r.PublishedUtc,
            r.ImplementationId, StageOf(r, r.Implementation.State, today), await ResponsibleAsync(db, r.Implementation, ct), r.Implementation.DueOn,
            await NoticeAsync(db, r, today, ct), comments, r.Version, resultPublished, adopted, versions);
    }

    /// <summary>
    /// Saves the convener's corrected title and text of a draft as a new version. <paramref name="expectedVersion"/> is
    /// the version the convener's screen showed: another convener's save in between is refused, never overwritten.
    /// </summary>
    public async Task EditAsync(Actor actor, int id, string? title, string? text, int expectedVersion, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Resolution.Conflict";
        var db = change.Db;
        var r = Access.InStreet(await db.Resolutions.FindAsync([id], ct), streetId, x => x.StreetId);
        r.EnsureVersion(expectedVersion);
        db.ResolutionVersions.Add(r.Edit(title, text, NameOf(actor), Now));
        change.Audit("Resolution.Edited", Subject(r), r.Title);
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// Publishes a draft once its vote's result is published: numbered <c>YYYY-Qn-NN</c> by its session's quarter,
    /// public, and no longer editable. The number is taken under the street's audit lock (the one writer of the
    /// street's record), and the unique (street, number) index refuses a duplicate.
    /// </summary>
    public async Task<string> PublishAsync(Actor actor, int id, int expectedVersion, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Resolution.Conflict";
        var db = change.Db;
        var r = Access.InStreet(await db.Resolutions.Include(x => x.Implementation).SingleOrDefaultAsync(x => x.Id == id, ct), streetId, x => x.StreetId);
        r.EnsureVersion(expectedVersion);
        var vote = await db.Votes.SingleAsync(v => v.Id == r.VoteId, ct);
        var sessionUtc = await db.Sessions.Where(s => s.Id == r.SessionId).Select(s => s.ScheduledUtc).SingleAsync(ct);
        var (year, quarter) = Resolution.QuarterOf(sessionUtc);
        change.Announce(new TrackingChanged(streetId, r.ImplementationId));
        await change.CommitAsync(async () =>
        {
            var last = await db.Resolutions.Where(x => x.StreetId == streetId && x.Year == year && x.Quarter == quarter && x.Status == ResolutionStatus.Published)
                .MaxAsync(x => (int?)x.Sequence, ct) ?? 0;
            r.Publish(vote, year, quarter, last + 1, Now);
            change.Audit("Resolution.Published", r.Number!, r.Title);
        }, ct);
        return r.Number!;
    }

    /// <summary>Sets, changes or removes the public-notice period (公示) of a resolution.</summary>
    public async Task SetNoticeAsync(Actor actor, int id, DateOnly? startsOn, DateOnly? endsOn, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Resolution.Conflict";
        var db = change.Db;
        var r = Access.InStreet(await db.Resolutions.FindAsync([id], ct), streetId, x => x.StreetId);
        var received = await db.ResolutionComments.CountAsync(c => c.ResolutionId == id, ct);
        r.SetNotice(startsOn, endsOn, Today, received);
        change.Audit("Resolution.Notice", Subject(r),
            startsOn is null ? "" : $"{SessionTime.FormatDate(startsOn.Value)} – {(endsOn is { } end ? SessionTime.FormatDate(end) : "")}");
        await change.CommitAsync(ct);
    }

    /// <summary>Approves (shown publicly) or rejects (kept, never shown) a comment, with an optional public reply.</summary>
    public async Task ModerateAsync(Actor actor, int commentId, bool approve, string? reply, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Resolution.Conflict";
        var db = change.Db;
        var comment = await db.ResolutionComments.FindAsync([commentId], ct) ?? throw new NotFoundException();
        var r = Access.InStreet(await db.Resolutions.FindAsync([comment.ResolutionId], ct), streetId, x => x.StreetId);
        comment.Moderate(approve, reply, Now);
        // Who held a resident's comment back is on the record; the comment's words are not.
        change.Audit(approve ? "Comment.Approved" : "Comment.Rejected", $"{Subject(r)}#{comment.Id}");
        await change.CommitAsync(ct);
    }

    /// <summary>Once the notice has ended: how the comments received were handled, stated on the public record.</summary>
    public async Task StateNoticeOutcomeAsync(Actor actor, int id, string? outcome, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Resolution.Conflict";
        var db = change.Db;
        var r = Access.InStreet(await db.Resolutions.FindAsync([id], ct), streetId, x => x.StreetId);
        r.StateNoticeOutcome(outcome, Today);
        change.Audit("Resolution.NoticeOutcome", Subject(r));
        await change.CommitAsync(ct);
    }

    // ---- residents, without an account

    /// <summary>
    /// A resident's comment during the notice period, held for moderation. The rate limit and the human check are the
    /// page's; the text is validated here (plain text, not empty, not too long) and nothing else about the resident is kept.
    /// </summary>
    public async Task<int> CommentAsync(string slug, string number, string? text, CancellationToken ct = default)
    {
        ResolutionComment.Validate(text);
        await using var change = await changes.BeginAsResidentAsync(slug, ct);
        var r = await FindPublishedAsync(change.Db, slug, number, ct) ?? throw new NotFoundException();
        r.RequireOpenNotice(Today);
        var comment = ResolutionComment.Submit(r.Id, text, Now);
        change.Db.ResolutionComments.Add(comment);
        await change.CommitAsync(ct);
        return comment.Id;
    }

    public async Task<PublicResolutionList?> PublicListAsync(string slug, ResolutionFilter filter, int page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await StreetAsync(db, slug, ct);
        if (street is null)
        {
            return null;
        }
        var today = Today;
        var q = Published(db, street.Id);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var words = TextRules.Strip(filter.Search).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(5).ToList();
            // The index narrows the street's resolutions to those that may contain the words; the comparison decides.
            q = q.Narrow(db, street.Id, words);
            foreach (var word in words)
            {
                var w = word.ToLower();
                q = q.Where(r => r.Title.ToLower().Contains(w) || r.Text.ToLower().Contains(w) || r.Number!.ToLower().Contains(w));
            }
        }
        if (filter.Year is { } year)
        {
            q = q.Where(r => r.Year == year);
        }
        if (filter.SessionId is { } sessionId)
        {
            q = q.Where(r => r.SessionId == sessionId);
        }
        if (filter.Stage is ResolutionStage.InNotice)
        {
            q = q.Where(r => r.NoticeStartsOn <= today && r.NoticeEndsOn >= today);
        }
        else if (filter.Stage is { } stage)
        {
            var states = ResolutionStages.States(stage);
            q = q.Where(r => states.Contains(r.Implementation.State));
        }
        var total = await q.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PublicPageSize - 1) / PublicPageSize));
        var rows = await RowsAsync(db, q.Skip((page - 1) * PublicPageSize).Take(PublicPageSize), today, ct);
        var years = (await db.Resolutions.Where(r => r.StreetId == street.Id && r.Status == ResolutionStatus.Published).Select(r => r.Year).Distinct().ToListAsync(ct))
            .OrderDescending().ToList();
        var sessions = await db.Sessions.Where(s => s.StreetId == street.Id && db.Resolutions.Any(r => r.StreetId == street.Id && r.Status == ResolutionStatus.Published && r.SessionId == s.Id))
            .OrderByDescending(s => s.ScheduledUtc).Select(s => new { s.Id, s.Title }).ToListAsync(ct);
        return new PublicResolutionList(street.Slug, street.Name, rows, total, page, PublicPageSize, years, sessions.Select(s => (s.Id, s.Title)).ToList());
    }

    public async Task<PublicResolution?> PublicGetAsync(string slug, string number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await StreetAsync(db, slug, ct);
        var r = street is null ? null : await FindPublishedAsync(db, street, number, ct);
        if (r is null)
        {
            return null;
        }
        var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == r.SessionId, ct);
        var item = r.Implementation;
        var today = Today;
        // The public history names no one: residents see what happened and when, not which official clicked.
        var moves = (await db.TrackedEvents.AsNoTracking().Where(e => e.ItemId == item.Id).OrderBy(e => e.AtUtc).ThenBy(e => e.Id).ToListAsync(ct))
            .Select(e => new ResolutionStep(e.AtUtc, ResolutionStepKind.Implementation, e.To, e.NoteDisplay));
        var history = new List<ResolutionStep>
        {
            new(r.AdoptedUtc, ResolutionStepKind.Adopted, null, session.Title),
            new(r.PublishedUtc!.Value, ResolutionStepKind.Published, null, r.Number),
        };
        history.AddRange(moves);
        var comments = await db.ResolutionComments.AsNoTracking().Where(c => c.ResolutionId == r.Id && c.Status == CommentStatus.Approved)
            .OrderBy(c => c.CreatedUtc).ThenBy(c => c.Id).Select(c => new PublicComment(c.CreatedUtc, c.Text, c.Reply)).ToListAsync(ct);
        return new PublicResolution(street!.Slug, street.Name, r.Number!, r.Title, r.Text, session.Id, session.Title, session.ScheduledUtc,
            session.Status == SessionStatus.MinutesPublished, VoteOf(r), r.AdoptedUtc, r.PublishedUtc!.Value,
            await ResponsibleAsync(db, item, ct), item.DueOn, item.IsOverdue(today), StageOf(r, item.State, today), item.State, item.Progress,
            history, await NoticeAsync(db, r, today, ct), comments, Max(r.PublishedUtc.Value, item.UpdatedUtc));
    }

    /// <summary>What the street's public home shows: the latest resolutions, open notices, the next session.</summary>
    public async Task<PublicResolutionsSummary> PublicSummaryAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await StreetAsync(db, slug, ct) ?? throw new NotFoundException();
        var today = Today;
        var latest = await RowsAsync(db, Published(db, street.Id).Take(5), today, ct);
        var notices = await RowsAsync(db, Published(db, street.Id).Where(r => r.NoticeStartsOn <= today && r.NoticeEndsOn >= today), today, ct);
        var now = Now;
        var next = await db.Sessions.AsNoTracking()
            .Where(s => s.StreetId == street.Id && (s.Status == SessionStatus.Live || s.Status == SessionStatus.Published && s.ScheduledUtc >= now.AddHours(-12)))
            .OrderByDescending(s => s.Status == SessionStatus.Live).ThenBy(s => s.ScheduledUtc)
            .Select(s => new NextSession(s.Id, s.Title, s.ScheduledUtc, s.Place, s.Status == SessionStatus.Live)).FirstOrDefaultAsync(ct);
        return new PublicResolutionsSummary(latest, notices, next);
    }

    /// <summary>Entries a street's feed carries: enough for a reader that looks in monthly, as feed readers keep
    /// what they have seen. Each resolution gives at most two (its publication and its notice's opening).</summary>
    public const int FeedEntries = 20;

    /// <summary>The street's Atom feed: its newest published resolutions and the openings of their public notices,
    /// newest first, <see cref="FeedEntries"/> in all.</summary>
    public async Task<ResolutionFeed?> FeedAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await StreetAsync(db, slug, ct);
        if (street is null)
        {
            return null;
        }
        var today = Today;
        // The newest entries come from the newest resolutions: an opening follows its own publication.
        var list = await Published(db, street.Id).Take(FeedEntries)
            .Select(r => new { r.Number, r.Title, r.Text, r.PublishedUtc, r.NoticeStartsOn, r.NoticeEndsOn, r.Implementation.UpdatedUtc }).ToListAsync(ct);
        var entries = new List<FeedEntry>();
        foreach (var r in list)
        {
            var summary = Summary(r.Text);
            entries.Add(new FeedEntry(r.Number!, r.Title, summary, r.PublishedUtc!.Value, Max(r.PublishedUtc.Value, r.UpdatedUtc), false, null));
            if (r.NoticeStartsOn is { } start && start <= today)
            {
                var opened = SessionTime.ToUtc(start.ToDateTime(TimeOnly.MinValue));
                entries.Add(new FeedEntry(r.Number!, r.Title, summary, opened, opened, true, r.NoticeEndsOn));
            }
        }
        entries = entries.OrderByDescending(e => e.PublishedUtc).Take(FeedEntries).ToList();
        return new ResolutionFeed(street.Slug, street.Name, entries, entries.Count == 0 ? street.CreatedUtc : entries.Max(e => e.UpdatedUtc),
            await Audit.AuditTrail.AnchorAsync(db, street.Id, Now, ct));
    }

    // ---- helpers

    /// <summary>The only query public pages start from: published resolutions of one street, newest number first.</summary>
    private static IQueryable<Resolution> Published(CongressDbContext db, int streetId) =>
        db.Resolutions.AsNoTracking().Where(r => r.StreetId == streetId && r.Status == ResolutionStatus.Published)
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Quarter).ThenByDescending(r => r.Sequence);

    private static async Task<Street?> StreetAsync(CongressDbContext db, string slug, CancellationToken ct)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        return await db.Streets.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == key, ct);
    }

    private static async Task<Resolution?> FindPublishedAsync(CongressDbContext db, string slug, string number, CancellationToken ct) =>
        await StreetAsync(db, slug, ct) is { } street ? await FindPublishedAsync(db, street, number, ct) : null;

    private static Task<Resolution?> FindPublishedAsync(CongressDbContext db, Street street, string number, CancellationToken ct)
    {
        var key = (number ?? "").Trim().ToUpperInvariant();
        return db.Resolutions.Include(r => r.Implementation)
            .SingleOrDefaultAsync(r => r.StreetId == street.Id && r.Status == ResolutionStatus.Published && r.Number == key, ct);
    }

    private static async Task<List<PublicResolutionRow>> RowsAsync(CongressDbContext db, IQueryable<Resolution> q, DateOnly today, CancellationToken ct)
    {
        var rows = await q.Select(r => new
        {
            r,
            r.Implementation.State,
            r.Implementation.Progress,
            // Scalar subqueries read the session by its key; a whole row here became a window over every session.
            SessionTitle = db.Sessions.Where(s => s.Id == r.SessionId).Select(s => s.Title).FirstOrDefault() ?? "",
            SessionAt = db.Sessions.Where(s => s.Id == r.SessionId).Select(s => s.ScheduledUtc).FirstOrDefault(),
            Department = db.Departments.Where(d => d.Id == r.Implementation.DepartmentId).Select(d => d.Name).FirstOrDefault(),
            Community = db.Communities.Where(c => c.Id == r.Implementation.AssignedCommunityId).Select(c => c.Name).FirstOrDefault(),
        }).ToListAsync(ct);
        return rows.Select(x => new PublicResolutionRow(x.r.Number!, x.r.Title, x.SessionTitle, x.SessionAt, x.r.PublishedUtc!.Value,
            StageOf(x.r, x.State, today), x.Progress, x.r.NoticeOn(today), x.r.NoticeEndsOn, x.Department ?? x.Community)).ToList();
    }

    private static ResolutionStage StageOf(Resolution r, TrackedState state, DateOnly today) =>
        r.IsPublished && r.NoticeOn(today) == NoticeState.Open ? ResolutionStage.InNotice : ResolutionStages.Of(state);

    private static ResolutionVote VoteOf(Resolution r) => new(r.Yes, r.No, r.Abstain, r.Present, r.All, r.Rule, r.Secret);

    private static async Task<ResolutionNotice> NoticeAsync(CongressDbContext db, Resolution r, DateOnly today, CancellationToken ct)
    {
        var counts = await db.ResolutionComments.Where(c => c.ResolutionId == r.Id).GroupBy(c => c.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        int Count(CommentStatus s) => counts.GetValueOrDefault(s);
        return new ResolutionNotice(r.NoticeOn(today), r.NoticeStartsOn, r.NoticeEndsOn, counts.Values.Sum(),
            Count(CommentStatus.Approved), Count(CommentStatus.Rejected), Count(CommentStatus.Pending), r.NoticeOutcome);
    }

    private static async Task<string?> ResponsibleAsync(CongressDbContext db, TrackedItem item, CancellationToken ct) =>
        item.DepartmentId is { } d ? await db.Departments.Where(x => x.Id == d).Select(x => x.Name).SingleOrDefaultAsync(ct)
        : item.AssignedCommunityId is { } c ? await db.Communities.Where(x => x.Id == c).Select(x => x.Name).SingleOrDefaultAsync(ct)
        : null;

    /// <summary>The first paragraph of the text as plain words, for feed readers and page descriptions.</summary>
    public static string Summary(string markdown)
    {
        var plain = Markdown.ToPlainText(markdown);
        return plain.Length <= 200 ? plain : plain[..199] + "…";
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Subject(Resolution r) => r.Number ?? "draft#" + r.Id;

    private static string NameOf(Actor actor) => actor.UserName ?? actor.DisplayName ?? actor.UserId;

}
