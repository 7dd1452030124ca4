using System.Text;
using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Councils;

/// <summary>
/// A community residents' council's decisions from the draft to what became of them: community staff (their own
/// community) or the street's conveners write and publish them, residents comment during the public notice (moderated by
/// the conveners, as for resolutions), and once the notice has run its course the decision is carried out by the
/// community as a tracked item or sent up to the street as an opinion carrying its history.
/// </summary>
public sealed class CouncilDecisionService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(Now));

    // ---- permission checks: one per action, used by pages to show a button and by the service before acting

    /// <summary>Writing, publishing, carrying out and sending up a community's decisions: its staff, and the street's conveners.</summary>
    public static bool CanManage(Actor? a, int communityId) =>
        a is not null && (Access.CanManageStreet(a) || a.IsInRole(Roles.CommunityStaff) && a.CommunityId == communityId);

    /// <summary>Residents' comments are moderated by the conveners, as for resolutions.</summary>
    public static bool CanModerate(Actor? a) => Access.CanManageStreet(a);

    // ---- staff

    /// <summary>The community's decisions, drafts too, newest first; with its name.</summary>
    public async Task<(string CommunityName, IReadOnlyList<CouncilDecisionRow> Rows)> ListAsync(Actor actor, int communityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var community = await RequireManagedCommunityAsync(db, actor, communityId, ct);
        var rows = await db.CouncilDecisions.AsNoTracking().Where(d => d.CommunityId == communityId)
            .OrderByDescending(d => d.DecidedOn).ThenByDescending(d => d.Id)
            .Select(d => new
            {
                d,
                Pending = db.CouncilDecisionComments.Count(c => c.DecisionId == d.Id && c.Status == CommentStatus.Pending),
            }).ToListAsync(ct);
        var now = Now;
        return (community.Name, rows.Select(x => new CouncilDecisionRow(x.d.Id, x.d.Title, x.d.DecidedOn, x.d.StateAt(now), x.d.NoticeStartsUtc, x.d.NoticeEndsUtc,
            x.Pending, x.d.TrackedItemId)).ToList());
    }

    public async Task<CouncilDecisionDetail> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var d = await db.CouncilDecisions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        RequireManaged(actor, d);
        var community = await db.Communities.Where(c => c.Id == d!.CommunityId).Select(c => c.Name).SingleAsync(ct);
        var slug = await db.Streets.Where(s => s.Id == d!.StreetId).Select(s => s.Slug).SingleAsync(ct);
        var comments = await db.CouncilDecisionComments.AsNoTracking().Where(c => c.DecisionId == id)
            .OrderByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id)
            .Select(c => new StaffComment(c.Id, c.CreatedUtc, c.Text, c.Status, c.Reply, c.ModeratedUtc)).ToListAsync(ct);
        return new CouncilDecisionDetail(d!.Id, d.StreetId, d.CommunityId, community, d.Title, d.Text, d.DecidedOn, d.NoticeDays, d.SessionId, d.VoteId, d.TopicId,
            d.StateAt(Now), d.NoticeStartsUtc, d.NoticeEndsUtc, d.TrackedItemId, d.ClosedUtc, comments, d.Version,
            CouncilDecisionLabels.PublicPath(slug, d.CommunityId, d.Id));
    }

    /// <summary>A new draft for the community; nothing is public until it is published.</summary>
    public async Task<int> CreateAsync(Actor actor, int communityId, CouncilDecisionInput input, CancellationToken ct = default)
    {
        input.Validate(Today);
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        await RequireManagedCommunityAsync(db, actor, communityId, ct);
        await RequireSessionAsync(db, change.StreetId, input.SessionId, ct);
        var d = CouncilDecision.Draft(change.StreetId, communityId, input, Today, Now);
        db.CouncilDecisions.Add(d);
        await change.SaveAsync(ct);
        change.Audit("CouncilDecision.Drafted", Subject(d), d.Title);
        await change.CommitAsync(ct);
        return d.Id;
    }

    /// <summary>
    /// The yes/no votes closed at the community's council meetings that no decision was written from yet, newest first:
    /// what the staff write up for public notice after a decision meeting.
    /// </summary>
    public async Task<IReadOnlyList<CouncilVoteToWrite>> VotesToWriteAsync(Actor actor, int communityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireManagedCommunityAsync(db, actor, communityId, ct);
        return await (from v in db.Votes.AsNoTracking()
                      join s in db.Sessions on v.SessionId equals s.Id
                      where s.CommunityId == communityId && v.Kind == VoteKind.Question
                          && (v.State == VoteState.Closed || v.State == VoteState.Published)
                          && !db.CouncilDecisions.Any(d => d.VoteId == v.Id)
                      orderby v.ClosedUtc descending, v.Id descending
                      select new CouncilVoteToWrite(v.Id, v.Question, s.Id, s.Title, v.ClosedUtc!.Value, v.Adopted == true))
            .ToListAsync(ct);
    }

    /// <summary>
    /// A draft written from a closed vote of one of the community's council meetings: titled after its agenda item (the
    /// topic it decided, when there is one), its text the question and the count, and the topic's own text. The staff
    /// edit it and publish it; publishing marks the topic decided.
    /// </summary>
    public async Task<int> DraftFromVoteAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var found = await (from v in db.Votes.AsNoTracking()
                           join s in db.Sessions.AsNoTracking() on v.SessionId equals s.Id
                           where v.Id == voteId && s.StreetId == change.StreetId && s.CommunityId != null
                           select new { Vote = v, Session = s }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        var (vote, session) = (found.Vote, found.Session);
        var communityId = session.CommunityId!.Value;
        await RequireManagedCommunityAsync(db, actor, communityId, ct);
        if (vote.Kind != VoteKind.Question || vote.State is not (VoteState.Closed or VoteState.Published))
        {
            throw DomainException.Because("CouncilDecision.VoteNotClosed", vote.Question);
        }
        if (await db.CouncilDecisions.AnyAsync(d => d.VoteId == voteId, ct))
        {
            throw DomainException.Because("CouncilDecision.VoteWritten", vote.Question);
        }
        var item = vote.AgendaItemId is { } itemId ? await db.AgendaItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, ct) : null;
        var topic = item?.TopicId is { } topicId ? await db.Topics.AsNoTracking().SingleOrDefaultAsync(t => t.Id == topicId, ct) : null;
        var title = DomainText.Get("CouncilDecision.FromVote.Title", topic?.Title ?? item?.Title ?? vote.Question);
        var r = vote.Result;
        var text = new StringBuilder()
            .AppendLine(DomainText.Get("CouncilDecision.FromVote.Meeting", session.Title, SessionTime.FormatFormalDate(vote.ClosedUtc ?? Now)))
            .AppendLine()
            .AppendLine(DomainText.Get("CouncilDecision.FromVote.Question", vote.Question))
            .AppendLine()
            .AppendLine(DomainText.Get("CouncilDecision.FromVote.Count", r.All, r.Present, r.Yes, r.No, r.Abstain,
                (vote.Rule ?? MajorityRule.HalfOfPresent).Label(), DomainText.Get(vote.Adopted == true ? "Vote.Adopted" : "Vote.Rejected")));
        if (topic is not null)
        {
            text.AppendLine().AppendLine(DomainText.Get("CouncilDecision.FromVote.Topic")).AppendLine().AppendLine(topic.Description);
        }
        var decidedOn = DateOnly.FromDateTime(SessionTime.Local(vote.ClosedUtc ?? Now));
        var input = new CouncilDecisionInput(Clip(title, CouncilDecision.TitleMaxLength), Clip(text.ToString().Trim(), CouncilDecision.TextMaxLength),
            decidedOn, CouncilDecision.DefaultNoticeDays, session.Id, vote.Id, topic?.Id);
        var d = CouncilDecision.Draft(change.StreetId, communityId, input, Today, Now);
        db.CouncilDecisions.Add(d);
        await change.SaveAsync(ct);
        change.Audit("CouncilDecision.Drafted", Subject(d), d.Title);
        await change.CommitAsync(ct);
        return d.Id;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Changes a draft. <paramref name="expectedVersion"/> is the version the screen showed: a save in between is refused, never overwritten.</summary>
    public async Task EditAsync(Actor actor, int id, CouncilDecisionInput input, int expectedVersion, CancellationToken ct = default)
    {
        await using var change = await BeginAsync(actor, ct);
        var d = RequireManaged(actor, await change.Db.CouncilDecisions.FindAsync([id], ct));
        d.EnsureVersion(expectedVersion);
        await RequireSessionAsync(change.Db, change.StreetId, input.SessionId, ct);
        d.Edit(input, Today);
        change.Audit("CouncilDecision.Edited", Subject(d), d.Title);
        await change.CommitAsync(ct);
    }

    /// <summary>Publishes a draft on the community's page: its public notice (公示) starts now and cannot be ended early.</summary>
    public async Task PublishAsync(Actor actor, int id, int expectedVersion, CancellationToken ct = default)
    {
        await using var change = await BeginAsync(actor, ct);
        var d = RequireManaged(actor, await change.Db.CouncilDecisions.FindAsync([id], ct));
        d.EnsureVersion(expectedVersion);
        d.Publish(Now);
        if (d.TopicId is { } topicId && await change.Db.Topics.FindAsync([topicId], ct) is { IsOpen: true } topic)
        {
            topic.Decide(d.Id, Now);
        }
        change.Audit("CouncilDecision.Published", Subject(d), $"{d.Title} · {SessionTime.FormatDateTime(d.NoticeStartsUtc!.Value)} – {SessionTime.FormatDateTime(d.NoticeEndsUtc!.Value)}");
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// After the notice: the community carries the decision out as one tracked item assigned to itself (due by
    /// <paramref name="dueOn"/>, by default before the street's next regular session), linked both ways.
    /// </summary>
    public async Task<int> CarryOutAsync(Actor actor, int id, DateOnly? dueOn = null, CancellationToken ct = default)
    {
        await using var change = await BeginAsync(actor, ct);
        var db = change.Db;
        var d = RequireManaged(actor, await db.CouncilDecisions.FindAsync([id], ct));
        d.RequireNoticeEnded(Now);
        var due = dueOn ?? await TrackingService.DefaultDueAsync(db, d.StreetId, Now, ct);
        if (due < Today)
        {
            throw new ValidationFailedException([new FieldError("DueOn", DomainText.Get("Tracking.DueInPast"))]);
        }
        var community = await db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).SingleAsync(ct);
        var item = TrackedItem.CouncilWork(d.StreetId, d.CommunityId, d.Title, await HistoryAsync(db, d, community, ct), due, Now);
        db.TrackedItems.Add(item);
        d.CarryOut(item, Now);
        await change.SaveAsync(ct);
        db.TrackedEvents.Add(TrackedEvent.By(item.Id, actor, TrackedState.Submitted, TrackedState.Assigned,
            TrackedNote.System("CouncilDecision.CarriedOutNote", community, due), Now));
        change.Audit("CouncilDecision.CarriedOut", Subject(d), $"{d.Title} → #{item.Id}");
        await change.CommitAsync(ct);
        return item.Id;
    }

    /// <summary>
    /// After the notice: what needs the street goes up as an opinion of the community, for the conveners' triage, its text
    /// carrying the decision and its history (decided, noticed, comments received, the public page).
    /// </summary>
    public async Task<int> SendUpAsync(Actor actor, int id, OpinionCategory category = OpinionCategory.Other, CancellationToken ct = default)
    {
        await using var change = await BeginAsync(actor, ct);
        var db = change.Db;
        var d = RequireManaged(actor, await db.CouncilDecisions.FindAsync([id], ct));
        d.RequireNoticeEnded(Now);
        var community = await db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).SingleAsync(ct);
        var text = await HistoryAsync(db, d, community, ct);
        var opinion = TrackedItem.Opinion(d.StreetId, new OpinionInput(d.CommunityId, Today, text, category, GovernmentLevel.Street, null, null, true), false, Now);
        await TrackingService.AddAsync(change, opinion, ct);
        d.SendUp(opinion, Now);
        change.Audit("CouncilDecision.SentUp", Subject(d), $"{d.Title} → #{opinion.Id}");
        await change.CommitAsync(ct);
        return opinion.Id;
    }

    /// <summary>Approves (shown publicly) or rejects (kept, never shown) a resident's comment, with an optional public reply.</summary>
    public async Task ModerateAsync(Actor actor, int commentId, bool approve, string? reply, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "CouncilDecision.Conflict";
        var db = change.Db;
        var comment = await db.CouncilDecisionComments.FindAsync([commentId], ct) ?? throw new NotFoundException();
        var d = Access.InStreet(await db.CouncilDecisions.FindAsync([comment.DecisionId], ct), streetId, x => x.StreetId);
        comment.Moderate(approve, reply, Now);
        // Who held a resident's comment back is on the record; the comment's words are not.
        change.Audit(approve ? "Comment.Approved" : "Comment.Rejected", $"{Subject(d)}#{comment.Id}");
        await change.CommitAsync(ct);
    }

    // ---- residents, without an account

    /// <summary>
    /// A resident's comment during the notice, held for moderation. The rate limit and the human check are the page's;
    /// the text is validated here by the rules of resolutions' comments (plain text, not empty, not too long).
    /// </summary>
    public async Task<int> CommentAsync(string slug, int communityId, int id, string? text, CancellationToken ct = default)
    {
        ResolutionComment.Validate(text);
        await using var change = await changes.BeginAsResidentAsync(slug, ct);
        var d = await change.Db.CouncilDecisions.SingleOrDefaultAsync(x => x.Id == id && x.StreetId == change.StreetId && x.CommunityId == communityId
            && x.State != CouncilDecisionState.Draft, ct) ?? throw new NotFoundException();
        d.RequireOpenNotice(Now);
        var comment = CouncilDecisionComment.Submit(d.Id, text, Now);
        change.Db.CouncilDecisionComments.Add(comment);
        await change.CommitAsync(ct);
        return comment.Id;
    }

    /// <summary>A community's published decisions, those in notice first (ending soonest first), then the newest; null for an unknown street or community.</summary>
    public async Task<PublicCouncilDecisionList?> PublicListAsync(string slug, int communityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var place = await PlaceAsync(db, slug, communityId, ct);
        if (place is null)
        {
            return null;
        }
        var now = Now;
        var rows = (await Published(db, place.Value.StreetId, communityId).ToListAsync(ct))
            .Select(d => new PublicCouncilDecisionRow(d.Id, d.Title, d.DecidedOn, d.StateAt(now), d.NoticeStartsUtc!.Value, d.NoticeEndsUtc!.Value))
            .OrderBy(r => r.State == CouncilDecisionState.InNotice ? 0 : 1)
            .ThenBy(r => r.State == CouncilDecisionState.InNotice ? r.NoticeEndsUtc.Ticks : -r.NoticeStartsUtc.Ticks)
            .ThenByDescending(r => r.Id)
            .ToList();
        return new PublicCouncilDecisionList(place.Value.Slug, place.Value.StreetName, communityId, place.Value.CommunityName, rows);
    }

    /// <summary>One published decision with its approved comments; null when the street, community or decision is unknown or a draft.</summary>
    public async Task<PublicCouncilDecision?> PublicGetAsync(string slug, int communityId, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var place = await PlaceAsync(db, slug, communityId, ct);
        var d = place is null ? null : await Published(db, place.Value.StreetId, communityId).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (d is null)
        {
            return null;
        }
        var received = await db.CouncilDecisionComments.CountAsync(c => c.DecisionId == id, ct);
        var comments = await db.CouncilDecisionComments.AsNoTracking().Where(c => c.DecisionId == id && c.Status == CommentStatus.Approved)
            .OrderBy(c => c.CreatedUtc).ThenBy(c => c.Id).Select(c => new PublicComment(c.CreatedUtc, c.Text, c.Reply)).ToListAsync(ct);
        return new PublicCouncilDecision(place!.Value.Slug, place.Value.StreetName, communityId, place.Value.CommunityName, d.Id, d.Title, d.Text, d.DecidedOn,
            d.StateAt(Now), d.NoticeStartsUtc!.Value, d.NoticeEndsUtc!.Value, d.ClosedUtc, received, comments);
    }

    // ---- helpers

    /// <summary>The only query public pages start from: one community's published decisions.</summary>
    private static IQueryable<CouncilDecision> Published(CongressDbContext db, int streetId, int communityId) =>
        db.CouncilDecisions.AsNoTracking().Where(d => d.StreetId == streetId && d.CommunityId == communityId && d.State != CouncilDecisionState.Draft);

    private static async Task<(int StreetId, string Slug, string StreetName, string CommunityName)?> PlaceAsync(CongressDbContext db, string slug, int communityId, CancellationToken ct)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        var place = await (from s in db.Streets
                           join c in db.Communities on s.Id equals c.StreetId
                           where s.Slug == key && c.Id == communityId
                           select new { s.Id, s.Slug, s.Name, Community = c.Name }).SingleOrDefaultAsync(ct);
        return place is null ? null : (place.Id, place.Slug, place.Name, place.Community);
    }

    private async Task<Change> BeginAsync(Actor actor, CancellationToken ct)
    {
        var change = await changes.BeginAsync(actor, ct);
        change.Conflict = "CouncilDecision.Conflict";
        return change;
    }

    /// <summary>Another street's decision (or none) is not found; another community's is refused to its staff.</summary>
    private static CouncilDecision RequireManaged(Actor actor, CouncilDecision? d)
    {
        if (d is null || !actor.BelongsTo(d.StreetId))
        {
            throw new NotFoundException();
        }
        return CanManage(actor, d.CommunityId) ? d : throw new ForbiddenException();
    }

    private static async Task<Directory.Community> RequireManagedCommunityAsync(CongressDbContext db, Actor actor, int communityId, CancellationToken ct)
    {
        var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId, ct);
        if (community is null || !actor.BelongsTo(community.StreetId))
        {
            throw new NotFoundException();
        }
        return CanManage(actor, communityId) ? community : throw new ForbiddenException();
    }

    private static async Task RequireSessionAsync(CongressDbContext db, int streetId, int? sessionId, CancellationToken ct)
    {
        if (sessionId is { } id && !await db.Sessions.AnyAsync(s => s.Id == id && s.StreetId == streetId, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(CouncilDecisionInput.SessionId), DomainText.Get("CouncilDecision.UnknownSession"))]);
        }
    }

    /// <summary>The decision and its history as a tracked item's text: what was decided, when, its notice, what residents said, and its public page.</summary>
    internal static async Task<string> HistoryAsync(CongressDbContext db, CouncilDecision d, string community, CancellationToken ct)
    {
        var slug = await db.Streets.Where(s => s.Id == d.StreetId).Select(s => s.Slug).SingleAsync(ct);
        var counts = await db.CouncilDecisionComments.Where(c => c.DecisionId == d.Id).GroupBy(c => c.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var text = new StringBuilder()
            .AppendLine(DomainText.Get("CouncilDecision.History.Title", community, d.Title))
            .AppendLine(DomainText.Get("CouncilDecision.History.DecidedOn", SessionTime.FormatFormalDate(d.DecidedOn)))
            .AppendLine(DomainText.Get("CouncilDecision.History.Notice", SessionTime.FormatFormalDate(d.NoticeStartsUtc!.Value), SessionTime.FormatFormalDate(d.NoticeEndsUtc!.Value)))
            .AppendLine(DomainText.Get("CouncilDecision.History.Comments", counts.Values.Sum(), counts.GetValueOrDefault(CommentStatus.Approved)))
            .AppendLine(DomainText.Get("CouncilDecision.History.Link", CouncilDecisionLabels.PublicPath(slug, d.CommunityId, d.Id)))
            .AppendLine()
            .Append(d.Text)
            .ToString();
        return text.Length <= TrackedItem.TextMaxLength ? text : text[..(TrackedItem.TextMaxLength - 1)] + "…";
    }

    private static string Subject(CouncilDecision d) => "council-decision#" + d.Id;
}
