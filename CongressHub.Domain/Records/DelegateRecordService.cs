using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Records;

/// <summary>
/// Each delegate's record of service (代表履职档案), built from what already happened and never typed twice: the
/// congress's sessions of their term attended, excused and missed; motions sponsored and co-signed with what became of
/// them; questions asked in the hall and where they stand; opinions brought through them; speeches given and their
/// time; follow-up ratings given (their number only: what a delegate rated stays theirs). The delegate reads their own,
/// the convener every delegate's of the street; another street's is not found.
/// </summary>
public sealed class DelegateRecordService(IDbContextFactory<CongressDbContext> dbFactory)
{
    public async Task<DelegateRecord> RecordAsync(Actor actor, int delegateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var d = await db.Delegates.AsNoTracking().SingleOrDefaultAsync(x => x.Id == delegateId, ct);
        if (d is null || !actor.BelongsTo(d.StreetId) || !(Access.CanManageStreet(actor) || actor.DelegateId == delegateId))
        {
            throw d is not null && actor.BelongsTo(d.StreetId) ? new ForbiddenException() : new NotFoundException();
        }
        return await BuildAsync(db, d, ct);
    }

    internal static async Task<DelegateRecord> BuildAsync(CongressDbContext db, CongressDelegate d, CancellationToken ct)
    {
        var term = await db.Terms.AsNoTracking().SingleAsync(t => t.Id == d.TermId, ct);
        var community = d.CommunityId is { } c ? await db.Communities.Where(x => x.Id == c).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        // The congress's sittings of the term that were held, and how this delegate stood at each.
        var held = await db.Sessions.AsNoTracking().CongressSittingsHeld().Where(s => s.TermId == d.TermId)
            .Select(s => new { s.Id, Status = db.Attendances.Where(a => a.SessionId == s.Id && a.DelegateId == d.Id).Select(a => (AttendanceStatus?)a.Status).FirstOrDefault() })
            .ToListAsync(ct);
        var attended = held.Count(s => s.Status is AttendanceStatus.Present or AttendanceStatus.Left);
        var excused = held.Count(s => s.Status == AttendanceStatus.Excused);
        var sponsored = await db.Motions.AsNoTracking().Where(m => m.SponsorId == d.Id && m.Status != MotionStatus.Draft).OrderBy(m => m.Id)
            .Select(m => new RecordMotion(m.Id, m.Title, m.Status)).ToListAsync(ct);
        var cosigned = await (from c2 in db.Cosignatures.AsNoTracking()
                              join m in db.Motions on c2.MotionId equals m.Id
                              where c2.DelegateId == d.Id
                              orderby m.Id
                              select new RecordMotion(m.Id, m.Title, m.Status)).ToListAsync(ct);
        var questions = await db.TrackedItems.AsNoTracking().Where(i => i.DelegateId == d.Id && i.Kind == TrackedKind.Question).OrderBy(i => i.Id)
            .Select(i => new RecordItem(i.Id, i.Title, i.State)).ToListAsync(ct);
        var opinions = await db.TrackedItems.AsNoTracking().Where(i => i.DelegateId == d.Id && i.Kind == TrackedKind.Opinion).OrderBy(i => i.Id)
            .Select(i => new RecordItem(i.Id, i.Title, i.State)).ToListAsync(ct);
        var speeches = await db.SpeakerRequests.AsNoTracking().Where(r => r.DelegateId == d.Id && r.Status == SpeakerStatus.Done && r.StartedUtc != null && r.EndedUtc != null)
            .Select(r => new { r.StartedUtc, r.EndedUtc }).ToListAsync(ct);
        var ratings = await db.FollowUpRatings.CountAsync(r => r.DelegateId == d.Id, ct);
        return new DelegateRecord(d.Id, d.Name, d.Category, community, term.Number, held.Count, attended, excused, held.Count - attended - excused,
            sponsored, cosigned, questions, opinions, speeches.Count, (int)speeches.Sum(s => (s.EndedUtc!.Value - s.StartedUtc!.Value).TotalSeconds), ratings);
    }
}

public sealed record RecordMotion(int Id, string Title, MotionStatus Status);

public sealed record RecordItem(int Id, string Title, TrackedState State);

public sealed record DelegateRecord(
    int DelegateId,
    string Name,
    DelegateCategory Category,
    string? Community,
    int TermNumber,
    int SittingsHeld,
    int Attended,
    int Excused,
    int Absent,
    IReadOnlyList<RecordMotion> Sponsored,
    IReadOnlyList<RecordMotion> Cosigned,
    IReadOnlyList<RecordItem> Questions,
    IReadOnlyList<RecordItem> Opinions,
    int Speeches,
    int SpeakingSeconds,
    int FollowUpRatings);
