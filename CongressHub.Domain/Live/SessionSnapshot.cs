using CongressHub.Domain.Sessions;

namespace CongressHub.Domain.Live;

/// <summary>
/// Everything a screen shows of a session, built once per change and handed to every screen. Immutable; a screen
/// ignores a snapshot whose <see cref="Sequence"/> is lower than the one it shows.
/// </summary>
public sealed record SessionSnapshot(
    int SessionId,
    int StreetId,
    int TermId,
    long Sequence,
    int Version,
    string Title,
    SessionKind Kind,
    SessionStatus Status,
    DateTime ScheduledUtc,
    string Place,
    int? CurrentItemId,
    IReadOnlyList<AgendaItemView> Items,
    QuorumView Quorum,
    IReadOnlyList<SpeakerView> Speakers,
    int SpeakingLimitSeconds,
    IReadOnlyList<int> PresentDelegateIds,
    IReadOnlyList<SpeakingTotal> SpeakingTotals,
    IReadOnlyList<Voting.VoteView> Votes,
    DateTime BuiltUtc)
{
    /// <summary>
    /// The vote screens show: the open one, else the newest closed one held under the current item (or, with no item
    /// current, held outside any item), else none.
    /// </summary>
    public Voting.VoteView? ActiveVote =>
        Votes.FirstOrDefault(v => v.IsRunning)
        ?? Votes.Where(v => v.IsClosed && v.AgendaItemId == CurrentItemId).MaxBy(v => v.ClosedUtc);

    /// <summary>
    /// The vote the hub's <c>VoteChanged</c> follows: the open one, else the one closed last in the whole session,
    /// whatever item is current (unlike <see cref="ActiveVote"/>, which screens show). Not sent to clients: they have
    /// <see cref="Votes"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Voting.VoteView? LatestVote =>
        Votes.FirstOrDefault(v => v.IsRunning) ?? Votes.Where(v => v.IsClosed).MaxBy(v => v.ClosedUtc);

    public AgendaItemView? CurrentItem => Items.FirstOrDefault(i => i.Id == CurrentItemId);

    /// <summary>The delegate's question the convener has put up on the projector.</summary>
    public Tracking.HallQuestion? ShownQuestion { get; init; }

    /// <summary>While the follow-up report is the current item: what is reported back, with the ratings so far.</summary>
    public IReadOnlyList<Tracking.FollowUpRow> FollowUp { get; init; } = [];

    public SpeakerView? CurrentSpeaker => Speakers.FirstOrDefault(s => s.Status == SpeakerStatus.Speaking);

    public IEnumerable<SpeakerView> Waiting => Speakers.Where(s => s.Status == SpeakerStatus.Waiting).OrderBy(s => s.Position);

    public bool IsPresent(int? delegateId) => delegateId is { } id && PresentDelegateIds.Contains(id);

    /// <summary>1-based place of the delegate in the waiting list of the current item, or null.</summary>
    public int? PlaceOf(int? delegateId)
    {
        var index = Waiting.Select((s, i) => (s, i)).FirstOrDefault(x => x.s.DelegateId == delegateId);
        return index.s is null ? null : index.i + 1;
    }
}

public sealed record AgendaItemView(
    int Id,
    int Position,
    AgendaItemType Type,
    string Title,
    string DescriptionHtml,
    string DescriptionMarkdown,
    string Presenter,
    int PlannedMinutes,
    AgendaItemStatus Status,
    DateTime? StartedUtc,
    DateTime? FinishedUtc,
    int? MotionId = null,
    int? VoteId = null);

public sealed record QuorumView(int All, int Present, int Required, bool Reached);

public sealed record SpeakerView(int RequestId, int DelegateId, string Name, string? Community, SpeakerStatus Status, int Position, DateTime? StartedUtc, DateTime? DeadlineUtc);

public sealed record SpeakingTotal(int DelegateId, string Name, int Turns, int Seconds);
