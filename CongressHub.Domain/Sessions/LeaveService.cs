using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Sessions;

/// <summary>
/// Leave (请假) from a session: a delegate of the term asks before the session starts, the convener grants or refuses.
/// A grant records the delegate as excused, so the check-in list, the console and the minutes say so; a delegate who
/// comes anyway checks in as usual (present wins).
/// </summary>
public sealed class LeaveService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes, ILogger<LeaveService> log)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- the delegate

    /// <summary>Asks for leave, or changes the reason of a pending request, or asks again after a refusal or withdrawal.</summary>
    public async Task<int> AskAsync(Actor actor, int sessionId, string reason, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await SessionService.ViewableAsync(db, actor, sessionId, ct);
        var delegateId = await SessionService.RequireDelegateOfTermAsync(db, actor, session, ct, "Leave.NotDelegate");
        var request = await db.LeaveRequests.SingleOrDefaultAsync(r => r.SessionId == sessionId && r.DelegateId == delegateId, ct);
        if (request is null)
        {
            request = LeaveRequest.Ask(session, delegateId, reason, Now);
            db.LeaveRequests.Add(request);
        }
        else
        {
            request.AskAgain(session, reason, Now);
        }
        change.Audit("Leave.Asked", Subject(session), await DetailsAsync(db, session, delegateId, ct));
        await change.CommitAsync(ct);
        log.LogInformation("Leave asked from session {SessionId} (request {RequestId})", sessionId, request.Id);
        return request.Id;
    }

    /// <summary>Withdraws the delegate's pending request.</summary>
    public async Task WithdrawAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await SessionService.ViewableAsync(db, actor, sessionId, ct);
        var delegateId = await SessionService.RequireDelegateOfTermAsync(db, actor, session, ct, "Leave.NotDelegate");
        var request = await db.LeaveRequests.SingleOrDefaultAsync(r => r.SessionId == sessionId && r.DelegateId == delegateId, ct)
            ?? throw DomainException.Because("Leave.WithdrawNotPending", session.Title);
        request.Withdraw(session);
        change.Audit("Leave.Withdrawn", Subject(session), await DetailsAsync(db, session, delegateId, ct));
        await change.CommitAsync(ct);
    }

    /// <summary>The calling delegate's request for the session, if any; null for anyone who is not a delegate of its term.</summary>
    public async Task<LeaveRow?> MineAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await SessionService.ViewableAsync(db, actor, sessionId, ct);
        if (actor.DelegateId is not { } delegateId)
        {
            return null;
        }
        return (await RowsAsync(db, session, delegateId, ct)).SingleOrDefault();
    }

    // ---- the convener

    /// <summary>Every request for the session: pending first, then by when it was asked.</summary>
    public async Task<IReadOnlyList<LeaveRow>> ListAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await ManagedAsync(db, actor, sessionId, ct);
        return await RowsAsync(db, session, null, ct);
    }

    /// <summary>Grants a pending request: the delegate is recorded as excused, unless already checked in.</summary>
    public async Task GrantAsync(Actor actor, int sessionId, int requestId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await ManagedAsync(db, actor, sessionId, ct);
        var request = await RequestAsync(db, sessionId, requestId, ct);
        request.Grant(session, Now);
        var row = await db.Attendances.SingleOrDefaultAsync(a => a.SessionId == sessionId && a.DelegateId == request.DelegateId, ct);
        if (row is null)
        {
            db.Attendances.Add(Attendance.Record(sessionId, request.DelegateId, AttendanceStatus.Excused, bySelf: false, Now));
        }
        else if (row.Status == AttendanceStatus.Absent)
        {
            row.Change(AttendanceStatus.Excused, bySelf: false, Now);
        }
        change.Audit("Leave.Granted", Subject(session), await DetailsAsync(db, session, request.DelegateId, ct));
        await TellAsync(db, session, request, "Notice.LeaveGranted", ct);
        await change.CommitAsync(ct);
    }

    /// <summary>Refuses a pending request, with an optional note the delegate sees.</summary>
    public async Task RefuseAsync(Actor actor, int sessionId, int requestId, string? note, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await ManagedAsync(db, actor, sessionId, ct);
        var request = await RequestAsync(db, sessionId, requestId, ct);
        request.Refuse(session, note, Now);
        change.Audit("Leave.Refused", Subject(session), await DetailsAsync(db, session, request.DelegateId, ct));
        await TellAsync(db, session, request, "Notice.LeaveRefused", ct);
        await change.CommitAsync(ct);
    }

    private async Task TellAsync(CongressDbContext db, Session session, LeaveRequest request, string key, CancellationToken ct)
    {
        if (await db.Delegates.Where(d => d.Id == request.DelegateId).Select(d => d.UserId).SingleOrDefaultAsync(ct) is { } userId)
        {
            await Notices.NoticeWriter.ToUserAsync(db, session.StreetId, userId, Notices.NoticeKind.LeaveDecided, Notices.NoticeWriter.Key("leave", request.Id, Now), $"/sessions/{session.Id}", Now, ct,
                key, session.Title, request.Note);
        }
    }

    /// <summary>Delegates expected in the hall: all of the term who are not retired, less those granted leave.</summary>
    public async Task<ExpectedAttendance> ExpectedAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await ManagedAsync(db, actor, sessionId, ct);
        return await ExpectedAsync(db, session, ct);
    }

    internal static async Task<ExpectedAttendance> ExpectedAsync(CongressDbContext db, Session session, CancellationToken ct) =>
        new(await db.Delegates.CountAsync(d => d.TermId == session.TermId && d.RetiredUtc == null, ct),
            await db.LeaveRequests.CountAsync(r => r.SessionId == session.Id && r.Status == LeaveStatus.Granted
                && db.Delegates.Any(d => d.Id == r.DelegateId && d.TermId == session.TermId && d.RetiredUtc == null), ct));

    // ---- helpers

    private static string Subject(Session s) => SessionService.Subject(s);

    private static async Task<string> DetailsAsync(CongressDbContext db, Session session, int delegateId, CancellationToken ct) =>
        $"{session.Title}: {await db.Delegates.Where(d => d.Id == delegateId).Select(d => d.Name).SingleAsync(ct)}";

    private static async Task<IReadOnlyList<LeaveRow>> RowsAsync(CongressDbContext db, Session session, int? delegateId, CancellationToken ct)
    {
        var rows = await (
            from r in db.LeaveRequests
            where r.SessionId == session.Id && (delegateId == null || r.DelegateId == delegateId)
            join d in db.Delegates on r.DelegateId equals d.Id
            select new
            {
                r.Id, r.DelegateId, d.Name,
                Community = db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).FirstOrDefault(),
                r.Reason, r.Status, r.RequestedUtc, r.DecidedUtc, r.Note,
            }).AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(r => r.Status == LeaveStatus.Pending ? 0 : 1).ThenBy(r => r.RequestedUtc).ThenBy(r => r.Id)
            .Select(r => new LeaveRow(r.Id, r.DelegateId, r.Name, r.Community, r.Reason, r.Status, r.RequestedUtc, r.DecidedUtc, r.Note)).ToList();
    }

    private static async Task<LeaveRequest> RequestAsync(CongressDbContext db, int sessionId, int requestId, CancellationToken ct) =>
        await db.LeaveRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.SessionId == sessionId, ct) ?? throw new NotFoundException();

    private static async Task<Session> ManagedAsync(CongressDbContext db, Actor actor, int sessionId, CancellationToken ct)
    {
        // The street's convener, or for a council meeting its community's staff (Access.CanRun).
        var session = await db.Sessions.FindAsync([sessionId], ct);
        return session is not null && Access.CanRun(actor, session.StreetId, session.CommunityId) ? session
            : throw Access.Refusal(actor, session?.StreetId);
    }
}
