using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Tracking;

/// <summary>
/// Questions in the hall: a delegate asks a department during a live session, the convener puts a question up on the
/// projector. A question is a tracked item from then on, answered and followed up like any other.
/// </summary>
public sealed class HallQuestionService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>A delegate's question or proposal during a live session, addressed to a department.</summary>
    public async Task<int> AskAsync(Actor actor, int sessionId, QuestionInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        if (actor.DelegateId is not { } delegateId || !await db.Delegates.AnyAsync(d => d.Id == delegateId && d.TermId == session.TermId && d.RetiredUtc == null, ct))
        {
            throw new ForbiddenException();
        }
        if (!session.IsLive)
        {
            throw DomainException.Because("Session.NotLive", session.Title);
        }
        input.Validate();
        await TrackingService.RequireDepartmentAsync(db, session.StreetId, input.DepartmentId, ct);
        var id = await TrackingService.AddAsync(change, TrackedItem.Question(session.StreetId, sessionId, delegateId, input, Now), ct);
        await change.CommitAsync(ct);
        return id;
    }

    /// <summary>The convener puts a hall question up on the projector (null takes it down).</summary>
    public async Task ShowOnProjectorAsync(Actor actor, int sessionId, int? itemId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var session = Access.InStreet(await db.Sessions.FindAsync([sessionId], ct), streetId, s => s.StreetId);
        if (itemId is { } id && !await db.TrackedItems.AnyAsync(i => i.Id == id && i.SessionId == sessionId && i.Kind == TrackedKind.Question, ct))
        {
            throw new NotFoundException();
        }
        session.ShowQuestion(itemId);
        await change.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<HallQuestion>> ListHallQuestionsAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        return await HallQuestionsAsync(db, sessionId, null, ct);
    }

    internal static async Task<List<HallQuestion>> HallQuestionsAsync(CongressDbContext db, int sessionId, int? onlyId, CancellationToken ct) =>
        await (from i in db.TrackedItems
               where i.SessionId == sessionId && i.Kind == TrackedKind.Question && (onlyId == null || i.Id == onlyId)
               orderby i.Id
               select new HallQuestion(i.Id, i.Text,
                   db.Delegates.Where(d => d.Id == i.DelegateId).Select(d => d.Name).FirstOrDefault() ?? "",
                   db.Departments.Where(d => d.Id == i.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                   i.State, i.Answer, i.Intention, i.CreatedUtc)).AsNoTracking().ToListAsync(ct);
}
