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
    [property: System.Text.Json.Serialization.JsonIgnore] MajorityRule? Rule,
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

    /// <summary>The tellers are counting the paper ballots.</summary>
    public bool IsCounting => State == VoteState.Counting;

    /// <summary>Open or counting: the vote in progress.</summary>
    public bool IsRunning => State is VoteState.Open or VoteState.Counting;

    public bool IsClosed => State is VoteState.Closed or VoteState.Published;

    public bool ShowsChoices => Yes is not null;

    public int Cast => (Yes ?? 0) + (No ?? 0) + (Abstain ?? 0);

    /// <summary>The majority rule by its API name (<c>half-of-cast</c>), as requests give it.</summary>
    public string? Majority => Rule?.ApiName();

    public VoteKind Kind { get; init; }

    public bool IsElection => Kind == VoteKind.Election;

    public int Seats { get; init; }

    public ElectionRule? ElectionRule { get; init; }

    /// <summary>Election ballots cast so far (or at close).</summary>
    public int BallotsCast { get; init; }

    public IReadOnlyList<CandidateView> Candidates { get; init; } = [];

    public int? RunoffOfId { get; init; }

    /// <summary>Delegates counted by each channel so far (or at close).</summary>
    public ChannelTotals Channels { get; init; } = ChannelTotals.None;

    /// <summary>Paper ballots issued: the delegates marked as having taken one.</summary>
    public int PaperIssued { get; init; }

    public IReadOnlyList<TellerView> Tellers { get; init; } = [];

    /// <summary>
    /// Counts entered by hand: the show of hands, each teller's paper count. A secret vote beside phones shows only
    /// how many paper ballots came back, never their choices.
    /// </summary>
    public IReadOnlyList<CountEntryView> Counts { get; init; } = [];

    public bool UsesPaper => Tellers.Count > 0;

    /// <summary>Equal marks at the last seat: the convener may start a run-off.</summary>
    public bool NeedsRunoff => IsClosed && Candidates.Any(c => c.Outcome == CandidateOutcome.Tied);
}

/// <summary>A candidate as screens show them: marks for a named election while open and for every election once closed.</summary>
public sealed record CandidateView(int Id, string Name, int? DelegateId, int? Marks, CandidateOutcome? Outcome)
{
    /// <summary>Written in on paper ballots (另选他人).</summary>
    public bool WriteIn { get; init; }
}

/// <summary>A candidate's stored and recounted marks.</summary>
public sealed record CandidateRecount(int CandidateId, string Name, int StoredMarks, int CountedMarks, CandidateOutcome StoredOutcome, CandidateOutcome CountedOutcome);

/// <summary>The result of a closed vote, as <c>POST /api/votes/{id}/close</c> returns it, the same on every call.</summary>
public sealed record VoteResult(string State, int Yes, int No, int Abstain, int Cast, int Present, bool Adopted)
{
    /// <summary>For an election, <c>Cast</c> is the ballots cast and <c>Adopted</c> whether every seat was filled.</summary>
    public static VoteResult Of(Vote v) =>
        v.IsElection
            ? new(v.State.ToString().ToLowerInvariant(), 0, 0, 0, v.BallotsCast, v.Present, v.Adopted ?? false)
            : new(v.State.ToString().ToLowerInvariant(), v.Yes, v.No, v.Abstain, v.Result.Cast, v.Present, v.Adopted ?? false);
}

/// <summary>A recount from the stored ballots beside the stored result (per candidate for an election).</summary>
public sealed record Recount(int VoteId, Tally? Stored, Tally? Counted, bool StoredAdopted, bool CountedAdopted, int StoredBallots, int CountedBallots, IReadOnlyList<CandidateRecount> Candidates)
{
    public bool Matches =>
        Stored == Counted && StoredAdopted == CountedAdopted && StoredBallots == CountedBallots
        && Candidates.All(c => c.StoredMarks == c.CountedMarks && c.StoredOutcome == c.CountedOutcome);
}

/// <summary>What the acting delegate may do in a vote: vote (present when it opened, not yet voted), or nothing.</summary>
public sealed record MyBallot(int VoteId, bool Eligible, bool HasVoted)
{
    public bool CanVote => Eligible && !HasVoted;

    /// <summary>How the delegate voted: by phone, recorded by the convener, a raised hand ticked, or a paper ballot taken.</summary>
    public VoteChannel? Channel { get; init; }
}

/// <summary>A closed vote in a session's record: its view, delegates present when it opened, and the named list (null for a secret vote).</summary>
public sealed record SessionVoteRecord(VoteView Vote, int Present, IReadOnlyList<NamedListRow>? Named);

public sealed record VoteInput(int? MotionId, string? Question, bool Secret, MajorityRule Rule);

/// <summary>One delegate in a named vote's list: how they voted (null: not voted) and their choice where given by name.</summary>
public sealed record NamedListRow(int DelegateId, string Name, string? Community, VoteChannel? Channel, VoteChoice? Choice, string? Marks);

/// <summary>
/// What a printed ballot paper shows: the question and its majority rule, or an election's title, seats and candidates.
/// A secret vote's paper has no line for the voter's name.
/// </summary>
public sealed record BallotPaper(string StreetName, string SessionTitle, DateTime ScheduledUtc, int VoteId, string Question, VoteKind Kind, bool Secret,
    MajorityRule? Rule, ElectionRule? ElectionRule, int Seats, IReadOnlyList<string> Candidates);
