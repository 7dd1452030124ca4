namespace CongressHub.Domain.Tracking;

public sealed record TrackedRow(
    int Id,
    TrackedKind Kind,
    TrackedState State,
    string Title,
    OpinionCategory? Category,
    string? Community,
    string? Department,
    string? AssignedCommunity,
    DateOnly? DueOn,
    bool Overdue,
    int MergedCount,
    DateTime CreatedUtc,
    DateTime UpdatedUtc,
    string? BroughtBy = null);

/// <summary>A delegate of the current term a resident may address an opinion to; <paramref name="CommunityId"/> null: elected at large.</summary>
public sealed record OpinionDelegate(int Id, string Name, int? CommunityId, string? Community);

/// <summary>
/// A line of an item's history: a move from one state to another, or (with <paramref name="PassedOnTo"/>) the officer in
/// charge of its community passing it on to the street's leaders or a department, which moves nothing.
/// </summary>
public sealed record TrackedHistoryRow(DateTime AtUtc, string Who, TrackedState From, TrackedState To, string? Note, string? PassedOnTo = null);

public sealed record RatingSummary(int Satisfied, int BasicallySatisfied, int NotSatisfied)
{
    public int Raters => Satisfied + BasicallySatisfied + NotSatisfied;

    /// <summary>(satisfied + basically satisfied) / raters, as a percentage; null with no raters.</summary>
    public double? SatisfactionRate => Raters == 0 ? null : 100.0 * (Satisfied + BasicallySatisfied) / Raters;
}

public sealed record TrackedDetail(
    int Id,
    int StreetId,
    TrackedKind Kind,
    TrackedState State,
    string Title,
    string Text,
    OpinionCategory? Category,
    GovernmentLevel? Level,
    int? CommunityId,
    string? Community,
    DateOnly? Month,
    string? ResidentName,
    string? ResidentContact,
    bool Publishable,
    bool FromPublic,
    string? Delegate,
    int? SessionId,
    int? DepartmentId,
    string? Department,
    int? AssignedCommunityId,
    string? AssignedCommunity,
    DateOnly? DueOn,
    bool Overdue,
    int? MergedIntoId,
    IReadOnlyList<TrackedRow> Merged,
    string? DeclineReason,
    string? Answer,
    string? Intention,
    string? Decision,
    int Progress,
    int? ReportedInSessionId,
    RatingSummary Ratings,
    IReadOnlyList<TrackedHistoryRow> History,
    DateTime CreatedUtc,
    int HistoryCount = 0);

/// <summary>Which items a list shows.</summary>
public sealed record TrackingFilter(
    TrackedKind? Kind = null,
    TrackedState? State = null,
    int? CommunityId = null,
    int? DepartmentId = null,
    OpinionCategory? Category = null,
    bool OverdueOnly = false,
    string? Search = null);

/// <summary>One community's month: opinions recorded, and whether its staff marked it compiled.</summary>
/// <summary>One community's month: opinions recorded, compiled or not, and whether the street had begun collecting then.</summary>
public sealed record MonthCell(DateOnly Month, int Recorded, bool Compiled, bool BeforeStart = false);

public sealed record MonthlyGridRow(int CommunityId, string Community, IReadOnlyList<MonthCell> Months);

/// <summary>Opinions of one category recorded in each month of a year (index 0 = January).</summary>
public sealed record MonthlyCategoryRow(OpinionCategory Category, IReadOnlyList<int> Months);

public sealed record CountRow(string Name, int Count);

/// <summary>The compiled opinion report (民意汇报) of a quarter.</summary>
public sealed record OpinionReport(
    int Year,
    int Quarter,
    string StreetName,
    int Total,
    IReadOnlyList<CountRow> ByCommunity,
    IReadOnlyList<CountRow> ByCategory,
    IReadOnlyList<CountRow> ByDepartment,
    IReadOnlyList<OpinionReportRow> Items);

public sealed record OpinionReportRow(int Id, string Community, DateOnly Month, OpinionCategory Category, GovernmentLevel Level, TrackedState State, string? Department, string Text, int MergedCount);

