namespace CongressHub.Domain.Sessions;

/// <summary>A session as its formal documents state it; <paramref name="ResolutionIds"/>: the resolutions adopted in it.</summary>
public sealed record SessionDocument(int Id, int StreetId, string StreetName, string StreetNameEn, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place,
    SessionStatus Status, DateTime? AdjournedUtc, DateTime? MinutesPublishedUtc, IReadOnlyList<SessionDocumentItem> Items, IReadOnlyList<int> ResolutionIds);

public sealed record SessionDocumentItem(int Position, AgendaItemType Type, string Title, string Description, string Presenter, int PlannedMinutes);

public sealed record SessionRow(int Id, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, SessionStatus Status, int Items);

public sealed record AttendanceRow(int DelegateId, string Name, string? Community, Directory.DelegateCategory Category, AttendanceStatus? Status, bool BySelf, DateTime? ChangedUtc);

public sealed record NoticeRow(int Id, string Title, string Link, DateTime CreatedUtc);

/// <summary>One line of a session's log, in the reader's language.</summary>
public sealed record MinutesLogRow(DateTime AtUtc, string Text);

public sealed record PublicMinutes(string StreetSlug, string StreetName, int SessionId, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, string Html, DateTime PublishedUtc, Audit.AuditAnchor? Anchor);

public sealed record PublicMinutesLink(string StreetSlug, int SessionId, string Title, DateTime ScheduledUtc);

/// <summary>One line of the printed sign-in sheet (签到表): a delegate of the term, and whether they were granted leave.</summary>
public sealed record SignInSheetRow(int DelegateId, string Name, string? Community, Directory.DelegateCategory Category, bool OnLeave);

/// <summary>The printed sign-in sheet of a session: every delegate of the term not retired, by community.</summary>
public sealed record SignInSheet(string StreetName, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, IReadOnlyList<SignInSheetRow> Rows);
