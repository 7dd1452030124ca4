using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Voting;

/// <summary>
/// Votes from preparation to publication. Ballots and closes go through the <see cref="BallotBox"/>, the one writer,
/// so that no ballot is accepted after a close and every acknowledged ballot is committed.
/// </summary>
public sealed class VotingService(
    IDbContextFactory<CongressDbContext> dbFactory,
    TimeProvider time,
    ICongressEvents events,
    AuditTrail audit,
    BallotBox box,
    SessionService sessions)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public static bool CanRun(Actor? actor) => Access.CanManageStreet(actor);

    // ---- the convener

    /// <summary>Prepares a vote in a session: on an admitted motion of the session, or a procedural question.</summary>
    public async Task<int> PrepareAsync(Actor actor, int sessionId, VoteInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = Access.InStreet(await db.Sessions.FindAsync([sessionId], ct), streetId, s => s.StreetId);
        session.RequireAgendaEditable();
        var vote = await NewVoteAsync(db, session, input, ct);
        db.Votes.Add(vote);
        await db.SaveChangesAsync(ct);
        audit.Record(db, streetId, actor, "Vote.Prepared", Subject(vote), Describe(vote));
        await audit.SaveAsync(db, ct);
        events.Publish(new VoteChanged(streetId, sessionId, vote.Id, false));
        return vote.Id;
    }

    /// <summary>
    /// Opens the vote for the delegates present now (refused without quorum, or while another vote of the session is
    /// open). A motion's vote makes the motion's agenda item current.
    /// </summary>
    public async Task OpenAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = Access.InStreet(await db.Votes.FindAsync([voteId], ct), streetId, v => v.StreetId);
        var session = await db.Sessions.SingleAsync(s => s.Id == vote.SessionId, ct);
        await OpenInAsync(db, actor, session, vote, ct);
        await SaveAsync(db, ct);
        events.Publish(new SessionChanged(streetId, session.Id));
        events.Publish(new VoteChanged(streetId, session.Id, vote.Id, true));
        if (vote.MotionId is { } motionId)
        {
            events.Publish(new MotionChanged(streetId, motionId));
        }
    }

    /// <summary><c>POST /api/motions/{id}/votes</c>: prepares and opens the vote on an admitted motion in one step.</summary>
    public async Task<int> OpenOnMotionAsync(Actor actor, int motionId, bool secret, MajorityRule rule, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var motion = Access.InStreet(await db.Motions.FindAsync([motionId], ct), streetId, m => m.StreetId);
        motion.RequireVotable();
        var session = await db.Sessions.SingleAsync(s => s.Id == motion.SessionId, ct);
        var vote = await NewVoteAsync(db, session, new VoteInput(motionId, null, secret, rule), ct);
        db.Votes.Add(vote);
        await db.SaveChangesAsync(ct);
        try
        {
            await OpenInAsync(db, actor, session, vote, ct);
            await SaveAsync(db, ct);
        }
        catch (DomainException)
        {
            // Nothing half-made: a vote that cannot open is not left behind.
            db.ChangeTracker.Clear();
            await db.Votes.Where(v => v.Id == vote.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        events.Publish(new SessionChanged(streetId, session.Id));
        events.Publish(new VoteChanged(streetId, session.Id, vote.Id, true));
        events.Publish(new MotionChanged(streetId, motionId));
        return vote.Id;
    }

    /// <summary>Closes the vote and computes its result from the stored ballots. Idempotent: every call returns the same result.</summary>
    public async Task<VoteResult> CloseAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            Access.InStreet(await db.Votes.AsNoTracking().SingleOrDefaultAsync(v => v.Id == voteId, ct), streetId, v => v.StreetId);
        }
        var (result, closedNow, secret) = await box.EnqueueAsync(async (scope, _) =>
        {
            var db = scope.Db;
            var vote = await db.Votes.SingleAsync(v => v.Id == voteId);
            if (vote.IsClosed)
            {
                return (VoteResult.Of(vote), false, vote.Secret);
            }
            if (!vote.IsOpen)
            {
                throw DomainException.Because("Vote.CloseNotOpen", vote.Question);
            }
            await db.SaveChangesAsync(); // ballots earlier in this group count
            var counts = await CountAsync(db, voteId);
            vote.Close(counts.Yes, counts.No, counts.Abstain, Now);
            if (vote.MotionId is { } motionId)
            {
                (await db.Motions.SingleAsync(m => m.Id == motionId)).Decide(vote.Adopted!.Value, Now);
                scope.Announce(new MotionChanged(streetId, motionId));
            }
            var outcome = vote.Adopted!.Value ? DomainText.Get("Vote.Adopted") : DomainText.Get("Vote.Rejected");
            db.MinutesEntries.Add(MinutesEntry.Log(vote.SessionId, Now,
                DomainText.Get("Log.VoteClosed", vote.Question, vote.Yes, vote.No, vote.Abstain, vote.Present, vote.Rule.Label(), outcome)));
            audit.Record(db, streetId, actor, "Vote.Closed", Subject(vote),
                DomainText.Get("Audit.VoteCounts", vote.Question, vote.Yes, vote.No, vote.Abstain, vote.Present, vote.All, vote.Rule.ApiName(), outcome));
            scope.Announce(new VoteChanged(streetId, vote.SessionId, vote.Id, true));
            scope.Announce(new SessionChanged(streetId, vote.SessionId));
            return (VoteResult.Of(vote), true, vote.Secret);
        }, ct);
        if (closedNow && secret)
        {
            await ForgetArrivalOrderAsync(ct);
        }
        return result;
    }

    public async Task PublishAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = Access.InStreet(await db.Votes.FindAsync([voteId], ct), streetId, v => v.StreetId);
        vote.Publish(Now);
        audit.Record(db, streetId, actor, "Vote.Published", Subject(vote), Describe(vote));
        await SaveAsync(db, ct);
        events.Publish(new VoteChanged(streetId, vote.SessionId, vote.Id, true));
        events.Publish(new SessionChanged(streetId, vote.SessionId));
    }

    /// <summary>Recomputes the result from the stored ballots; it must equal the stored result.</summary>
    public async Task<Recount> RecountAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = Access.InStreet(await db.Votes.AsNoTracking().SingleOrDefaultAsync(v => v.Id == voteId, ct), streetId, v => v.StreetId);
        if (!vote.IsClosed)
        {
            throw DomainException.Because("Vote.RecountNotClosed", vote.Question);
        }
        var c = await CountAsync(db, voteId);
        var counted = new Tally(c.Yes, c.No, c.Abstain, vote.Present, vote.All);
        return new Recount(vote.Id, vote.Result, counted, vote.Adopted ?? false, vote.Rule.Adopted(counted));
    }

    // ---- delegates

    /// <summary>
    /// Casts the acting delegate's ballot. Final once cast: a second ballot is refused, as is one from a delegate
    /// who was not present when the vote opened, or one after the vote closed.
    /// </summary>
    public async Task CastAsync(Actor actor, int voteId, VoteChoice choice, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(choice))
        {
            throw new ValidationFailedException([new FieldError("Choice", DomainText.Get("Validation.UnknownChoice"))]);
        }
        var delegateId = await RequireVoterAsync(actor, voteId, ct);
        await box.EnqueueAsync(async (scope, _) =>
        {
            var db = scope.Db;
            var vote = await db.Votes.SingleAsync(v => v.Id == voteId);
            vote.RequireOpenForBallots();
            await TakeRightToVoteAsync(db, voteId, delegateId);
            db.Ballots.Add(Ballot.Cast(vote, delegateId, choice));
            scope.Announce(new VoteChanged(vote.StreetId, vote.SessionId, vote.Id, false));
            return true;
        }, ct);
    }

    /// <summary>Whether the acting delegate may vote in this vote, and whether they have.</summary>
    public async Task<MyBallot> MyBallotAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = await VisibleAsync(db, actor, voteId, ct);
        var me = actor.DelegateId ?? -1;
        var row = await db.Voters.AsNoTracking().SingleOrDefaultAsync(v => v.VoteId == vote.Id && v.DelegateId == me, ct);
        return new MyBallot(vote.Id, row is not null, row?.HasVoted ?? false);
    }

    // ---- reading

    public async Task<VoteView> GetAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = await VisibleAsync(db, actor, voteId, ct);
        return (await ViewsAsync(db, [vote], ct)).Single();
    }

    /// <summary>The views of the given votes with their counts: a few queries for all of them.</summary>
    internal static async Task<IReadOnlyList<VoteView>> ViewsAsync(CongressDbContext db, IReadOnlyList<Vote> votes, CancellationToken ct)
    {
        if (votes.Count == 0)
        {
            return [];
        }
        var ids = votes.Select(v => v.Id).ToList();
        var voters = await db.Voters.Where(v => ids.Contains(v.VoteId)).GroupBy(v => v.VoteId)
            .Select(g => new { VoteId = g.Key, Eligible = g.Count(), Voted = g.Count(v => v.HasVoted) }).ToDictionaryAsync(x => x.VoteId, ct);
        var namedOpen = votes.Where(v => v.IsOpen && !v.Secret).Select(v => v.Id).ToList();
        var running = namedOpen.Count == 0
            ? []
            : await db.Ballots.Where(b => namedOpen.Contains(b.VoteId)).GroupBy(b => new { b.VoteId, b.Choice })
                .Select(g => new { g.Key.VoteId, g.Key.Choice, Count = g.Count() }).ToListAsync(ct);
        return votes.Select(v =>
        {
            var counts = voters.GetValueOrDefault(v.Id);
            int? yes = null, no = null, abstain = null;
            if (v.IsClosed)
            {
                (yes, no, abstain) = (v.Yes, v.No, v.Abstain);
            }
            else if (v.IsOpen && !v.Secret)
            {
                int Of(VoteChoice c) => running.Where(r => r.VoteId == v.Id && r.Choice == c).Sum(r => r.Count);
                (yes, no, abstain) = (Of(VoteChoice.Yes), Of(VoteChoice.No), Of(VoteChoice.Abstain));
            }
            var eligible = v.State == VoteState.Prepared ? 0 : counts?.Eligible ?? 0;
            return new VoteView(v.Id, v.SessionId, v.MotionId, v.AgendaItemId, v.Question, v.Secret, v.Rule, v.State,
                eligible, counts?.Voted ?? 0, v.All, yes, no, abstain, v.IsClosed ? v.Adopted : null, v.OpenedUtc, v.ClosedUtc);
        }).ToList();
    }

    // ---- helpers

    private async Task<Vote> NewVoteAsync(CongressDbContext db, Session session, VoteInput input, CancellationToken ct)
    {
        if (input.MotionId is { } motionId)
        {
            var motion = Access.InStreet(await db.Motions.FindAsync([motionId], ct), session.StreetId, m => m.StreetId);
            motion.RequireVotable();
            if (motion.SessionId != session.Id)
            {
                throw DomainException.Because("Vote.MotionOtherSession", motion.Title, session.Title);
            }
            if (await db.Votes.AnyAsync(v => v.MotionId == motionId && v.State != VoteState.Prepared, ct))
            {
                throw DomainException.Because("Vote.MotionHasVote", motion.Title);
            }
            var question = string.IsNullOrWhiteSpace(input.Question) ? motion.Title : input.Question;
            return Vote.Prepare(session.StreetId, session.Id, motionId, motion.AgendaItemId, question, input.Secret, input.Rule, Now);
        }
        return Vote.Prepare(session.StreetId, session.Id, null, session.CurrentItemId, input.Question ?? "", input.Secret, input.Rule, Now);
    }

    private async Task OpenInAsync(CongressDbContext db, Actor actor, Session session, Vote vote, CancellationToken ct)
    {
        if (!session.IsLive)
        {
            throw DomainException.Because("Vote.SessionNotLive", vote.Question, session.Title);
        }
        if (await db.Votes.AnyAsync(v => v.SessionId == session.Id && v.State == VoteState.Open && v.Id != vote.Id, ct))
        {
            throw DomainException.Because("Vote.AnotherOpen", vote.Question);
        }
        var quorum = await SessionService.QuorumAsync(db, session, ct);
        var present = await db.Attendances
            .Where(a => a.SessionId == session.Id && a.Status == AttendanceStatus.Present && db.Delegates.Any(d => d.Id == a.DelegateId && d.RetiredUtc == null))
            .Select(a => a.DelegateId).OrderBy(id => id).ToListAsync(ct);
        vote.Open(present.Count, quorum.All, quorum.Reached, Now);
        if (vote.MotionId is not null && vote.AgendaItemId is { } itemId)
        {
            await sessions.MakeCurrentAsync(db, session, itemId, ct);
        }
        // Every eligible voter at once, in delegate order: the rows say nothing about who votes when.
        db.Voters.AddRange(present.Select(id => Voter.Eligible(vote.Id, id)));
        sessions.Log(db, session, "Log.VoteOpened", vote.Question, vote.Secret ? DomainText.Get("Vote.SecretLabel") : DomainText.Get("Vote.NamedLabel"), vote.Rule.Label(), vote.Present, quorum.All);
        audit.Record(db, session.StreetId, actor, "Vote.Opened", Subject(vote), DomainText.Get("Audit.VoteOpened", Describe(vote), vote.Present, vote.All));
    }

    private static async Task TakeRightToVoteAsync(CongressDbContext db, int voteId, int delegateId)
    {
        var taken = await db.Voters.Where(v => v.VoteId == voteId && v.DelegateId == delegateId && !v.HasVoted)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.HasVoted, true));
        if (taken == 1)
        {
            return;
        }
        if (await db.Voters.AnyAsync(v => v.VoteId == voteId && v.DelegateId == delegateId))
        {
            throw DomainException.Because("Vote.AlreadyVoted");
        }
        throw ForbiddenException.Because("Vote.NotEligible");
    }

    private static async Task<(int Yes, int No, int Abstain)> CountAsync(CongressDbContext db, int voteId)
    {
        var counts = await db.Ballots.Where(b => b.VoteId == voteId).GroupBy(b => b.Choice).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        int Of(VoteChoice c) => counts.Where(x => x.Key == c).Sum(x => x.Count);
        return (Of(VoteChoice.Yes), Of(VoteChoice.No), Of(VoteChoice.Abstain));
    }

    private async Task<int> RequireVoterAsync(Actor actor, int voteId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await VisibleAsync(db, actor, voteId, ct);
        return actor.DelegateId ?? throw ForbiddenException.Because("Vote.NotADelegate");
    }

    private static async Task<Vote> VisibleAsync(CongressDbContext db, Actor actor, int voteId, CancellationToken ct)
    {
        var vote = await db.Votes.AsNoTracking().SingleOrDefaultAsync(v => v.Id == voteId, ct);
        return vote is not null && actor.BelongsTo(vote.StreetId) ? vote : throw new NotFoundException();
    }

    private async Task SaveAsync(CongressDbContext db, CancellationToken ct)
    {
        try
        {
            await audit.SaveAsync(db, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Because("Session.Conflict");
        }
    }

    /// <summary>
    /// After a secret vote closes, the write-ahead log still holds its pages in the order ballots arrived; a checkpoint
    /// that truncates it leaves only the tables, where ballots sit in the order of their random keys.
    /// </summary>
    private async Task ForgetArrivalOrderAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
    }

    internal static string Subject(Vote v) => $"Vote {v.Id}";

    private static string Describe(Vote v) =>
        $"{v.Question} · {(v.Secret ? "secret" : "named")} · {v.Rule.ApiName()}";
}
