using CongressHub.Domain.Common;

namespace CongressHub.Domain.Sessions;

public enum SessionKind
{
    /// <summary>季度例会: the quarterly regular session.</summary>
    Regular = 1,

    /// <summary>述职评议: the yearly work-report review.</summary>
    AnnualReview = 2,

    /// <summary>临时会议: an extraordinary session.</summary>
    Extraordinary = 3,

    /// <summary>群众意见收集会 of a community council.</summary>
    CouncilOpinionCollection = 11,

    /// <summary>议题讨论会 of a community council.</summary>
    CouncilTopicDiscussion = 12,

    /// <summary>议事决策会 of a community council.</summary>
    CouncilDecision = 13,

    /// <summary>自治委员会会议: a meeting of the self-governance committee.</summary>
    CommitteeMeeting = 21,
}

public enum SessionStatus
{
    Draft = 0,
    Published = 1,
    Live = 2,
    Adjourned = 3,
    MinutesPublished = 4,
}

public enum AgendaItemType
{
    /// <summary>上次会议意见办理情况通报.</summary>
    FollowUpReport = 1,

    /// <summary>民意汇报.</summary>
    OpinionReport = 2,

    /// <summary>代表发言.</summary>
    FloorSpeeches = 3,

    /// <summary>科室现场答复.</summary>
    QuestionsAndAnswers = 4,

    /// <summary>议案表决.</summary>
    MotionVote = 5,

    /// <summary>述职评议.</summary>
    WorkReportReview = 6,

    /// <summary>选举.</summary>
    Election = 7,

    Other = 8,
}

public enum AgendaItemStatus
{
    Pending = 0,
    Current = 1,
    Done = 2,
    Skipped = 3,
}

public enum AttendanceStatus
{
    Present = 1,
    Absent = 2,
    Excused = 3,

    /// <summary>中途离场: checked in, then left before the end; not present for what follows.</summary>
    Left = 4,
}

public enum SpeakerStatus
{
    Waiting = 0,
    Speaking = 1,
    Done = 2,
    Withdrawn = 3,
}

public static class SessionLabels
{
    /// <summary>The congress's own sittings that were held (adjourned, minutes published or not): no council's or committee's meeting.</summary>
    public static IQueryable<Session> CongressSittingsHeld(this IQueryable<Session> sessions) =>
        sessions.Where(s => s.CommunityId == null && CongressKinds.Contains(s.Kind) && s.Status >= SessionStatus.Adjourned);

    /// <summary>The kinds a street congress sits in (a council's meetings have their own).</summary>
    public static readonly IReadOnlyList<SessionKind> CongressKinds = [SessionKind.Regular, SessionKind.AnnualReview, SessionKind.Extraordinary];

    public static readonly IReadOnlyList<SessionKind> CouncilKinds = [SessionKind.CouncilOpinionCollection, SessionKind.CouncilTopicDiscussion, SessionKind.CouncilDecision];

    public static readonly IReadOnlyList<SessionKind> CommitteeKinds = [SessionKind.CommitteeMeeting];

    public static bool IsCouncilMeeting(this SessionKind kind) => kind is SessionKind.CouncilOpinionCollection or SessionKind.CouncilTopicDiscussion or SessionKind.CouncilDecision;

    public static bool IsCommitteeMeeting(this SessionKind kind) => kind == SessionKind.CommitteeMeeting;

    /// <summary>A sitting of the street congress itself: neither a council's nor the committee's meeting.</summary>
    public static bool IsCongressSitting(this SessionKind kind) => !kind.IsCouncilMeeting() && !kind.IsCommitteeMeeting();

    /// <summary>The kinds a session of this kind may be changed to: its own body's.</summary>
    public static IReadOnlyList<SessionKind> KindsLike(this SessionKind kind) =>
        kind.IsCouncilMeeting() ? CouncilKinds : kind.IsCommitteeMeeting() ? CommitteeKinds : CongressKinds;

    public static SessionKind AsSessionKind(this Councils.CouncilMeetingKind kind) => kind switch
    {
        Councils.CouncilMeetingKind.OpinionCollection => SessionKind.CouncilOpinionCollection,
        Councils.CouncilMeetingKind.TopicDiscussion => SessionKind.CouncilTopicDiscussion,
        _ => SessionKind.CouncilDecision,
    };

    public static string Label(this SessionKind kind) => DomainText.Get("SessionKind." + kind);

    public static string Label(this SessionStatus status) => DomainText.Get("SessionStatus." + status);

    public static string Label(this AgendaItemType type) => DomainText.Get("AgendaType." + type);

    public static string Label(this AttendanceStatus status) => DomainText.Get("Attendance." + status);

    public static string Label(this LeaveStatus status) => DomainText.Get("LeaveStatus." + status);
}
