using CongressHub.Domain.Common;

namespace CongressHub.Domain.Voting;

public enum VoteState
{
    Prepared = 0,
    Open = 1,
    Closed = 2,
    Published = 3,

    /// <summary>Voting has stopped and the tellers count the paper ballots (计票); it closes when their two counts agree.</summary>
    Counting = 4,

    /// <summary>More paper ballots came back than were issued: the vote counts for nothing and a new vote is needed.</summary>
    Voided = 5,
}

/// <summary>How a ballot reached the vote (CONTRACTS.md, "Votes and channels").</summary>
public enum VoteChannel
{
    /// <summary>Cast by the delegate on their phone or device.</summary>
    Phone = 0,

    /// <summary>Recorded by the convener at the delegate's request (named votes).</summary>
    Recorded = 1,

    /// <summary>A show of hands (举手表决), entered as counts or ticks (named votes).</summary>
    Hands = 2,

    /// <summary>A paper ballot counted by the vote's tellers.</summary>
    Paper = 3,
}

/// <summary>
/// The ballot box of one question put to the congress: on an admitted motion, or procedural (no motion).
/// Prepared → Open → Closed → Published. Who may vote and how many were present are frozen when it opens.
/// </summary>
public sealed class Vote
{
    public const int QuestionMaxLength = 200;

    private Vote() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int SessionId { get; private set; }

    /// <summary>Null for a procedural question such as "approve the agenda".</summary>
    public int? MotionId { get; private set; }

    public int? AgendaItemId { get; private set; }

    public string Question { get; private set; } = "";

    /// <summary>无记名: ballots carry no delegate, and who voted is kept apart from what was chosen.</summary>
    public bool Secret { get; private set; }

    public VoteKind Kind { get; private set; }

    /// <summary>The majority rule of a question; null for an election.</summary>
    public MajorityRule? Rule { get; private set; }

    /// <summary>How an election decides; null for a question.</summary>
    public ElectionRule? ElectionRule { get; private set; }

    /// <summary>Seats to fill in an election; 0 for a question.</summary>
    public int Seats { get; private set; }

    /// <summary>The election whose tie this run-off decides.</summary>
    public int? RunoffOfId { get; private set; }

    /// <summary>Ballots cast in an election (a ballot may mark fewer candidates than there are seats), set at close.</summary>
    public int BallotsCast { get; private set; }

    public VoteState State { get; private set; }

    /// <summary>Delegates present when the vote opened: the eligible voters.</summary>
    public int Present { get; private set; }

    /// <summary>All delegates of the term (not retired) when the vote opened.</summary>
    public int All { get; private set; }

    public int Yes { get; private set; }

    public int No { get; private set; }

    public int Abstain { get; private set; }

    public bool? Adopted { get; private set; }

    /// <summary>Tellers are named: the vote takes paper ballots beside phones.</summary>
    public bool Paper { get; private set; }

