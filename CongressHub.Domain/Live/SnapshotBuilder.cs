using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Live;

/// <summary>
/// Builds the snapshot of a session that every screen shows: a few queries, once per change, whoever is watching.
/// The live session is read from several features (the agenda, the votes, the hall's questions, the follow-up), so it
/// lives here, above them, and none of them reads it back. <see cref="ReadAsync"/> checks the reader's rights;
/// <see cref="BuildAsync(int, CancellationToken)"/> does not (the live feed checks its subscribers).
/// </summary>
public sealed class SnapshotBuilder(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The session as its screens show it; drafts only for conveners, other streets' sessions not at all.</summary>
    public async Task<SessionSnapshot> ReadAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId) || session.Status == SessionStatus.Draft && !Access.CanRun(actor, session.StreetId, session.CommunityId))
        {
            throw new NotFoundException();
        }
        return await BuildAsync(db, session, ct);
    }

    /// <summary>Awaited as a live state of the session starts to be read; tests hold a build here to force an interleaving.</summary>
    internal Func<int, Task>? Building { get; set; }

    public async Task<SessionSnapshot?> BuildAsync(int sessionId, CancellationToken ct = default)
    {
        if (Building is { } building)
        {
            await building(sessionId);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        return session is null ? null : await BuildAsync(db, session, ct);
    }

    /// <summary>The session's votes with their counts, for a change that touched nothing else.</summary>
    public async Task<IReadOnlyList<VoteView>> VotesAsync(int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await VotingService.ViewsAsync(db, await db.Votes.AsNoTracking().Where(v => v.SessionId == sessionId).OrderBy(v => v.Id).ToListAsync(ct), ct);
    }

    private async Task<SessionSnapshot> BuildAsync(CongressDbContext db, Session s, CancellationToken ct)
    {
        var items = await db.AgendaItems.AsNoTracking().Where(i => i.SessionId == s.Id).OrderBy(i => i.Position).ToListAsync(ct);
        var quorum = await SessionService.QuorumAsync(db, s, ct);
        var present = await db.Attendances.Where(a => a.SessionId == s.Id && a.Status == AttendanceStatus.Present).Select(a => a.DelegateId).ToListAsync(ct);
        var speakers = await (
            from r in db.SpeakerRequests
            where r.SessionId == s.Id
            join d in db.Delegates on r.DelegateId equals d.Id
            select new
            {
                Request = r,
                d.Name,
                Community = db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).FirstOrDefault(),
            }).AsNoTracking().ToListAsync(ct);
        var current = speakers.Where(x => x.Request.AgendaItemId == s.CurrentItemId && x.Request.IsOpen)
            .OrderBy(x => x.Request.Status == SpeakerStatus.Speaking ? 0 : 1).ThenBy(x => x.Request.Position)
            .Select(x => new SpeakerView(x.Request.Id, x.Request.DelegateId, x.Name, x.Community, x.Request.Status, x.Request.Position, x.Request.StartedUtc, x.Request.DeadlineUtc))
            .ToList();
        var totals = speakers.Where(x => x.Request.Status == SpeakerStatus.Done)
            .GroupBy(x => (x.Request.DelegateId, x.Name))
            .Select(g => new SpeakingTotal(g.Key.DelegateId, g.Key.Name, g.Count(), (int)Math.Round(g.Sum(x => x.Request.Spoken.TotalSeconds))))
            .OrderByDescending(t => t.Seconds).ToList();
        var votes = await VotingService.ViewsAsync(db,
            await db.Votes.AsNoTracking().Where(v => v.SessionId == s.Id).OrderBy(v => v.Id).ToListAsync(ct), ct);
        return new SessionSnapshot(
            s.Id, s.StreetId, s.TermId, 0, s.Version, s.Title, s.Kind, s.Status, s.ScheduledUtc, s.Place, s.CurrentItemId,
            items.Select(i => new AgendaItemView(i.Id, i.Position, i.Type, i.Title, Markdown.ToSafeHtml(i.Description), i.Description, i.Presenter, i.PlannedMinutes, i.Status, i.StartedUtc, i.FinishedUtc,
                i.MotionId, votes.Where(v => v.AgendaItemId == i.Id && (i.MotionId == null || v.MotionId == i.MotionId)).MaxBy(v => v.Id)?.Id)).ToList(),
            new QuorumView(quorum.All, quorum.Present, quorum.Required, quorum.Reached),
            current, s.SpeakingLimitSeconds, present, totals, votes, time.GetUtcNow().UtcDateTime)
        {
            ShownQuestion = s.ShownQuestionId is { } q ? (await HallQuestionService.HallQuestionsAsync(db, s.Id, q, ct)).SingleOrDefault() : null,
            FollowUp = items.FirstOrDefault(i => i.Id == s.CurrentItemId)?.Type == AgendaItemType.FollowUpReport
                ? await FollowUpService.FollowUpRowsAsync(db, s, null, DateOnly.FromDateTime(SessionTime.Local(time.GetUtcNow().UtcDateTime)), ct)
                : [],
        };
    }
}
