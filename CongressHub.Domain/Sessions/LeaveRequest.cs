using CongressHub.Domain.Common;

namespace CongressHub.Domain.Sessions;

public enum LeaveStatus
{
    Pending = 0,
    Granted = 1,
    Refused = 2,
    Withdrawn = 3,
}

/// <summary>
/// A delegate's request for leave (请假) from one session: Pending → Granted or Refused, or Withdrawn by the delegate.
/// One per delegate and session: asking again while pending changes the reason, after a refusal or a withdrawal it
/// asks anew, after a grant it is refused.
/// </summary>
public sealed class LeaveRequest
{
    public const int ReasonMaxLength = 200;

    public const int NoteMaxLength = 200;

    private LeaveRequest() { }

    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public int DelegateId { get; private set; }

    public string Reason { get; private set; } = "";

    public LeaveStatus Status { get; private set; }

    public DateTime RequestedUtc { get; private set; }

    public DateTime? DecidedUtc { get; private set; }

    /// <summary>The convener's note on a refusal; empty otherwise.</summary>
    public string Note { get; private set; } = "";

    /// <summary>Asks for leave from a session, which must be published and not yet under way.</summary>
    public static LeaveRequest Ask(Session session, int delegateId, string reason, DateTime nowUtc)
    {
        RequireAskable(session);
        var request = new LeaveRequest { SessionId = session.Id, DelegateId = delegateId };
        request.Open(reason, nowUtc);
        return request;
    }

    /// <summary>Asks again: a pending request takes the new reason; a refused or withdrawn one is pending again.</summary>
    public void AskAgain(Session session, string reason, DateTime nowUtc)
    {
        RequireAskable(session);
        if (Status == LeaveStatus.Granted)
        {
            throw DomainException.Because("Leave.AlreadyGranted", session.Title);
        }
        Open(reason, nowUtc);
    }

    public void Grant(Session session, DateTime nowUtc)
    {
        RequireDecidable(session);
        Status = LeaveStatus.Granted;
        DecidedUtc = nowUtc;
        Note = "";
    }

    public void Refuse(Session session, string? note, DateTime nowUtc)
    {
        note = (note ?? "").Trim();
        new Validator().MaxLength(nameof(Note), note, NoteMaxLength, "Field.Note").ThrowIfInvalid();
        RequireDecidable(session);
        Status = LeaveStatus.Refused;
        DecidedUtc = nowUtc;
        Note = note;
    }

    public void Withdraw(Session session)
    {
        if (Status != LeaveStatus.Pending)
        {
            throw DomainException.Because("Leave.WithdrawNotPending", session.Title);
        }
        Status = LeaveStatus.Withdrawn;
    }

    private void Open(string reason, DateTime nowUtc)
    {
        reason = (reason ?? "").Trim();
        new Validator()
            .Require(nameof(Reason), reason, "Field.Reason")
            .MaxLength(nameof(Reason), reason, ReasonMaxLength, "Field.Reason")
            .ThrowIfInvalid();
        Reason = reason;
        Status = LeaveStatus.Pending;
        RequestedUtc = nowUtc;
        DecidedUtc = null;
        Note = "";
    }

    private static void RequireAskable(Session session)
    {
        if (session.Status != SessionStatus.Published)
        {
            throw DomainException.Because(session.Status == SessionStatus.Draft ? "Leave.NotPublished" : "Leave.Started", session.Title);
        }
    }

    private void RequireDecidable(Session session)
    {
        if (!session.DoorsOpen)
        {
            throw DomainException.Because("Leave.SessionOver", session.Title);
        }
        if (Status != LeaveStatus.Pending)
        {
            throw DomainException.Because("Leave.DecideNotPending", session.Title);
        }
    }
}

/// <summary>A leave request as the convener and the delegate see it.</summary>
public sealed record LeaveRow(int Id, int DelegateId, string Name, string? Community, string Reason, LeaveStatus Status, DateTime RequestedUtc, DateTime? DecidedUtc, string Note);

/// <summary>
/// Who is expected in the hall: every delegate of the term who is not retired, less those granted leave, against the
/// quorum (more than half of all).
/// </summary>
public sealed record ExpectedAttendance(int All, int OnLeave)
{
    public int Expected => All - OnLeave;

    public int Required => All / 2 + 1;

    /// <summary>Even if every delegate expected comes, the quorum is not reached.</summary>
    public bool Short => Expected < Required;
}
