using CongressHub.Domain.Accounts;
using CongressHub.Domain.Committee;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Common;

/// <summary>
/// The one rule of what a change tells the screens: every record a change adds, modifies or removes announces the
/// event of the thing it belongs to (a speaker request its session, a ballot its vote, a rating its review round).
/// Taken from what the context is about to save, so that no service has to remember to say it; events that no saved
/// record implies (an adopted motion's draft becoming publishable when its vote is published) are announced by hand.
/// </summary>
internal static class Announcements
{
    /// <summary>
    /// Reads what is about to be saved (in a group of changes, what no change before read: <paramref name="seen"/>);
    /// the events are made after the save (<see cref="Pending.Events"/>), when the records added have their ids.
    /// <paramref name="streetId"/> is the change's street, for records that carry none.
    /// </summary>
    public static Pending Capture(CongressDbContext db, int streetId, HashSet<object>? seen)
    {
        var touched = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && (seen is null || seen.Add(e.Entity)))
            .Select(e => (e.Entity, Final: e.State == EntityState.Modified && e.Entity is Vote && e.Property(nameof(Vote.State)).IsModified,
                StampRotated: e.State == EntityState.Modified && e.Entity is CongressUser && e.Property(nameof(CongressUser.SecurityStamp)).IsModified))
            .ToList();
        return new Pending(db, streetId, touched);
    }

    internal sealed class Pending(CongressDbContext db, int streetId, List<(object Entity, bool Final, bool StampRotated)> touched)
    {
        public IEnumerable<CongressEvent> Events()
        {
            foreach (var (entity, final, stampRotated) in touched)
            {
                var e = entity switch
                {
                    Session s => new SessionChanged(s.StreetId, s.Id),
                    AgendaItem i => new SessionChanged(streetId, i.SessionId),
                    Attendance a => new SessionChanged(streetId, a.SessionId),
                    SpeakerRequest r => new SessionChanged(streetId, r.SessionId),
                    LeaveRequest r => new SessionChanged(streetId, r.SessionId),
                    MinutesEntry m => new SessionChanged(streetId, m.SessionId),
                    FollowUpRating r => new SessionChanged(streetId, r.SessionId),
                    // Opening, closing and publishing go out at once; a vote prepared or a ballot cast is coalesced.
                    Vote v => new VoteChanged(v.StreetId, v.SessionId, v.Id, final),
                    Ballot b when db.Votes.Local.FirstOrDefault(v => v.Id == b.VoteId) is { } v => new VoteChanged(v.StreetId, v.SessionId, v.Id, false),
                    SealedBallot { VoteId: { } sv } when db.Votes.Local.FirstOrDefault(v => v.Id == sv) is { } v => new VoteChanged(v.StreetId, v.SessionId, v.Id, false),
                    CountEntry c when db.Votes.Local.FirstOrDefault(v => v.Id == c.VoteId) is { } v => new VoteChanged(v.StreetId, v.SessionId, v.Id, false),
                    Teller t when db.Votes.Local.FirstOrDefault(v => v.Id == t.VoteId) is { } v => new VoteChanged(v.StreetId, v.SessionId, v.Id, false),
                    SealedBallot { ReportId: { } sr } when db.WorkReports.Local.FirstOrDefault(w => w.Id == sr) is { } w => new ReviewChanged(streetId, w.RoundId),
                    Motion m => new MotionChanged(m.StreetId, m.Id),
                    Cosignature c => new MotionChanged(streetId, c.MotionId),
                    TrackedItem t => new TrackingChanged(t.StreetId, t.Id),
                    Notices.Notice n => new NoticesChanged(n.StreetId),
                    Notices.NoticeDelivery d => new NoticesChanged(d.StreetId),
                    TrackedEvent t => new TrackingChanged(streetId, t.ItemId),
                    MonthCompilation => new TrackingChanged(streetId, null),
                    Councils.PassOn p => new TrackingChanged(p.StreetId, p.TrackedItemId),
                    ReviewRound r => new ReviewChanged(r.StreetId, r.Id),
                    WorkReport w => new ReviewChanged(streetId, w.RoundId),
                    ReportRating r when db.WorkReports.Local.FirstOrDefault(w => w.Id == r.ReportId) is { } w => new ReviewChanged(streetId, w.RoundId),
                    Resolution r => new ResolutionChanged(r.StreetId, r.Id),
                    ResolutionComment c => new ResolutionChanged(streetId, c.ResolutionId),
                    ResolutionVersion v => new ResolutionChanged(streetId, v.ResolutionId),
                    Councils.CouncilDecision d => new CouncilDecisionChanged(d.StreetId, d.Id),
                    Councils.Topic t => new CouncilChanged(t.StreetId, t.CommunityId),
                    Councils.CouncilDecisionComment c => new CouncilDecisionChanged(streetId, c.DecisionId),
                    CommitteeMember m => new CommitteeChanged(m.StreetId),
                    CommitteeRequest r => new CommitteeChanged(r.StreetId),
                    CommitteeRequestNote => new CommitteeChanged(streetId),
                    Districts.Inspection i => new InspectionsChanged(i.StreetId),
                    Records.DelegateYearSummary => new RecordsChanged(streetId),
                    Projects.ProjectRound r => new ProjectsChanged(r.StreetId, r.Id),
                    Projects.LivelihoodProject p => new ProjectsChanged(p.StreetId, p.RoundId),
                    Projects.ProjectOpinion => new ProjectsChanged(streetId, null),
                    Projects.ProjectMilestone m => new ProjectsChanged(m.StreetId, null),
                    Projects.ProjectComment c => new ProjectsChanged(streetId, c.RoundId),
                    CongressUser u when stampRotated => new AccountSignedOut(u.StreetId ?? streetId, u.Id),
                    _ => (CongressEvent?)null,
                };
                if (e is not null)
                {
                    yield return e;
                }
                // A question asked in the hall is also on the session's screens.
                if (entity is TrackedItem { Kind: TrackedKind.Question, SessionId: { } sessionId } q)
                {
                    yield return new SessionChanged(q.StreetId, sessionId);
                }
            }
        }
    }
}
