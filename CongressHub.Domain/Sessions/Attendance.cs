namespace CongressHub.Domain.Sessions;

/// <summary>Whether a delegate is in the hall for a session; one row per delegate and session.</summary>
public sealed class Attendance
{
    private Attendance() { }

    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public int DelegateId { get; private set; }

    public AttendanceStatus Status { get; private set; }

    public DateTime ChangedUtc { get; private set; }

    /// <summary>True when the delegate checked in on their own device, false when the convener marked them.</summary>
    public bool BySelf { get; private set; }

    public static Attendance Record(int sessionId, int delegateId, AttendanceStatus status, bool bySelf, DateTime nowUtc) =>
        new() { SessionId = sessionId, DelegateId = delegateId, Status = status, BySelf = bySelf, ChangedUtc = nowUtc };

    public void Change(AttendanceStatus status, bool bySelf, DateTime nowUtc)
    {
        Status = status;
        BySelf = bySelf;
        ChangedUtc = nowUtc;
    }
}
