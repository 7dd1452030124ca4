namespace CongressHub.Domain.Sessions;

/// <summary>A session as its formal documents state it; <paramref name="ResolutionIds"/>: the resolutions adopted in it.</summary>
public sealed record SessionDocument(int Id, int StreetId, string StreetName, string StreetNameEn, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place,
    SessionStatus Status, DateTime? AdjournedUtc, DateTime? MinutesPublishedUtc, IReadOnlyList<SessionDocumentItem> Items, IReadOnlyList<int> ResolutionIds);

public sealed record SessionDocumentItem(int Position, AgendaItemType Type, string Title, string Description, string Presenter, int PlannedMinutes, int Id = 0, int? MotionId = null);

public sealed record SessionRow(int Id, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, SessionStatus Status, int Items);

public sealed record AttendanceRow(int DelegateId, string Name, string? Community, Directory.DelegateCategory Category, AttendanceStatus? Status, bool BySelf, DateTime? ChangedUtc);

/// <summary>
/// Attendance of one held session: present (checked in, including those who left early), excused (granted leave), absent
/// (the rest of the term's delegates not retired).
/// </summary>
public sealed record SessionAttendance(int SessionId, string Title, DateTime ScheduledUtc, int All, int Present, int Excused)
{
    public int Absent => Math.Max(0, All - Present - Excused);
}

public sealed record NoticeRow(int Id, string Title, string Link, DateTime CreatedUtc, bool Read = false);

/// <summary>One line of a session's log, in the reader's language.</summary>
public sealed record MinutesLogRow(DateTime AtUtc, string Text);

public sealed record PublicMinutes(string StreetSlug, string StreetName, int SessionId, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, string Html, DateTime PublishedUtc, Audit.AuditAnchor? Anchor, string SignedOffBy = "");

public sealed record PublicMinutesLink(string StreetSlug, int SessionId, string Title, DateTime ScheduledUtc);

/// <summary>One line of the printed sign-in sheet (签到表): a delegate of the term, and whether they were granted leave.</summary>
public sealed record SignInSheetRow(int DelegateId, string Name, string? Community, Directory.DelegateCategory Category, bool OnLeave);

/// <summary>The printed sign-in sheet of a session: every delegate of the term not retired, by community.</summary>
public sealed record SignInSheet(string StreetName, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, IReadOnlyList<SignInSheetRow> Rows);

/// <summary>A session's minutes for the convener who writes them and the leaders who sign them off.</summary>
public sealed record MinutesView(
    int SessionId,
    string Title,
    SessionStatus Status,
    string Markdown,
    DateTime? SubmittedUtc,
    string ReturnNote,
    string SignedOffBy,
    DateTime? SignedOffUtc,
    IReadOnlyList<MinutesVersionRow> Versions,
    bool CanEdit,
    bool CanSignOff)
{
    /// <summary>The newest kept version, the one a leader signs off; 0 before the first save.</summary>
    public int Newest => Versions.Count == 0 ? 0 : Versions[0].Number;

    public bool WithLeaders => SubmittedUtc is not null && Status == SessionStatus.Adjourned;
}

public sealed record MinutesVersionRow(int Number, string SavedBy, DateTime SavedUtc, int Length);
