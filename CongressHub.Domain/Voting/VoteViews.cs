namespace CongressHub.Domain.Voting;

/// <summary>
/// A vote as every screen shows it. While open: how many have voted of how many may, and for a named vote the running
/// tally; a secret vote shows choices only once closed.
/// </summary>
public sealed record VoteView(
    int Id,
    int SessionId,
    int? MotionId,
    int? AgendaItemId,
    string Question,
    bool Secret,
    MajorityRule Rule,
    VoteState State,
    int Eligible,
    int Voted,
    int All,
    int? Yes,
    int? No,
    int? Abstain,
    bool? Adopted,
    DateTime? OpenedUtc,
    DateTime? ClosedUtc)
{
    public bool IsOpen => State == VoteState.Open;

    public bool IsClosed => State is VoteState.Closed or VoteState.Published;

    public bool ShowsChoices => Yes is not null;

    public int Cast => (Yes ?? 0) + (No ?? 0) + (Abstain ?? 0);
}

/// <summary>The result of a closed vote, as <c>POST /api/votes/{id}/close</c> returns it, the same on every call.</summary>
public sealed record VoteResult(string State, int Yes, int No, int Abstain, int Cast, int Present, bool Adopted)
{
    public static VoteResult Of(Vote v) =>
        new(v.State.ToString().ToLowerInvariant(), v.Yes, v.No, v.Abstain, v.Result.Cast, v.Present, v.Adopted ?? false);
}

/// <summary>A recount from the stored ballots beside the stored result.</summary>
public sealed record Recount(int VoteId, Tally Stored, Tally Counted, bool StoredAdopted, bool CountedAdopted)
{
    public bool Matches => Stored == Counted && StoredAdopted == CountedAdopted;
}

/// <summary>What the acting delegate may do in a vote: vote (present when it opened, not yet voted), or nothing.</summary>
public sealed record MyBallot(int VoteId, bool Eligible, bool HasVoted)
{
    public bool CanVote => Eligible && !HasVoted;
}

public sealed record VoteInput(int? MotionId, string? Question, bool Secret, MajorityRule Rule);
