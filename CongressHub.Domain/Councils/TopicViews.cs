namespace CongressHub.Domain.Councils;

/// <summary>One topic as the community's staff and the public page show it. No contact of anyone is in it.</summary>
public sealed record TopicRow(
    int Id,
    string Title,
    string Description,
    TopicProposer ProposerKind,
    string? ProposerLabel,
    bool FromPublic,
    DateTime CreatedUtc,
    TopicState State,
    CouncilMeetingKind? MeetingKind,
    int? MergedIntoId,
    string? MergedIntoTitle,
    string? PublicReason,
    int Supports,
    bool MustAnswer,
    TopicMeeting? Meeting = null,
    TopicDecision? Decision = null)
{
    public bool IsOpen => Topic.IsOpenState(State);

    /// <summary>Whether a council meeting being called may put it on its agenda: accepted, or scheduled for a meeting now over.</summary>
    public bool ReadyForMeeting => State == TopicState.Accepted || State == TopicState.Scheduled && Meeting is { Over: true };
}

/// <summary>The council meeting a scheduled or decided topic went to.</summary>
public sealed record TopicMeeting(int SessionId, string Title, DateTime ScheduledUtc, bool Over);

/// <summary>The published decision that settled a topic, with its public page.</summary>
public sealed record TopicDecision(int Id, string Title, string PublicPath);

/// <summary>
/// A community's topics for its staff: those that must be taken up or answered first (<see cref="TopicRow.MustAnswer"/>),
/// then the others, newest first; with the count of each state and of those that must be answered.
/// </summary>
public sealed record TopicList(
    int CommunityId,
    string CommunityName,
    int SupportsToAnswer,
    IReadOnlyDictionary<TopicState, int> Counts,
    int MustAnswer,
    IReadOnlyList<TopicRow> Topics,
    IReadOnlyList<TopicTarget> OpenTopics);

/// <summary>An open topic another one may be merged into.</summary>
public sealed record TopicTarget(int Id, string Title);

/// <summary>A community's public page: its name and its topics, open ones first.</summary>
public sealed record PublicCommunityView(
    int StreetId,
    string StreetSlug,
    string StreetName,
    int CommunityId,
    string CommunityName,
    int SupportsToAnswer,
    IReadOnlyList<TopicRow> Topics);

/// <summary>A community of a street, with the link to its public page.</summary>
public sealed record PublicCommunityLink(string StreetSlug, int CommunityId, string Name, int OpenTopics);
