using CongressHub.Domain.Common;

namespace CongressHub.Domain.Voting;

public enum VoteState
{
    Prepared = 0,
    Open = 1,
    Closed = 2,
    Published = 3,
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

    public MajorityRule Rule { get; private set; }

    public VoteState State { get; private set; }

    /// <summary>Delegates present when the vote opened: the eligible voters.</summary>
    public int Present { get; private set; }

    /// <summary>All delegates of the term (not retired) when the vote opened.</summary>
    public int All { get; private set; }

    public int Yes { get; private set; }

    public int No { get; private set; }

    public int Abstain { get; private set; }

    public bool? Adopted { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? OpenedUtc { get; private set; }

    public DateTime? ClosedUtc { get; private set; }

    public DateTime? PublishedUtc { get; private set; }

    public Tally Result => new(Yes, No, Abstain, Present, All);

    public bool IsOpen => State == VoteState.Open;

    /// <summary>Results are final and may be shown.</summary>
    public bool IsClosed => State is VoteState.Closed or VoteState.Published;

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
            Rule = rule,
            State = VoteState.Prepared,
            CreatedUtc = nowUtc,
        };
    }

    /// <summary>Opens the ballot box for the delegates present now; refused without quorum.</summary>
    public void Open(int present, int all, bool quorate, DateTime nowUtc)
    {
        if (State != VoteState.Prepared)
        {
            throw DomainException.Because("Vote.OpenNotPrepared", Question, State.Label());
        }
        if (!quorate)
        {
            throw DomainException.Because("Vote.NoQuorum", Question, present, all / 2 + 1);
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
        if (State != VoteState.Open)
        {
            throw DomainException.Because("Vote.CloseNotOpen", Question);
        }
        (Yes, No, Abstain) = (yes, no, abstain);
        Adopted = Rule.Adopted(Result);
        State = VoteState.Closed;
        ClosedUtc = nowUtc;
        return true;
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

    public static Voter Eligible(int voteId, int delegateId) => new() { VoteId = voteId, DelegateId = delegateId };
}

/// <summary>
/// One cast ballot. Its key is random, and the table keeps rows in key order (no implicit rowid), so neither key nor
/// row order says when it was cast. A named (记名) ballot carries its delegate; a secret one never does.
/// </summary>
public sealed class Ballot
{
    private Ballot() { }

    public Guid Id { get; private set; }

    public int VoteId { get; private set; }

    public VoteChoice Choice { get; private set; }

    public int? DelegateId { get; private set; }

    public static Ballot Cast(Vote vote, int delegateId, VoteChoice choice) =>
        new() { Id = Guid.NewGuid(), VoteId = vote.Id, Choice = choice, DelegateId = vote.Secret ? null : delegateId };
}

public static class VoteLabels
{
    public static string Label(this VoteState state) => DomainText.Get("VoteState." + state);
}