    /// <summary>Delegates counted by a show of hands entered as counts (not ticks), kept here so that a ballot reads it with its vote.</summary>
    public int HandsCounted { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? OpenedUtc { get; private set; }

    public DateTime? ClosedUtc { get; private set; }

    public DateTime? PublishedUtc { get; private set; }

    public Tally Result => new(Yes, No, Abstain, Present, All);

    public bool IsElection => Kind == VoteKind.Election;

    public bool IsOpen => State == VoteState.Open;

    /// <summary>Results are final and may be shown.</summary>
    public bool IsClosed => State is VoteState.Closed or VoteState.Published;

    /// <summary>Open or counting: the session's one vote in progress.</summary>
    public bool IsRunning => State is VoteState.Open or VoteState.Counting;

    public static Vote Prepare(int streetId, int sessionId, int? motionId, int? agendaItemId, string question, bool secret, MajorityRule rule, DateTime nowUtc)
    {
        new Validator()
            .Require(nameof(Question), question, "Field.Question")
            .MaxLength(nameof(Question), question, QuestionMaxLength, "Field.Question")
            .Check(Enum.IsDefined(rule), nameof(Rule), "Validation.UnknownMajority", string.Join(", ", Majority.ApiNames))
            .ThrowIfInvalid();
        return new Vote
        {
            StreetId = streetId,
            SessionId = sessionId,
            MotionId = motionId,
            AgendaItemId = agendaItemId,
            Question = question.Trim(),
            Secret = secret,
            Kind = VoteKind.Question,
            Rule = rule,
            State = VoteState.Prepared,
            CreatedUtc = nowUtc,
        };
    }

    /// <summary>Prepares an election; its candidates are added beside it.</summary>
    public static Vote PrepareElection(int streetId, int sessionId, int? agendaItemId, ElectionInput input, int? runoffOfId, DateTime nowUtc)
    {
        input.Validate();
        return new Vote
        {
            StreetId = streetId,
            SessionId = sessionId,
            AgendaItemId = agendaItemId,
            Question = input.Title.Trim(),
            Secret = input.Secret,
            Kind = VoteKind.Election,
            ElectionRule = input.Rule,
            Seats = input.Seats,
            RunoffOfId = runoffOfId,
            State = VoteState.Prepared,
            CreatedUtc = nowUtc,
        };
    }

    /// <summary>Opens the ballot box for the delegates present now; refused without quorum.</summary>
    public void Open(int present, int all, bool quorate, DateTime nowUtc) => Open(present, all, quorate, all / 2 + 1, nowUtc);

    /// <summary>Opens the ballot box; <paramref name="required"/> is the body's quorum, named when it is not reached.</summary>
    public void Open(int present, int all, bool quorate, int required, DateTime nowUtc)
    {
        if (State != VoteState.Prepared)
        {
            throw DomainException.Because("Vote.OpenNotPrepared", Question, State.Label());
        }
        if (!quorate)
        {
            throw DomainException.Because("Vote.NoQuorum", Question, present, required);
        }
        State = VoteState.Open;
        Present = present;
        All = all;
        OpenedUtc = nowUtc;
    }

    /// <summary>
    /// Closes the vote with the counts of its stored ballots and computes the result by its rule. Closing again
    /// changes nothing: the result is final. Returns true when this call closed it.
    /// </summary>
    public bool Close(int yes, int no, int abstain, DateTime nowUtc)
    {
        if (IsClosed)
        {
            return false;
        }
        if (!IsRunning)
        {
            throw DomainException.Because("Vote.CloseNotOpen", Question);
        }
        if (IsElection)
        {
            throw new InvalidOperationException("An election closes with its ballots and candidates.");
        }
        (Yes, No, Abstain) = (yes, no, abstain);
        Adopted = Rule!.Value.Adopted(Result);
        State = VoteState.Closed;
        ClosedUtc = nowUtc;
        return true;
    }

    /// <summary>Closes an election: each candidate's marks and outcome are set from the stored ballots.</summary>
    /// <remarks>
    /// A livelihood projects ballot passes its own rule (<paramref name="decide"/>, from the candidates' marks): there
    /// "adopted" means decided, with no tie left for a run-off.
    /// </remarks>
    public bool CloseElection(int ballotsCast, IReadOnlyList<Candidate> candidates, IReadOnlyDictionary<int, int> marks, DateTime nowUtc,
        Func<IReadOnlyDictionary<int, int>, IReadOnlyDictionary<int, CandidateOutcome>>? decide = null)
    {
        if (IsClosed)
        {
            return false;
        }
        if (!IsRunning)
        {
            throw DomainException.Because("Vote.CloseNotOpen", Question);
        }
        BallotsCast = ballotsCast;
        var counted = candidates.ToDictionary(c => c.Id, c => marks.GetValueOrDefault(c.Id));
        var outcome = decide?.Invoke(counted) ?? Elections.Decide(counted, Seats, ballotsCast, ElectionRule!.Value);
        foreach (var c in candidates)
        {
            c.Settle(marks.GetValueOrDefault(c.Id), outcome[c.Id]);
        }
        // For an election, "adopted" means every seat is filled, with no tie left for a run-off.
        Adopted = decide is null
            ? candidates.Count(c => c.Outcome == CandidateOutcome.Elected) == Seats
            : candidates.All(c => c.Outcome != CandidateOutcome.Tied);
        State = VoteState.Closed;
        ClosedUtc = nowUtc;
        return true;
    }

    /// <summary>Tellers are named: paper ballots may be issued.</summary>
    internal void UseTellers() => Paper = true;

    /// <summary>The show of hands now counts <paramref name="total"/> delegates (entered again, it replaces the earlier counts).</summary>
    internal void CountHands(int total) => HandsCounted = total;

    /// <summary>Voting stops; the tellers count the paper ballots issued.</summary>
    public void StartCounting()
    {
        if (State != VoteState.Open)
        {
            throw DomainException.Because("Vote.CountNotOpen", Question);
        }
        State = VoteState.Counting;
    }

    /// <summary>
    /// The tellers agreed that more paper ballots came back than were issued: the vote counts for nothing, its motion
    /// waits for a new vote.
    /// </summary>
    public void Void(DateTime nowUtc)
    {
        if (State != VoteState.Counting)
        {
            throw DomainException.Because("Vote.CountNotCounting", Question);
        }
        State = VoteState.Voided;
        ClosedUtc = nowUtc;
    }

    /// <summary>Show of hands and recorded choices name the voter: a secret vote refuses them.</summary>
    public void RequireNamed(string what)
    {
        if (Secret)
        {
            throw DomainException.Because("Vote.SecretRefuses", Question, DomainText.Get(what));
        }
    }

    public void Publish(DateTime nowUtc)
    {
        if (State == VoteState.Published)
        {
            throw DomainException.Because("Vote.AlreadyPublished", Question);
        }
        if (State != VoteState.Closed)
        {
            throw DomainException.Because("Vote.PublishNotClosed", Question);
        }
        State = VoteState.Published;
        PublishedUtc = nowUtc;
    }

    public void RequireOpenForBallots()
    {
        if (State == VoteState.Counting)
        {
            throw DomainException.Because("Vote.CountingUnderway", Question);
        }
        if (State != VoteState.Open)
        {
            throw DomainException.Because("Vote.NotOpen", Question);
        }
    }
}

/// <summary>
/// A delegate's right to vote in one vote, frozen when it opens, and whether it was used. Kept apart from the
/// ballots: no time, no order and no key joins a row here to a ballot of a secret vote.
/// </summary>
public sealed class Voter
{
    private Voter() { }

