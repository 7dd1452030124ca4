using CongressHub.Domain.Audit;
using CongressHub.Domain.Committee;
using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Voting;

/// <summary>
/// Votes from preparation to publication. Ballots and closes go through the <see cref="BallotWriter"/>, the one
/// writer, so that no ballot is accepted after a close and every acknowledged ballot is committed.
/// </summary>
public sealed class VotingService(
    IDbContextFactory<CongressDbContext> dbFactory,
    TimeProvider time,
    Changes changes,
    BallotWriter writer,
    Secrecy secrecy,
    SessionService sessions,
    ILogger<VotingService> log)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- the convener

    /// <summary>
    /// What a new vote of the session starts with: a congress votes secretly by more than half of all its delegates; a
    /// council or the committee by its usual majority, named (their meetings decide mostly by a show of hands).
    /// </summary>
    public async Task<VoteInput> NewVoteDefaultsAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await RunnerOfSessionAsync(actor, sessionId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var council = await (from s in db.Sessions
                             join t in db.Terms on s.TermId equals t.Id
                             where s.Id == sessionId && (s.CommunityId != null || s.Kind == SessionKind.CommitteeMeeting)
                             select (MajorityRule?)t.DefaultMajority).SingleOrDefaultAsync(ct);
        return council is { } rule ? new VoteInput(null, null, false, rule) : new VoteInput(null, null, true, MajorityRule.HalfOfAll);
    }

    /// <summary>Prepares a vote in a session: on an admitted motion of the session, or a procedural question.</summary>
    public async Task<int> PrepareAsync(Actor actor, int sessionId, VoteInput input, CancellationToken ct = default)
    {
        var streetId = await RunnerOfSessionAsync(actor, sessionId, ct);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var session = Access.InStreet(await db.Sessions.FindAsync([sessionId], ct), streetId, s => s.StreetId);
        session.RequireAgendaEditable();
        var vote = await NewVoteAsync(db, session, input, ct);
        db.Votes.Add(vote);
        await change.SaveAsync(ct);
        change.Audit("Vote.Prepared", Subject(vote), Describe(vote));
        await change.CommitAsync(ct);
        return vote.Id;
    }

    /// <summary>
    /// Opens the vote for the delegates present now (refused without quorum, or while another vote of the session is
    /// open). A motion's vote makes the motion's agenda item current.
    /// </summary>
    public async Task OpenAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Session.Conflict";
        var vote = Access.InStreet(await change.Db.Votes.FindAsync([voteId], ct), streetId, v => v.StreetId);
        var session = await change.Db.Sessions.SingleAsync(s => s.Id == vote.SessionId, ct);
        await OpenInAsync(change, session, vote, ct);
        await change.CommitAsync(ct);
    }

    /// <summary><c>POST /api/motions/{id}/votes</c>: prepares and opens the vote on an admitted motion in one step.</summary>
    public async Task<int> OpenOnMotionAsync(Actor actor, int motionId, bool secret, MajorityRule rule, CancellationToken ct = default)
    {
        var streetId = Access.CanManageStreet(actor) ? actor.StreetId!.Value
            : throw Access.Refusal(actor, await StreetOfAsync(db => db.Motions.Where(m => m.Id == motionId).Select(m => (int?)m.StreetId), ct));
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Session.Conflict";
        var db = change.Db;
        var motion = Access.InStreet(await db.Motions.FindAsync([motionId], ct), streetId, m => m.StreetId);
        motion.RequireVotable();
        var session = await db.Sessions.SingleAsync(s => s.Id == motion.SessionId, ct);
        var vote = await NewVoteAsync(db, session, new VoteInput(motionId, null, secret, rule), ct);
        db.Votes.Add(vote);
        // Saved inside the change's transaction: a vote that cannot open is rolled back with it, nothing half-made.
        await change.SaveAsync(ct);
        await OpenInAsync(change, session, vote, ct);
        await change.CommitAsync(ct);
        return vote.Id;
    }

    /// <summary>Closes the vote and computes its result from the stored ballots. Idempotent: every call returns the same result.</summary>
    public async Task<VoteResult> CloseAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        var (result, closedNow) = await writer.EnqueueAsync(actor, streetId, async change =>
        {
            var vote = Access.InStreet(await change.Db.Votes.FindAsync(voteId), streetId, v => v.StreetId);
            if (vote.IsClosed)
            {
                return (VoteResult.Of(vote), false);
            }
            if (vote.State == VoteState.Counting)
            {
                throw DomainException.Because("Vote.CountingUnderway", vote.Question);
            }
            if (!vote.IsOpen)
            {
                throw DomainException.Because("Vote.CloseNotOpen", vote.Question);
            }
            if (await change.Db.Voters.CountAsync(v => v.VoteId == voteId && v.Channel == VoteChannel.Paper) is > 0 and var issued)
            {
                throw DomainException.Because("Vote.PaperToCount", vote.Question, issued);
            }
            return (await CloseInAsync(change, vote), true);
        }, ct);
        if (closedNow)
        {
            // Counts only: a secret choice never enters a log.
            using var scope = log.BeginStreetScope(streetId);
            log.LogInformation("Vote {VoteId} closed: {Cast} cast of {Present} present", voteId, result.Cast, result.Present);
        }
        return result;
    }

    /// <summary>
    /// Closes a running vote inside the ballot writer: its ballots of every channel are counted (a secret vote's come
    /// out of their seal first), the rule decides, the motion is decided, the minutes and the audit say so.
    /// </summary>
    internal async Task<VoteResult> CloseInAsync(Change change, Vote vote)
    {
        var db = change.Db;
        var voteId = vote.Id;
        await change.SaveAsync(); // ballots earlier in this group count
        if (vote.Secret)
        {
            // The sealed ballots come out in plaintext under new keys, in a random order; the box's key is deleted.
            db.Ballots.AddRange((await secrecy.OpenAsync(db, BallotBox.OfVote(vote.Id))).Select(content => Ballot.Unsealed(vote, content)));
            await change.SaveAsync();
        }
        if (vote.IsElection)
        {
            await CloseElectionAsync(change, vote);
            return VoteResult.Of(vote);
        }
        var counts = await CountAsync(db, voteId);
        vote.Close(counts.Yes, counts.No, counts.Abstain, Now);
        if (vote.MotionId is { } motionId)
        {
            (await db.Motions.SingleAsync(m => m.Id == motionId)).Decide(vote.Adopted!.Value, Now);
            if (vote.Adopted == true)
            {
                // The resolution waits as a draft until the convener publishes the result.
                await ResolutionService.AddDraftAsync(db, vote, Now);
            }
        }
        var outcome = vote.Adopted!.Value ? DomainText.Get("Vote.Adopted") : DomainText.Get("Vote.Rejected");
        db.MinutesEntries.Add(MinutesEntry.Log(vote.SessionId, Now, "Log.VoteClosed", vote.Question, vote.Yes, vote.No, vote.Abstain, vote.Present,
            SystemText.Label("Majority." + vote.Rule!.Value), SystemText.Label(vote.Adopted!.Value ? "Vote.Adopted" : "Vote.Rejected")));
        var channels = await LogChannelsAsync(db, vote);
        change.Audit("Vote.Closed", Subject(vote),
            DomainText.Get("Audit.VoteCounts", vote.Question, vote.Yes, vote.No, vote.Abstain, vote.Present, vote.All, vote.Rule!.Value.ApiName(), outcome)
            + DomainText.Get("Audit.Channels", channels.Phone, channels.Recorded, channels.Hands, channels.Paper));
        return VoteResult.Of(vote);
    }

    public async Task PublishAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Session.Conflict";
        var db = change.Db;
        var vote = Access.InStreet(await db.Votes.FindAsync([voteId], ct), streetId, v => v.StreetId);
        vote.Publish(Now);
        // A livelihood projects ballot elects projects, not people.
        if (vote.IsElection && !await db.ProjectRounds.AnyAsync(r => r.VoteId == vote.Id, ct))
        {
            // The elected join the self-governance committee of the session's term.
            var termId = await db.Sessions.Where(s => s.Id == vote.SessionId).Select(s => s.TermId).SingleAsync(ct);
            var elected = await db.Candidates.Where(c => c.VoteId == vote.Id && c.Outcome == CandidateOutcome.Elected).OrderBy(c => c.Position).ToListAsync(ct);
            var seatIds = elected.Where(c => c.DelegateId is not null).Select(c => c.DelegateId!.Value).ToList();
            var seats = await db.Delegates.AsNoTracking().Where(d => seatIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
            db.CommitteeMembers.AddRange(elected.Select(c => CommitteeMember.Elected(streetId, termId, c.Name, c.DelegateId is { } d ? seats[d] : null, vote.Id, c.Marks, Now)));
        }
        change.Audit(vote.IsElection ? "Election.Published" : "Vote.Published", Subject(vote), Describe(vote));
        // An adopted motion's draft may be published now, as its own step once the convener has checked its wording.
        foreach (var draft in await db.Resolutions.Where(r => r.VoteId == vote.Id).Select(r => r.Id).ToListAsync(ct))
        {
            change.Announce(new ResolutionChanged(streetId, draft));
        }
        change.Announce(new SessionChanged(streetId, vote.SessionId));
        await change.CommitAsync(ct);
    }

    /// <summary>Recomputes the result from the stored ballots; it must equal the stored result.</summary>
    public async Task<Recount> RecountAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = Access.InStreet(await db.Votes.AsNoTracking().SingleOrDefaultAsync(v => v.Id == voteId, ct), streetId, v => v.StreetId);
        if (!vote.IsClosed)
        {
            throw DomainException.Because("Vote.RecountNotClosed", vote.Question);
        }
        if (vote.IsElection)
        {
            var (cast, marks) = await CountMarksAsync(db, voteId);
            var stored = await db.Candidates.Where(c => c.VoteId == voteId).OrderBy(c => c.Position).ToListAsync(ct);
            var byCandidate = stored.ToDictionary(c => c.Id, c => marks.GetValueOrDefault(c.Id));
            var recounted = await Projects.ProjectService.BallotOfAsync(db, voteId) is { } projects
                ? Projects.ProjectBallot.CandidateOutcomes(stored, projects.Outcomes(stored, byCandidate, cast, vote.Present, vote.All))
                : Elections.Decide(byCandidate, vote.Seats, cast, vote.ElectionRule!.Value);
            return new Recount(vote.Id, null, null, false, false, vote.BallotsCast, cast,
                stored.Select(c => new CandidateRecount(c.Id, c.Name, c.Marks, marks.GetValueOrDefault(c.Id), c.Outcome, recounted[c.Id])).ToList());
        }
        var c = await CountAsync(db, voteId);
        var counted = new Tally(c.Yes, c.No, c.Abstain, vote.Present, vote.All);
        return new Recount(vote.Id, vote.Result, counted, vote.Adopted ?? false, vote.Rule!.Value.Adopted(counted), 0, 0, []);
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
        // A delegate's vote is read once, in the writer, which also finds who is voting.
        await writer.EnqueueAsync(actor, actor.StreetId ?? throw await NotADelegateAsync(actor, voteId, ct), async change =>
        {
            var db = change.Db;
            var vote = InStreetOf(actor, await db.Votes.FindAsync(voteId));
            if (vote.IsElection)
            {
                throw new ValidationFailedException([new FieldError("Candidates", DomainText.Get("Validation.ElectionNeedsCandidates"))]);
            }
            vote.RequireOpenForBallots();
            var delegateId = await VoterOfAsync(db, actor, vote);
            await TakeRightToVoteAsync(change, vote, delegateId, VoteChannel.Phone);
            await AddBallotAsync(db, vote, Ballot.Cast(vote, delegateId, choice));
            return true;
        }, ct);
    }

    /// <summary>Casts the acting delegate's election ballot: up to as many distinct candidates as there are seats (none is a blank ballot).</summary>
    public async Task CastMarksAsync(Actor actor, int voteId, IReadOnlyCollection<int> candidateIds, CancellationToken ct = default)
    {
        // A delegate's vote is read once, in the writer, which also finds who is voting.
        await writer.EnqueueAsync(actor, actor.StreetId ?? throw await NotADelegateAsync(actor, voteId, ct), async change =>
        {
            var db = change.Db;
            var vote = InStreetOf(actor, await db.Votes.FindAsync(voteId));
            if (!vote.IsElection)
            {
                throw new ValidationFailedException([new FieldError("Choice", DomainText.Get("Validation.QuestionNeedsChoice"))]);
            }
            vote.RequireOpenForBallots();
            var known = await db.Candidates.Where(c => c.VoteId == voteId).Select(c => c.Id).ToListAsync();
            new Validator()
                .Check(candidateIds.Distinct().Count() == candidateIds.Count, "Candidates", "Validation.MarkedTwice")
                .Check(candidateIds.All(known.Contains), "Candidates", "Validation.UnknownCandidate")
                .Check(candidateIds.Count <= vote.Seats, "Candidates", "Validation.TooManyMarks", vote.Seats)
                .ThrowIfInvalid();
            var delegateId = await VoterOfAsync(db, actor, vote);
            await TakeRightToVoteAsync(change, vote, delegateId, VoteChannel.Phone);
            await AddBallotAsync(db, vote, Ballot.Mark(vote, delegateId, candidateIds));
            return true;
        }, ct);
    }

    /// <summary>Prepares an election in a session, with its candidates.</summary>
    public async Task<int> PrepareElectionAsync(Actor actor, int sessionId, ElectionInput input, CancellationToken ct = default)
    {
        var streetId = await RunnerOfSessionAsync(actor, sessionId, ct);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var session = Access.InStreet(await change.Db.Sessions.FindAsync([sessionId], ct), streetId, s => s.StreetId);
        session.RequireAgendaEditable();
        return await AddElectionAsync(change, session, input, null, ct);
    }

    /// <summary>A new election among the candidates tied at the last seat, for the seats still open.</summary>
    public async Task<int> StartRunoffAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var vote = Access.InStreet(await db.Votes.FindAsync([voteId], ct), streetId, v => v.StreetId);
        var candidates = await db.Candidates.Where(c => c.VoteId == voteId).OrderBy(c => c.Position).ToListAsync(ct);
        var tied = candidates.Where(c => c.Outcome == CandidateOutcome.Tied).ToList();
        if (!vote.IsElection || !vote.IsClosed || tied.Count == 0)
        {
            throw DomainException.Because("Vote.NoTie", vote.Question);
        }
        if (await db.Votes.AnyAsync(v => v.RunoffOfId == voteId, ct))
        {
            throw DomainException.Because("Vote.RunoffExists", vote.Question);
        }
        var session = await db.Sessions.SingleAsync(s => s.Id == vote.SessionId, ct);
        // Tied livelihood projects are re-ranked: each delegate marks up to all but one of them.
        var projects = tied.All(c => c.ProjectId is not null);
        var seats = projects ? Math.Max(1, tied.Count - 1) : vote.Seats - candidates.Count(c => c.Outcome == CandidateOutcome.Elected);
        var title = DomainText.Get("Vote.RunoffTitle", vote.Question);
        var input = new ElectionInput(title.Length > Vote.QuestionMaxLength ? title[..Vote.QuestionMaxLength] : title, seats, vote.ElectionRule!.Value, vote.Secret,
            tied.Select(c => new CandidateInput(c.Name, c.DelegateId)).ToList());
        return await AddElectionAsync(change, session, input, voteId, ct, projects ? tied.Select(c => c.ProjectId).ToList() : null);
    }

    /// <summary>Whether the acting delegate may vote in this vote, and whether they have.</summary>
    public async Task<MyBallot> MyBallotAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = await VisibleAsync(db, actor, voteId, ct);
        var me = actor.DelegateId ?? -1;
        var row = await db.Voters.AsNoTracking().SingleOrDefaultAsync(v => v.VoteId == vote.Id && v.DelegateId == me, ct);
        if (row is null && await SessionService.MemberIdAsync(db, actor, await db.Sessions.Where(s => s.Id == vote.SessionId).Select(s => s.TermId).SingleAsync(ct), ct) is { } member)
        {
            row = await db.Voters.AsNoTracking().SingleOrDefaultAsync(v => v.VoteId == vote.Id && v.DelegateId == member, ct);
        }
        return new MyBallot(vote.Id, row is not null, row?.HasVoted ?? false) { Channel = row?.Channel };
    }

    // ---- reading

    /// <summary>
    /// The named list (记名名单) of a named vote: every eligible delegate with how they voted and, where it was given
    /// by name, their choice; a choice recorded by the convener or a ticked hand is flagged by its channel. Paper and
    /// a show of hands counted by number have no choice by name. The convener reads it any time, the street once closed;
    /// a secret vote has none.
    /// </summary>
    public async Task<IReadOnlyList<NamedListRow>> NamedListAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = await VisibleAsync(db, actor, voteId, ct);
        if (vote.Secret)
        {
            throw DomainException.Because("Vote.NoNamedList", vote.Question);
        }
        if (!vote.IsClosed && !Access.CanManageStreet(actor))
        {
            throw DomainException.Because("Vote.NamedListAfterClose", vote.Question);
        }
        return await NamedRowsAsync(db, voteId, ct);
    }

    /// <summary>
    /// The results of a session's closed votes and elections, in the order they were prepared, for its record: each
    /// vote's counts and, for a named vote only, its named list. A secret vote gives counts alone. Conveners of the
    /// session's street only; another street's session is not found.
    /// </summary>
    public async Task<IReadOnlyList<SessionVoteRecord>> SessionResultsAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        var streetId = await RunnerOfSessionAsync(actor, sessionId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Access.InStreet(await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct), streetId, s => s.StreetId);
        var votes = await db.Votes.AsNoTracking().Where(v => v.SessionId == sessionId && v.StreetId == streetId
            && (v.State == VoteState.Closed || v.State == VoteState.Published)).OrderBy(v => v.Id).ToListAsync(ct);
        var views = await ViewsAsync(db, votes, ct);
        var records = new List<SessionVoteRecord>();
        foreach (var (vote, view) in votes.Zip(views))
        {
            records.Add(new SessionVoteRecord(view, vote.Present, vote.Secret ? null : await NamedRowsAsync(db, vote.Id, ct)));
        }
        return records;
    }

    private static async Task<IReadOnlyList<NamedListRow>> NamedRowsAsync(CongressDbContext db, int voteId, CancellationToken ct)
    {
        var rows = await (from v in db.Voters
                          join d in db.Delegates on v.DelegateId equals d.Id
                          where v.VoteId == voteId
                          orderby d.Name
                          select new
                          {
                              d.Id,
                              d.Name,
                              Community = db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).FirstOrDefault(),
                              v.HasVoted,
                              v.Channel,
                          }).ToListAsync(ct);
        var ballots = await db.Ballots.Where(b => b.VoteId == voteId && b.DelegateId != null)
            .Select(b => new { b.DelegateId, b.Choice, b.Marks }).ToListAsync(ct);
        var names = await db.Candidates.Where(c => c.VoteId == voteId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return rows.Select(r =>
        {
            var ballot = ballots.FirstOrDefault(b => b.DelegateId == r.Id);
            var marks = ballot?.Marks is null ? null : string.Join(DomainText.Get("List.Separator"), Ballot.MarkedIn(ballot.Marks).Select(id => names.GetValueOrDefault(id, "?")));
            return new NamedListRow(r.Id, r.Name, r.Community, r.HasVoted ? r.Channel ?? VoteChannel.Phone : null, ballot?.Choice, marks);
        }).ToList();
    }

    /// <summary>The ballot paper to print for a vote or an election; conveners of the vote's street only.</summary>
    public async Task<BallotPaper> BallotPaperAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = Access.InStreet(await db.Votes.AsNoTracking().SingleOrDefaultAsync(v => v.Id == voteId, ct), streetId, v => v.StreetId);
        var session = await db.Sessions.Where(s => s.Id == vote.SessionId).Select(s => new { s.Title, s.ScheduledUtc }).SingleAsync(ct);
        var street = await db.Streets.Where(s => s.Id == streetId).Select(s => s.Name).SingleAsync(ct);
        var candidates = await db.Candidates.Where(c => c.VoteId == voteId).OrderBy(c => c.Position).Select(c => c.Name).ToListAsync(ct);
        return new BallotPaper(street, session.Title, session.ScheduledUtc, vote.Id, vote.Question, vote.Kind, vote.Secret, vote.Rule, vote.ElectionRule, vote.Seats, candidates);
    }

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
        // Who may vote and who has, by channel, in one query: a delegate who has not voted has no channel yet.
        var byChannel = await db.Voters.Where(v => ids.Contains(v.VoteId)).GroupBy(v => new { v.VoteId, v.Channel })
            .Select(g => new { g.Key.VoteId, g.Key.Channel, Eligible = g.Count(), Count = g.Count(v => v.HasVoted) }).ToListAsync(ct);
        var voters = byChannel.GroupBy(x => x.VoteId).ToDictionary(g => g.Key, g => new { Eligible = g.Sum(x => x.Eligible), Voted = g.Sum(x => x.Count) });
        // Entered counts and tellers exist only for votes that use paper or a counted show of hands: a burst of phone
        // ballots reads neither.
        var counted = votes.Where(v => v.Paper || v.HandsCounted > 0).Select(v => v.Id).ToList();
        var entries = counted.Count == 0 ? [] : await db.CountEntries.AsNoTracking().Where(c => counted.Contains(c.VoteId)).OrderBy(c => c.Id).ToListAsync(ct);
        var paper = votes.Where(v => v.Paper).Select(v => v.Id).ToList();
        var tellers = paper.Count == 0 ? [] : await (from t in db.Tellers
                                                     join d in db.Delegates on t.DelegateId equals d.Id
                                                     where paper.Contains(t.VoteId)
                                                     orderby d.Name
                                                     select new { t.VoteId, d.Id, d.Name }).ToListAsync(ct);
        var enteredBy = entries.Select(e => e.EnteredByUserId).Distinct().ToList();
        var entrants = enteredBy.Count == 0 ? []
            : await db.Users.Where(u => enteredBy.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var namedOpen = votes.Where(v => v.IsRunning && !v.Secret).Select(v => v.Id).ToList();
        var running = namedOpen.Count == 0
            ? []
            : await db.Ballots.Where(b => namedOpen.Contains(b.VoteId)).GroupBy(b => new { b.VoteId, b.Choice })
                .Select(g => new { g.Key.VoteId, g.Key.Choice, Count = g.Count() }).ToListAsync(ct);
        var electionIds = votes.Where(v => v.IsElection).Select(v => v.Id).ToList();
        var candidates = electionIds.Count == 0 ? [] : await db.Candidates.AsNoTracking().Where(c => electionIds.Contains(c.VoteId)).OrderBy(c => c.Position).ToListAsync(ct);
        var namedOpenElections = votes.Where(v => v.IsElection && v.IsRunning && !v.Secret).Select(v => v.Id).ToList();
        var runningMarks = namedOpenElections.Count == 0 ? [] : (await db.Ballots.Where(b => namedOpenElections.Contains(b.VoteId)).Select(b => b.Marks).ToListAsync(ct))
            .SelectMany(Ballot.MarkedIn).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        return votes.Select(v =>
        {
            var counts = voters.GetValueOrDefault(v.Id);
            int? yes = null, no = null, abstain = null;
            if (v.IsClosed)
            {
                (yes, no, abstain) = (v.Yes, v.No, v.Abstain);
            }
            else if (v.IsRunning && !v.Secret)
            {
                var hands = entries.Where(e => e.VoteId == v.Id && e.Channel == VoteChannel.Hands).ToList();
                int Of(VoteChoice c) => running.Where(r => r.VoteId == v.Id && r.Choice == c).Sum(r => r.Count);
                (yes, no, abstain) = (Of(VoteChoice.Yes) + hands.Sum(h => h.Yes), Of(VoteChoice.No) + hands.Sum(h => h.No), Of(VoteChoice.Abstain) + hands.Sum(h => h.Abstain));
            }
            int Voters(VoteChannel c) => byChannel.Where(x => x.VoteId == v.Id && (x.Channel ?? VoteChannel.Phone) == c).Sum(x => x.Count);
            var own = entries.Where(e => e.VoteId == v.Id).ToList();
            var channels = new ChannelTotals(Voters(VoteChannel.Phone), Voters(VoteChannel.Recorded),
                Voters(VoteChannel.Hands) + own.Where(e => e.Channel == VoteChannel.Hands).Sum(e => e.Cast), Voters(VoteChannel.Paper));
            // A secret vote shows choices per channel only when paper is its one channel: beside phones, a paper
            // count's choices would be those of a known few.
            var paperChoicesShown = !v.Secret || channels.Total == channels.Paper;
            var eligible = v.State == VoteState.Prepared ? 0 : counts?.Eligible ?? 0;
            var handsCounted = own.Where(e => e.Channel == VoteChannel.Hands).Sum(e => e.Cast);
            var standing = candidates.Where(c => c.VoteId == v.Id).Select(c => new CandidateView(c.Id, c.Name, c.DelegateId,
                v.IsClosed ? c.Marks : v.IsRunning && !v.Secret ? runningMarks.GetValueOrDefault(c.Id) : null,
                v.IsClosed ? c.Outcome : null)
            { WriteIn = c.WriteIn }).ToList();
            return new VoteView(v.Id, v.SessionId, v.MotionId, v.AgendaItemId, v.Question, v.Secret, v.Rule, v.State,
                eligible, (counts?.Voted ?? 0) + handsCounted, v.All, yes, no, abstain, v.IsClosed ? v.Adopted : null, v.OpenedUtc, v.ClosedUtc)
            {
                Kind = v.Kind,
                Seats = v.Seats,
                ElectionRule = v.ElectionRule,
                BallotsCast = v.IsClosed ? v.BallotsCast : counts?.Voted ?? 0,
                Candidates = standing,
                RunoffOfId = v.RunoffOfId,
                Channels = channels,
                PaperIssued = channels.Paper,
                Tellers = tellers.Where(t => t.VoteId == v.Id).Select(t => new TellerView(t.Id, t.Name)).ToList(),
                Counts = own.Select(e => new CountEntryView(e.Channel, entrants.GetValueOrDefault(e.EnteredByUserId) ?? "", e.TellerId, e.Returned, e.Invalid,
                    paperChoicesShown ? e.Yes : null, paperChoicesShown ? e.No : null, paperChoicesShown ? e.Abstain : null,
                    paperChoicesShown ? CountEntry.MarksOf(e.Marks) : null, paperChoicesShown ? CountEntry.WriteInsOf(e.WriteIns) : null, e.EnteredUtc)).ToList(),
            };
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
            if (await db.Votes.AnyAsync(v => v.MotionId == motionId && v.State != VoteState.Prepared && v.State != VoteState.Voided, ct))
            {
                throw DomainException.Because("Vote.MotionHasVote", motion.Title);
            }
            var question = string.IsNullOrWhiteSpace(input.Question) ? motion.Title : input.Question;
            return Vote.Prepare(session.StreetId, session.Id, motionId, motion.AgendaItemId, question, input.Secret, input.Rule, Now);
        }
        return Vote.Prepare(session.StreetId, session.Id, null, session.CurrentItemId, input.Question ?? "", input.Secret, input.Rule, Now);
    }

    private async Task OpenInAsync(Change change, Session session, Vote vote, CancellationToken ct)
    {
        var db = change.Db;
        if (!session.IsLive)
        {
            throw DomainException.Because("Vote.SessionNotLive", vote.Question, session.Title);
        }
        if (await db.Votes.AnyAsync(v => v.SessionId == session.Id && (v.State == VoteState.Open || v.State == VoteState.Counting) && v.Id != vote.Id, ct))
        {
            throw DomainException.Because("Vote.AnotherOpen", vote.Question);
        }
        var quorum = await SessionService.QuorumAsync(db, session, ct);
        var present = await db.Attendances
            .Where(a => a.SessionId == session.Id && a.Status == AttendanceStatus.Present && db.Delegates.Any(d => d.Id == a.DelegateId && d.RetiredUtc == null))
            .Select(a => a.DelegateId).OrderBy(id => id).ToListAsync(ct);
        vote.Open(present.Count, quorum.All, quorum.Reached, quorum.Required, Now);
        if (vote.MotionId is not null && vote.AgendaItemId is { } itemId)
        {
            await sessions.MakeCurrentAsync(db, session, itemId, ct);
        }
        // Every eligible voter at once, in delegate order: the rows say nothing about who votes when.
        db.Voters.AddRange(present.Select(id => Voter.Eligible(vote.Id, id)));
        sessions.Log(db, session, "Log.VoteOpened", vote.Question, SystemText.Label(vote.Secret ? "Vote.SecretLabel" : "Vote.NamedLabel"),
            SystemText.Label(vote.IsElection ? "ElectionRule." + vote.ElectionRule!.Value : "Majority." + vote.Rule!.Value), vote.Present, quorum.All);
        change.Audit("Vote.Opened", Subject(vote), DomainText.Get("Audit.VoteOpened", Describe(vote), vote.Present, vote.All));
        if (vote.MotionId is { } motionId)
        {
            change.Announce(new MotionChanged(session.StreetId, motionId));
        }
    }

    private async Task<int> AddElectionAsync(Change change, Session session, ElectionInput input, int? runoffOf, CancellationToken ct, IReadOnlyList<int?>? projectIds = null)
    {
        var db = change.Db;
        var vote = Vote.PrepareElection(session.StreetId, session.Id, session.CurrentItemId, input, runoffOf, Now);
        var delegateIds = input.Candidates.Where(c => c.DelegateId is not null).Select(c => c.DelegateId!.Value).ToList();
        if (await db.Delegates.CountAsync(d => delegateIds.Contains(d.Id) && d.TermId == session.TermId, ct) != delegateIds.Distinct().Count())
        {
            throw new ValidationFailedException([new FieldError(nameof(ElectionInput.Candidates), DomainText.Get("Validation.UnknownCandidate"))]);
        }
        db.Votes.Add(vote);
        await change.SaveAsync(ct);
        db.Candidates.AddRange(input.Candidates.Select((c, i) => projectIds?[i] is { } project
            ? Candidate.ForProject(vote.Id, i + 1, c.Name, project)
            : Candidate.Of(vote.Id, i + 1, c.Name, c.DelegateId)));
        change.Audit("Election.Prepared", Subject(vote), Describe(vote));
        await change.CommitAsync(ct);
        return vote.Id;
    }

    private async Task CloseElectionAsync(Change change, Vote vote)
    {
        var db = change.Db;
        if ((await EnteredCountsAsync(db, vote.Id)).FirstOrDefault(e => e.Channel == VoteChannel.Paper) is { WriteIns: not null } paper)
        {
            // Names written in on paper (另选他人) stand as candidates from now on, with the marks the tellers counted.
            var next = await db.Candidates.Where(c => c.VoteId == vote.Id).MaxAsync(c => c.Position);
            db.Candidates.AddRange(CountEntry.WriteInsOf(paper.WriteIns).Keys.Select(name => Candidate.WrittenIn(vote.Id, ++next, name)));
            await change.SaveAsync();
        }
        var (cast, marks) = await CountMarksAsync(db, vote.Id);
        var candidates = await db.Candidates.Where(c => c.VoteId == vote.Id).OrderBy(c => c.Position).ToListAsync();
        // A livelihood projects ballot decides by its round's rule and budget, and settles the projects.
        var projects = await Projects.ProjectService.BallotOfAsync(db, vote.Id);
        vote.CloseElection(cast, candidates, marks, Now, projects?.Decide(candidates, cast, vote.Present, vote.All));
        if (projects is not null)
        {
            await change.SaveAsync();
            await Projects.ProjectService.AdoptAsync(db, () => change.SaveAsync(), vote, projects, change.Actor?.DisplayName ?? change.Actor?.UserName ?? "", DateOnly.FromDateTime(SessionTime.Local(Now)), Now);
        }
        var summary = string.Join(DomainText.Get("List.Separator"), candidates.Select(c => $"{c.Name} {c.Marks}"));
        db.MinutesEntries.Add(MinutesEntry.Log(vote.SessionId, Now, "Log.ElectionClosed", vote.Question, cast, vote.Present,
            SystemText.List(candidates.Select(c => $"{c.Name} {c.Marks}")), ListOrDash(candidates.Where(c => c.Outcome == CandidateOutcome.Elected)),
            ListOrDash(candidates.Where(c => c.Outcome == CandidateOutcome.Tied))));
        var channels = await LogChannelsAsync(db, vote);
        change.Audit("Election.Closed", Subject(vote), DomainText.Get("Audit.ElectionCounts", vote.Question, cast, vote.Present, vote.All, summary)
            + DomainText.Get("Audit.Channels", channels.Phone, channels.Recorded, channels.Hands, channels.Paper));
    }

    /// <summary>
    /// An election's ballots and each candidate's marks, over the stored ballots and the tellers' paper count; names
    /// written in count for the write-in candidates made at close.
    /// </summary>
    private static async Task<(int Cast, Dictionary<int, int> Marks)> CountMarksAsync(CongressDbContext db, int voteId)
    {
        var ballots = await db.Ballots.Where(b => b.VoteId == voteId).Select(b => b.Marks).ToListAsync();
        var marks = ballots.SelectMany(Ballot.MarkedIn)
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var cast = ballots.Count;
        if ((await EnteredCountsAsync(db, voteId)).FirstOrDefault(e => e.Channel == VoteChannel.Paper) is { } paper)
        {
            cast += paper.Valid;
            foreach (var (id, n) in CountEntry.MarksOf(paper.Marks))
            {
                marks[id] = marks.GetValueOrDefault(id) + n;
            }
            var writtenIn = await db.Candidates.Where(c => c.VoteId == voteId && c.WriteIn).ToDictionaryAsync(c => c.Name, c => c.Id, StringComparer.Ordinal);
            foreach (var (name, n) in CountEntry.WriteInsOf(paper.WriteIns))
            {
                if (writtenIn.TryGetValue(name, out var id))
                {
                    marks[id] = marks.GetValueOrDefault(id) + n;
                }
            }
        }
        return (cast, marks);
    }

    /// <summary>A named ballot is stored as cast; a secret one is sealed until its vote closes.</summary>
    private async Task AddBallotAsync(CongressDbContext db, Vote vote, Ballot ballot)
    {
        if (vote.Secret)
        {
            db.SealedBallots.Add(await secrecy.SealAsync(db, BallotBox.OfVote(vote.Id), ballot.SealedContent()));
        }
        else
        {
            db.Ballots.Add(ballot);
        }
    }

    /// <summary>
    /// Takes the delegate's one right to vote in <paramref name="vote"/> by <paramref name="channel"/>: refused when
    /// they were not present when it opened, when they already voted by any channel, or when a show of hands already
    /// counted every eligible voter.
    /// </summary>
    internal static async Task TakeRightToVoteAsync(Change change, Vote vote, int delegateId, VoteChannel channel)
    {
        var db = change.Db;
        var voteId = vote.Id;
        // Only a show of hands counted by number can fill the box before everyone has used their right.
        if (vote.HandsCounted > 0 && await RoomAsync(db, vote) <= 0
            && await db.Voters.AnyAsync(v => v.VoteId == voteId && v.DelegateId == delegateId && !v.HasVoted))
        {
            throw DomainException.Because("Vote.AllCounted", vote.Question);
        }
        var taken = await db.Voters.Where(v => v.VoteId == voteId && v.DelegateId == delegateId && !v.HasVoted)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.HasVoted, true).SetProperty(v => v.Channel, channel));
        if (taken == 1)
        {
            change.BallotChannels.Add(channel);
            return;
        }
        var row = await db.Voters.AsNoTracking().SingleOrDefaultAsync(v => v.VoteId == voteId && v.DelegateId == delegateId);
        if (row is null)
        {
            throw channel == VoteChannel.Phone ? ForbiddenException.Because("Vote.NotEligible")
                : DomainException.Because("Vote.DelegateNotEligible", await NameOfAsync(db, delegateId));
        }
        if (channel == VoteChannel.Phone)
        {
            throw DomainException.Because(row.Channel == VoteChannel.Paper ? "Vote.TookPaper" : row.Channel is VoteChannel.Recorded or VoteChannel.Hands ? "Vote.RecordedForYou" : "Vote.AlreadyVoted");
        }
        throw DomainException.Because("Vote.DelegateVoted", await NameOfAsync(db, delegateId), DomainText.Get("Channel." + (row.Channel ?? VoteChannel.Phone)));
    }

    /// <summary>The minutes say how a vote's ballots came in when any came otherwise than by phone.</summary>
    private static async Task<ChannelTotals> LogChannelsAsync(CongressDbContext db, Vote vote)
    {
        var channels = await ChannelsAsync(db, vote);
        if (channels.Total > channels.Phone)
        {
            db.MinutesEntries.Add(MinutesEntry.Log(vote.SessionId, vote.ClosedUtc!.Value, "Log.VoteChannels", vote.Question,
                channels.Phone, channels.Recorded, channels.Hands, channels.Paper));
        }
        return channels;
    }

    /// <summary>How many eligible voters are not yet counted by any channel (a show of hands counted by number takes its share).</summary>
    internal static async Task<int> RoomAsync(CongressDbContext db, Vote vote)
    {
        var voted = await db.Voters.CountAsync(v => v.VoteId == vote.Id && v.HasVoted);
        return vote.Present - voted - vote.HandsCounted;
    }

    internal static async Task<string> NameOfAsync(CongressDbContext db, int delegateId) =>
        await db.Delegates.Where(d => d.Id == delegateId).Select(d => d.Name).SingleOrDefaultAsync() ?? "?";

    /// <summary>Delegates counted by each channel; a show of hands counted by number adds its count.</summary>
    internal static async Task<ChannelTotals> ChannelsAsync(CongressDbContext db, Vote vote)
    {
        var by = await db.Voters.Where(v => v.VoteId == vote.Id && v.HasVoted).GroupBy(v => v.Channel).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var hands = vote.HandsCounted;
        int Of(VoteChannel c) => by.Where(x => (x.Key ?? VoteChannel.Phone) == c).Sum(x => x.Count);
        return new ChannelTotals(Of(VoteChannel.Phone), Of(VoteChannel.Recorded), Of(VoteChannel.Hands) + hands, Of(VoteChannel.Paper));
    }

    /// <summary>The choices of every channel: stored ballots, the show-of-hands count, and the tellers' agreed paper count.</summary>
    private static async Task<(int Yes, int No, int Abstain)> CountAsync(CongressDbContext db, int voteId)
    {
        var counts = await db.Ballots.Where(b => b.VoteId == voteId).GroupBy(b => b.Choice).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        int Of(VoteChoice c) => counts.Where(x => x.Key == c).Sum(x => x.Count);
        var entered = await EnteredCountsAsync(db, voteId);
        return (Of(VoteChoice.Yes) + entered.Sum(e => e.Yes), Of(VoteChoice.No) + entered.Sum(e => e.No), Of(VoteChoice.Abstain) + entered.Sum(e => e.Abstain));
    }

    /// <summary>The counts a result reads: the show of hands, and one of the tellers' paper counts (they are equal once both are entered).</summary>
    private static async Task<List<CountEntry>> EnteredCountsAsync(CongressDbContext db, int voteId)
    {
        var entries = await db.CountEntries.AsNoTracking().Where(c => c.VoteId == voteId).OrderBy(c => c.Id).ToListAsync();
        return entries.Where(e => e.Channel == VoteChannel.Hands).Concat(entries.Where(e => e.Channel == VoteChannel.Paper).Take(1)).ToList();
    }

    /// <summary>The street of a convener acting on a vote; anyone else hears that another street's vote does not exist.</summary>
    /// <summary>
    /// The street of one who runs the vote's session — its convener, or for a council's meeting that community's staff;
    /// anyone else hears that another street's vote does not exist.
    /// </summary>
    private Task<int> ConvenerOfVoteAsync(Actor actor, int voteId, CancellationToken ct) => RunnerOfVoteAsync(dbFactory, actor, voteId, ct);

    internal static async Task<int> RunnerOfVoteAsync(IDbContextFactory<CongressDbContext> dbFactory, Actor actor, int voteId, CancellationToken ct)
    {
        if (Access.CanManageStreet(actor))
        {
            return actor.StreetId!.Value;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var of = await db.Votes.Where(v => v.Id == voteId).Select(v => new { v.StreetId, db.Sessions.Single(s => s.Id == v.SessionId).CommunityId }).SingleOrDefaultAsync(ct);
        return of is not null && Access.CanRun(actor, of.StreetId, of.CommunityId) ? of.StreetId : throw Access.Refusal(actor, of?.StreetId);
    }

    private async Task<Exception> NotADelegateAsync(Actor actor, int voteId, CancellationToken ct) =>
        Access.Refusal(actor, await StreetOfAsync(db => db.Votes.Where(v => v.Id == voteId).Select(v => (int?)v.StreetId), ct), "Vote.NotADelegate");

    /// <summary>The street of one who runs the session (see <see cref="ConvenerOfVoteAsync"/>).</summary>
    private async Task<int> RunnerOfSessionAsync(Actor actor, int sessionId, CancellationToken ct)
    {
        if (Access.CanManageStreet(actor))
        {
            return actor.StreetId!.Value;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var of = await db.Sessions.Where(s => s.Id == sessionId).Select(s => new { s.StreetId, s.CommunityId }).SingleOrDefaultAsync(ct);
        return of is not null && Access.CanRun(actor, of.StreetId, of.CommunityId) ? of.StreetId : throw Access.Refusal(actor, of?.StreetId);
    }

    /// <summary>
    /// The acting user's place among the vote's voters: their delegate for a congress vote, or their membership of the
    /// council whose meeting puts it. Refused for anyone who is neither.
    /// </summary>
    private static async Task<int> VoterOfAsync(CongressDbContext db, Actor actor, Vote vote)
    {
        if (actor.DelegateId is { } id && await db.Voters.AnyAsync(v => v.VoteId == vote.Id && v.DelegateId == id))
        {
            return id;
        }
        var termId = await db.Sessions.Where(s => s.Id == vote.SessionId).Select(s => s.TermId).SingleAsync();
        return await SessionService.MemberIdAsync(db, actor, termId, CancellationToken.None)
            ?? throw (actor.DelegateId is null ? ForbiddenException.Because("Vote.NotADelegate") : ForbiddenException.Because("Vote.NotEligible"));
    }

    private async Task<int?> StreetOfAsync(Func<CongressDbContext, IQueryable<int?>> query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await query(db).SingleOrDefaultAsync(ct);
    }

    /// <summary>Another street's vote is reported as missing, never as forbidden.</summary>
    private static Vote InStreetOf(Actor actor, Vote? vote) =>
        vote is not null && actor.BelongsTo(vote.StreetId) ? vote : throw new NotFoundException();

    private static async Task<Vote> VisibleAsync(CongressDbContext db, Actor actor, int voteId, CancellationToken ct)
    {
        var vote = await db.Votes.AsNoTracking().SingleOrDefaultAsync(v => v.Id == voteId, ct);
        return vote is not null && actor.BelongsTo(vote.StreetId) ? vote : throw new NotFoundException();
    }

    internal static string Subject(Vote v) => $"Vote {v.Id}";

    private static string Describe(Vote v) =>
        $"{v.Question} · {(v.Secret ? "secret" : "named")} · {(v.IsElection ? $"{v.ElectionRule!.Value.ApiName()} · {v.Seats} seats" : v.Rule!.Value.ApiName())}";

    private static object ListOrDash(IEnumerable<Candidate> candidates) =>
        candidates.Any() ? SystemText.List(candidates.Select(c => c.Name)) : "—";

    public static string RuleLabel(Vote v) => v.IsElection ? v.ElectionRule!.Value.Label() : v.Rule!.Value.Label();
}
