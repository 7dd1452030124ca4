using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Voting;

/// <summary>
/// The channels beside the phone (CONTRACTS.md, "Votes and channels"): a choice recorded by the convener at a
/// delegate's request, a show of hands entered as counts or ticks, and paper ballots issued by the convener and
/// counted by two tellers. Every write goes through the <see cref="BallotWriter"/>, in one order with phone ballots
/// and closes, so that each eligible delegate counts once whatever the channel.
/// </summary>
public sealed class CountingService(
    IDbContextFactory<CongressDbContext> dbFactory,
    TimeProvider time,
    Changes changes,
    BallotWriter writer,
    VotingService voting,
    ILogger<CountingService> log)
{
    public const int MinTellers = 2;
    public const int MaxTellers = 5;

    /// <summary>A secret vote takes paper beside phones only from this many paper voters on: fewer would reveal their choices.</summary>
    public const int MinSecretPaperVoters = 5;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- tellers and paper

    /// <summary>Names the delegates who count the vote's paper ballots; before counting starts.</summary>
    public async Task SetTellersAsync(Actor actor, int voteId, IReadOnlyCollection<int> delegateIds, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Session.Conflict";
        var db = change.Db;
        var vote = Access.InStreet(await db.Votes.FindAsync([voteId], ct), streetId, v => v.StreetId);
        if (vote.State is not (VoteState.Prepared or VoteState.Open))
        {
            throw DomainException.Because("Count.TellersFixed", vote.Question);
        }
        var ids = delegateIds.Distinct().ToList();
        new Validator()
            .Check(ids.Count is >= MinTellers and <= MaxTellers, "Tellers", "Count.TellersNumber", MinTellers, MaxTellers)
            .ThrowIfInvalid();
        var termId = await db.Sessions.Where(s => s.Id == vote.SessionId).Select(s => s.TermId).SingleAsync(ct);
        if (await db.Delegates.CountAsync(d => ids.Contains(d.Id) && d.TermId == termId && d.RetiredUtc == null, ct) != ids.Count)
        {
            throw new ValidationFailedException([new FieldError("Tellers", DomainText.Get("Count.TellerNotDelegate"))]);
        }
        vote.UseTellers();
        db.Tellers.RemoveRange(await db.Tellers.Where(t => t.VoteId == voteId).ToListAsync(ct));
        db.Tellers.AddRange(ids.Select(id => Teller.Of(voteId, id)));
        var names = await db.Delegates.Where(d => ids.Contains(d.Id)).OrderBy(d => d.Name).Select(d => d.Name).ToListAsync(ct);
        change.Audit("Vote.TellersNamed", VotingService.Subject(vote), $"{vote.Question} · {string.Join(DomainText.Get("List.Separator"), names)}");
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// Marks delegates as having taken a paper ballot (发出): each counts as having voted and can no longer vote by
    /// phone. Refused for a delegate who voted already, or before tellers are named. Returns how many were issued.
    /// </summary>
    public async Task<int> IssuePaperAsync(Actor actor, int voteId, IReadOnlyCollection<int> delegateIds, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        return await writer.EnqueueAsync(actor, streetId, async change =>
        {
            var db = change.Db;
            var vote = Access.InStreet(await db.Votes.FindAsync(voteId), streetId, v => v.StreetId);
            RequireOpen(vote);
            if (await db.Tellers.CountAsync(t => t.VoteId == voteId) < MinTellers)
            {
                throw DomainException.Because("Count.NoTellers", vote.Question, MinTellers);
            }
            var ids = delegateIds.Distinct().ToList();
            if (ids.Count == 0)
            {
                throw new ValidationFailedException([new FieldError("Delegates", DomainText.Get("Count.NobodyChosen"))]);
            }
            // Every delegate is checked before any is marked: a refusal leaves the whole batch unissued.
            var rows = await db.Voters.AsNoTracking().Where(v => v.VoteId == voteId && ids.Contains(v.DelegateId)).ToListAsync();
            foreach (var id in ids)
            {
                var row = rows.SingleOrDefault(r => r.DelegateId == id);
                if (row is null)
                {
                    throw DomainException.Because("Vote.DelegateNotEligible", await VotingService.NameOfAsync(db, id));
                }
                if (row.HasVoted)
                {
                    throw DomainException.Because("Vote.DelegateVoted", await VotingService.NameOfAsync(db, id), DomainText.Get("Channel." + (row.Channel ?? VoteChannel.Phone)));
                }
            }
            if (await VotingService.RoomAsync(db, vote) < ids.Count)
            {
                throw DomainException.Because("Vote.AllCounted", vote.Question);
            }
            foreach (var id in ids)
            {
                await VotingService.TakeRightToVoteAsync(change, vote, id, VoteChannel.Paper);
            }
            change.Audit("Vote.PaperIssued", VotingService.Subject(vote), DomainText.Get("Audit.PaperIssued", vote.Question, ids.Count));
            change.Announce(new VoteChanged(vote.StreetId, vote.SessionId, vote.Id, false));
            return ids.Count;
        }, ct);
    }

    /// <summary>Issues paper to every eligible delegate who has not voted yet (a whole election on paper).</summary>
    public async Task<int> IssuePaperToRestAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        await ConvenerOfVoteAsync(actor, voteId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rest = await db.Voters.Where(v => v.VoteId == voteId && !v.HasVoted).Select(v => v.DelegateId).ToListAsync(ct);
        return await IssuePaperAsync(actor, voteId, rest, ct);
    }

    /// <summary>Takes an unused paper ballot back before counting: the delegate may vote by another channel again.</summary>
    public async Task TakeBackPaperAsync(Actor actor, int voteId, int delegateId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await writer.EnqueueAsync(actor, streetId, async change =>
        {
            var db = change.Db;
            var vote = Access.InStreet(await db.Votes.FindAsync(voteId), streetId, v => v.StreetId);
            RequireOpen(vote);
            var taken = await db.Voters.Where(v => v.VoteId == voteId && v.DelegateId == delegateId && v.Channel == VoteChannel.Paper)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.HasVoted, false).SetProperty(v => v.Channel, (VoteChannel?)null));
            if (taken == 0)
            {
                throw DomainException.Because("Count.NoPaperToTakeBack", await VotingService.NameOfAsync(db, delegateId));
            }
            change.Audit("Vote.PaperTakenBack", VotingService.Subject(vote), await VotingService.NameOfAsync(db, delegateId));
            change.Announce(new VoteChanged(vote.StreetId, vote.SessionId, vote.Id, false));
            return true;
        }, ct);
    }

    /// <summary>
    /// Voting stops and the tellers count the paper ballots (Open → Counting). A secret vote beside phones needs at
    /// least <see cref="MinSecretPaperVoters"/> paper voters.
    /// </summary>
    public async Task StartCountingAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await writer.EnqueueAsync(actor, streetId, async change =>
        {
            var db = change.Db;
            var vote = Access.InStreet(await db.Votes.FindAsync(voteId), streetId, v => v.StreetId);
            if (vote.State == VoteState.Counting)
            {
                return true;
            }
            RequireOpen(vote);
            var channels = await VotingService.ChannelsAsync(db, vote);
            if (channels.Paper == 0)
            {
                throw DomainException.Because("Count.NoPaperIssued", vote.Question);
            }
            if (vote.Secret && channels.Paper < MinSecretPaperVoters && channels.Total > channels.Paper)
            {
                throw DomainException.Because("Count.TooFewSecretPaper", vote.Question, channels.Paper, MinSecretPaperVoters);
            }
            vote.StartCounting();
            var tellers = await db.Tellers.Where(t => t.VoteId == voteId).Join(db.Delegates, t => t.DelegateId, d => d.Id, (t, d) => d.Name).OrderBy(n => n).ToListAsync();
            db.MinutesEntries.Add(MinutesEntry.Log(vote.SessionId, Now, "Log.CountingStarted", vote.Question, channels.Paper, SystemText.List(tellers)));
            change.Audit("Vote.CountingStarted", VotingService.Subject(vote), DomainText.Get("Audit.Channels", channels.Phone, channels.Recorded, channels.Hands, channels.Paper));
            return true;
        }, ct);
    }

    /// <summary>
    /// A teller enters their count of the paper ballots. The first count waits for the second; the second must agree
    /// with it in every figure, or it is refused and nothing is stored. When they agree the vote closes with it, unless
    /// more ballots came back than were issued: then the vote is void and a new vote is needed.
    /// </summary>
    public async Task<CountOutcome> EnterPaperCountAsync(Actor actor, int voteId, PaperCount count, CancellationToken ct = default)
    {
        var tellerId = actor.DelegateId ?? throw Access.Refusal(actor, await StreetOfVoteAsync(voteId, ct), "Count.NotTeller");
        var outcome = await writer.EnqueueAsync(actor, actor.StreetId ?? throw new ForbiddenException(), async change =>
        {
            var db = change.Db;
            var vote = await db.Votes.FindAsync(voteId);
            if (vote is null || !actor.BelongsTo(vote.StreetId))
            {
                throw new NotFoundException();
            }
            if (!await db.Tellers.AnyAsync(t => t.VoteId == voteId && t.DelegateId == tellerId))
            {
                throw ForbiddenException.Because("Count.NotTeller");
            }
            if (vote.State != VoteState.Counting)
            {
                throw DomainException.Because(vote.IsOpen ? "Count.StillOpen" : "Count.NotCounting", vote.Question);
            }
            var candidates = await db.Candidates.Where(c => c.VoteId == voteId).Select(c => new { c.Id, c.Name }).ToListAsync();
            count.Validate(vote, candidates.Select(c => (c.Id, c.Name)).ToList());
            if (count.WriteIns.Count > 0 && await db.ProjectRounds.AnyAsync(r => r.VoteId == voteId))
            {
                // A projects ballot chooses among the published candidates only.
                throw new ValidationFailedException([new FieldError(nameof(count.WriteIns), DomainText.Get("Projects.NoWriteIns"))]);
            }
            var entries = await db.CountEntries.Where(e => e.VoteId == voteId && e.Channel == VoteChannel.Paper).ToListAsync();
            var mine = entries.SingleOrDefault(e => e.TellerId == tellerId);
            var other = entries.SingleOrDefault(e => e.TellerId != tellerId);
            if (other is null)
            {
                // The first count: entered again, it replaces itself.
                if (mine is not null)
                {
                    db.CountEntries.Remove(mine);
                    await change.SaveAsync();
                }
                db.CountEntries.Add(CountEntry.OfPaper(voteId, actor.UserId, tellerId, count, Now));
                change.Audit("Vote.PaperCounted", VotingService.Subject(vote), DomainText.Get("Audit.PaperCount", vote.Question, count.Returned, count.Invalid));
                return CountOutcome.WaitingForSecond;
            }
            var differs = count.DiffersFrom(other.ToCount(), candidates.ToDictionary(c => c.Id, c => c.Name));
            if (differs.Count > 0)
            {
                throw DomainException.Because("Count.Disagrees", await VotingService.NameOfAsync(db, other.TellerId!.Value), string.Join(DomainText.Get("List.Separator"), differs));
            }
            db.CountEntries.Add(CountEntry.OfPaper(voteId, actor.UserId, tellerId, count, Now));
            change.Audit("Vote.PaperCounted", VotingService.Subject(vote), DomainText.Get("Audit.PaperCount", vote.Question, count.Returned, count.Invalid));
            var issued = await db.Voters.CountAsync(v => v.VoteId == voteId && v.Channel == VoteChannel.Paper);
            if (count.Returned > issued)
            {
                await change.SaveAsync();
                vote.Void(Now);
                db.MinutesEntries.Add(MinutesEntry.Log(vote.SessionId, Now, "Log.VoteVoided", vote.Question, count.Returned, issued));
                change.Audit("Vote.Voided", VotingService.Subject(vote), DomainText.Get("Audit.Voided", vote.Question, count.Returned, issued));
                return CountOutcome.Voided;
            }
            await voting.CloseInAsync(change, vote);
            return CountOutcome.Closed;
        }, ct);
        if (outcome != CountOutcome.WaitingForSecond)
        {
            using var scope = log.BeginStreetScope(actor.StreetId!.Value);
            log.LogInformation("Vote {VoteId} counted by its tellers: {Outcome}", voteId, outcome);
        }
        return outcome;
    }

    /// <summary>
    /// The delegates of the vote's term for the convener's channel forms: whether each may vote in it (present when it
    /// opened), whether and by which channel they have voted, and whether they are a teller.
    /// </summary>
    public async Task<IReadOnlyList<VoterRow>> VotersAsync(Actor actor, int voteId, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vote = Access.InStreet(await db.Votes.AsNoTracking().SingleOrDefaultAsync(v => v.Id == voteId, ct), streetId, v => v.StreetId);
        var termId = await db.Sessions.Where(s => s.Id == vote.SessionId).Select(s => s.TermId).SingleAsync(ct);
        return await (from d in db.Delegates
                      where d.TermId == termId && d.RetiredUtc == null
                      let voter = db.Voters.FirstOrDefault(v => v.VoteId == voteId && v.DelegateId == d.Id)
                      orderby d.Name
                      select new VoterRow(d.Id, d.Name, db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).FirstOrDefault(),
                          voter != null, voter != null && voter.HasVoted, voter == null ? null : voter.Channel,
                          db.Tellers.Any(t => t.VoteId == voteId && t.DelegateId == d.Id))).ToListAsync(ct);
    }

    // ---- named votes: recorded choices and show of hands

    /// <summary>
    /// Records the choice of a delegate who has no phone, at their request (named votes): flagged in the named list
    /// and audited. Refused if the delegate already voted by any channel.
    /// </summary>
    public Task RecordAsync(Actor actor, int voteId, int delegateId, VoteChoice choice, CancellationToken ct = default) =>
        AddNamedBallotAsync(actor, voteId, delegateId, choice, VoteChannel.Recorded, "Vote.Recorded", ct);

    /// <summary>Ticks a delegate who raised a hand for a choice (show of hands by ticks, named votes); each delegate once.</summary>
    public Task TickHandAsync(Actor actor, int voteId, int delegateId, VoteChoice choice, CancellationToken ct = default) =>
        AddNamedBallotAsync(actor, voteId, delegateId, choice, VoteChannel.Hands, "Vote.HandTicked", ct);

    /// <summary>
    /// Enters the counts of a show of hands for each choice (named votes); entered again, they replace the earlier
    /// counts. Their sum with everyone already counted cannot exceed the eligible voters.
    /// </summary>
    public async Task EnterHandsAsync(Actor actor, int voteId, int yes, int no, int abstain, CancellationToken ct = default)
    {
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await writer.EnqueueAsync(actor, streetId, async change =>
        {
            var db = change.Db;
            var vote = Access.InStreet(await db.Votes.FindAsync(voteId), streetId, v => v.StreetId);
            RequireOpen(vote);
            vote.RequireNamed("Channel.Hands");
            RequireQuestion(vote);
            new Validator().Check(yes >= 0 && no >= 0 && abstain >= 0, "Yes", "Count.Negative").ThrowIfInvalid();
            var earlier = await db.CountEntries.SingleOrDefaultAsync(e => e.VoteId == voteId && e.Channel == VoteChannel.Hands);
            var room = await VotingService.RoomAsync(db, vote) + (earlier?.Cast ?? 0);
            if ((long)yes + no + abstain > room)
            {
                throw new ValidationFailedException([new FieldError("Yes", DomainText.Get("Count.HandsAboveEligible", (long)yes + no + abstain, room, vote.Present))]);
            }
            vote.CountHands(yes + no + abstain);
            if (earlier is null)
            {
                db.CountEntries.Add(CountEntry.OfHands(voteId, actor.UserId, yes, no, abstain, Now));
            }
            else
            {
                earlier.Replace(yes, no, abstain, actor.UserId, Now);
            }
            change.Audit("Vote.HandsCounted", VotingService.Subject(vote), DomainText.Get("Audit.HandsCount", vote.Question, yes, no, abstain));
            return true;
        }, ct);
    }

    // ---- helpers

    private async Task AddNamedBallotAsync(Actor actor, int voteId, int delegateId, VoteChoice choice, VoteChannel channel, string action, CancellationToken ct)
    {
        if (!Enum.IsDefined(choice))
        {
            throw new ValidationFailedException([new FieldError("Choice", DomainText.Get("Validation.UnknownChoice"))]);
        }
        var streetId = await ConvenerOfVoteAsync(actor, voteId, ct);
        await writer.EnqueueAsync(actor, streetId, async change =>
        {
            var db = change.Db;
            var vote = Access.InStreet(await db.Votes.FindAsync(voteId), streetId, v => v.StreetId);
            RequireOpen(vote);
            vote.RequireNamed("Channel." + channel);
            RequireQuestion(vote);
            await VotingService.TakeRightToVoteAsync(change, vote, delegateId, channel);
            db.Ballots.Add(Ballot.Cast(vote, delegateId, choice, channel));
            change.Audit(action, VotingService.Subject(vote), $"{vote.Question} · {await VotingService.NameOfAsync(db, delegateId)} · {choice.ToString().ToLowerInvariant()}");
            return true;
        }, ct);
    }

    private static void RequireOpen(Vote vote) => vote.RequireOpenForBallots();

    private static void RequireQuestion(Vote vote)
    {
        if (vote.IsElection)
        {
            throw DomainException.Because("Count.ElectionOnPaper", vote.Question);
        }
    }

    /// <summary>The street of one who runs the vote's session: its convener, or for a council's meeting that community's staff.</summary>
    private Task<int> ConvenerOfVoteAsync(Actor actor, int voteId, CancellationToken ct) => VotingService.RunnerOfVoteAsync(dbFactory, actor, voteId, ct);

    private async Task<int?> StreetOfVoteAsync(int voteId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Votes.Where(v => v.Id == voteId).Select(v => (int?)v.StreetId).SingleOrDefaultAsync(ct);
    }
}

/// <summary>A delegate as the convener's channel forms list them.</summary>
public sealed record VoterRow(int DelegateId, string Name, string? Community, bool Eligible, bool HasVoted, VoteChannel? Channel, bool Teller)
{
    public bool CanVote => Eligible && !HasVoted;
}

/// <summary>What a teller's count did: waits for the second teller, closed the vote, or voided it.</summary>
public enum CountOutcome
{
    WaitingForSecond = 0,
    Closed = 1,
    Voided = 2,
}