    public int VoteId { get; private set; }

    public int DelegateId { get; private set; }

    public bool HasVoted { get; private set; }

    /// <summary>How the delegate voted, once they have; a paper ballot taken counts as voting.</summary>
    public VoteChannel? Channel { get; private set; }

    public static Voter Eligible(int voteId, int delegateId) => new() { VoteId = voteId, DelegateId = delegateId };
}

/// <summary>
/// One counted ballot. A named (记名) ballot is stored as cast and carries its delegate. A secret one is sealed while
/// its vote is open (<see cref="Secrecy"/>) and stored here only at close, without a delegate, under a new random key,
/// in a random order: neither key, nor row, nor the commit that wrote it says when it was cast.
/// </summary>
public sealed class Ballot
{
    private Ballot() { }

    public Guid Id { get; private set; }

    public int VoteId { get; private set; }

    /// <summary>The choice on a question; null on an election ballot.</summary>
    public VoteChoice? Choice { get; private set; }

    /// <summary>The candidates marked on an election ballot, as sorted ids ("3,7,9"); empty for a blank ballot.</summary>
    public string? Marks { get; private set; }

    public int? DelegateId { get; private set; }

    /// <summary>How the ballot reached the vote; a secret ballot comes out of its seal as a phone ballot.</summary>
    public VoteChannel Channel { get; private set; }

    public static Ballot Cast(Vote vote, int delegateId, VoteChoice choice, VoteChannel channel = VoteChannel.Phone) =>
        new() { Id = Guid.NewGuid(), VoteId = vote.Id, Choice = choice, DelegateId = vote.Secret ? null : delegateId, Channel = channel };

    public static Ballot Mark(Vote vote, int delegateId, IEnumerable<int> candidateIds) =>
        new()
        {
            Id = Guid.NewGuid(),
            VoteId = vote.Id,
            Marks = string.Join(',', candidateIds.Order()),
            DelegateId = vote.Secret ? null : delegateId,
        };

    /// <summary>What a secret ballot's seal holds: the choice's number, or an election ballot's marks after "M".</summary>
    internal string SealedContent() => Choice is { } choice ? ((int)choice).ToString(System.Globalization.CultureInfo.InvariantCulture) : "M" + Marks;

    /// <summary>A secret ballot as it comes out of its seal when the vote closes: a new random key, no delegate.</summary>
    internal static Ballot Unsealed(Vote vote, string content) =>
        content.StartsWith('M')
            ? new() { Id = Guid.NewGuid(), VoteId = vote.Id, Marks = content[1..] }
            : new() { Id = Guid.NewGuid(), VoteId = vote.Id, Choice = (VoteChoice)int.Parse(content, System.Globalization.CultureInfo.InvariantCulture) };

    public IEnumerable<int> MarkedCandidates() => MarkedIn(Marks);

    /// <summary>The candidates an election ballot's stored marks name (none for a blank ballot).</summary>
    internal static IEnumerable<int> MarkedIn(string? marks) =>
        string.IsNullOrEmpty(marks) ? [] : marks.Split(',').Select(int.Parse);
}

public static class VoteLabels
{
    public static string Label(this VoteState state) => DomainText.Get("VoteState." + state);
}