/// <summary>An item on a session's follow-up report (上次会议意见办理情况通报), with its ratings at that session.</summary>
public sealed record FollowUpRow(
    int Id,
    TrackedKind Kind,
    TrackedState State,
    string Title,
    string? Responsible,
    string? Outcome,
    int Progress,
    DateOnly? DueOn,
    bool Overdue,
    bool Rateable,
    RatingSummary Ratings,
    Satisfaction? MyRating);

/// <summary>A delegate's question in the hall, as the console and the projector show it.</summary>
public sealed record HallQuestion(int Id, string Text, string Delegate, string? Department, TrackedState State, string? Answer, string? Intention, DateTime CreatedUtc)
{
    /// <summary>Answered, or the leaders' intention stated, on the spot in this session's hall.</summary>
    public bool OnTheSpot { get; init; }

    /// <summary>Who answered on the spot: the officer's department, or a leader's post and name.</summary>
    public string? AnsweredBy { get; init; }
}

/// <summary>
/// What an officer in the hall has to answer: the session's questions to their department and their department's items
/// in its follow-up report; for a leader, every question of the session and the follow-up items that need study.
/// </summary>
public sealed record OfficerHall(int SessionId, string OfficerName, string? Department, bool IsLeader, IReadOnlyList<OfficerHallItem> Questions, IReadOnlyList<OfficerHallItem> FollowUp);

/// <summary>
/// One item on an officer's hall page: its text, who raised it, its state, what was answered, and whether this officer
/// may answer it (or, as a leader, state an intention) on the spot now.
/// </summary>
public sealed record OfficerHallItem(
    int Id,
    TrackedKind Kind,
    string Title,
    string Text,
    string RaisedBy,
    string? Department,
    TrackedState State,
    string? Answer,
    string? Intention,
    bool OnTheSpot,
    string? AnsweredBy,
    bool CanAnswer,
    bool CanStateIntention);

/// <summary>What an answer given on the spot left on the item, for device clients.</summary>
public sealed record OnTheSpotResult(int Id, TrackedState State, string? Answer, string? Intention, string? Department, string AnsweredBy, int SessionId);

/// <summary>An item on the public follow-up page: no personal data.</summary>
public sealed record PublicTrackedRow(
    int Id,
    TrackedKind Kind,
    TrackedState State,
    string Text,
    OpinionCategory? Category,
    string? Community,
    string? Department,
    DateOnly? DueOn,
    bool Overdue,
    string? Answer,
    string? Intention,
    string? Decision,
    string? DeclineReason,
    int Progress,
    int MergedCount,
    IReadOnlyList<TrackedHistoryRow> History,
    DateTime CreatedUtc,
    int HistoryCount = 0);

/// <summary>
/// A page of the public follow-up: <see cref="Older"/> and <see cref="Newer"/> lead to the next page either way (null at
/// either end: no newer page means this is the first).
/// </summary>
public sealed record PublicTrackedPage(string StreetSlug, string StreetName, IReadOnlyList<PublicTrackedRow> Items, int Total, int PageSize,
    FollowUpCursor? Older, FollowUpCursor? Newer,
    IReadOnlyList<(int Id, string Name)> Communities, IReadOnlyList<(int Id, string Name)> Departments);

/// <summary>
/// An item's place in the public follow-up, whose order is the last update, newest first (then the number): a page
/// is read from just past it, by key, so a deep page reads its own rows and no skipped ones. Written in an address as
/// <c>{ticks}.{id}</c>.
/// </summary>
public sealed record FollowUpCursor(DateTime UpdatedUtc, int Id)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{UpdatedUtc.Ticks}.{Id}");

    /// <summary>The cursor an address carries; null for anything else, which then shows the first page.</summary>
    public static FollowUpCursor? Parse(string? text)
    {
        var parts = (text ?? "").Split('.');
        const System.Globalization.NumberStyles digits = System.Globalization.NumberStyles.None;
        return parts.Length == 2
            && long.TryParse(parts[0], digits, System.Globalization.CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            && int.TryParse(parts[1], digits, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? new FollowUpCursor(new DateTime(ticks, DateTimeKind.Utc), id)
            : null;
    }
}

/// <summary>A page of the staff's list of items, and how many of the matching items are overdue when they were counted.</summary>
public sealed record TrackedListPage(Common.KeyPage<TrackedRow> Page, int? Overdue);
