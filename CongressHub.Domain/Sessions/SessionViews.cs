namespace CongressHub.Domain.Sessions;

public sealed record SessionRow(int Id, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, SessionStatus Status, int Items);

public sealed record AttendanceRow(int DelegateId, string Name, string? Community, Directory.DelegateCategory Category, AttendanceStatus? Status, bool BySelf, DateTime? ChangedUtc);

public sealed record NoticeRow(int Id, string Title, string Link, DateTime CreatedUtc);

/// <summary>One line of a session's log, in the reader's language.</summary>
public sealed record MinutesLogRow(DateTime AtUtc, string Text);

public sealed record PublicMinutes(string StreetSlug, string StreetName, int SessionId, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, string Html, DateTime PublishedUtc, Audit.AuditAnchor? Anchor);

public sealed record PublicMinutesLink(string StreetSlug, int SessionId, string Title, DateTime ScheduledUtc);
