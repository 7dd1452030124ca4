using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Tracking;

/// <summary>
/// Questions in the hall: a delegate asks a department during a live session, the convener puts a question up on the
/// projector, and the department's officers answer it on the spot (a leader states an intention where it needs study).
/// A question is a tracked item from then on, answered and followed up like any other; the items of the session's
/// follow-up report are answered on the spot the same way.
/// </summary>
public sealed class HallQuestionService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes, TrackingService tracking)
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
        if (!session.IsCongressSitting)
        {
            // Questions to the street's departments are the congress's; a council's members raise a topic instead, the
            // committee takes departments' requests.
            throw DomainException.Because(session.IsCommitteeMeeting ? "Hall.NotAtCommittee" : "Hall.NotAtCouncil", session.Title);
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

    /// <summary>The acting delegate's own questions in the session, with the answers given so far.</summary>
    public async Task<IReadOnlyList<HallQuestion>> MyQuestionsAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        if (actor.DelegateId is not { } me)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        return await HallQuestionsAsync(db, sessionId, null, ct, me);
    }

    // ---- answered on the spot (科室现场答复, 领导表示意向)

    /// <summary>
    /// Who may answer an item on the spot: an officer of its department, or one of the street's leaders for any
    /// department. Pages ask it to show the answer box; the service asks it again before it acts.
    /// </summary>
    public static bool CanAnswerOnTheSpot(int? itemDepartmentId, int? myDepartmentId, bool isLeader) =>
        isLeader || itemDepartmentId is { } d && d == myDepartmentId;

    /// <summary>Whether the item's state still takes an answer given on the spot (a hall question not yet assigned is assigned first).</summary>
    public static bool TakesAnswer(TrackedKind kind, TrackedState state, int? departmentId) =>
        kind is TrackedKind.Opinion or TrackedKind.Question && departmentId is not null
        && (state == TrackedState.Assigned || kind == TrackedKind.Question && state is TrackedState.Submitted or TrackedState.Accepted);

    /// <summary>Whether the item's state still takes a leader's intention: before it is decided, also after an answer.</summary>
    public static bool TakesIntention(TrackedKind kind, TrackedState state, int? departmentId) =>
        TakesAnswer(kind, state, departmentId) || kind is TrackedKind.Opinion or TrackedKind.Question && state == TrackedState.Answered;

    /// <summary>
    /// An officer answers an item of the live session on the spot: a question asked in it, or an item of its follow-up
    /// report. The answer is recorded on the item as given in this session, and the minutes say so.
    /// </summary>
    public Task<OnTheSpotResult> AnswerOnTheSpotAsync(Actor actor, int sessionId, int itemId, string? text, CancellationToken ct = default) =>
        OnTheSpotAsync(actor, sessionId, itemId, text, intention: false, ct);

    /// <summary>
    /// A leader states an intention on the spot for what needs study or approval: the item moves to IntentionStated,
    /// its next step, and waits for the decision.
    /// </summary>
    public Task<OnTheSpotResult> StateIntentionOnTheSpotAsync(Actor actor, int sessionId, int itemId, string? text, CancellationToken ct = default) =>
        OnTheSpotAsync(actor, sessionId, itemId, text, intention: true, ct);

    private async Task<OnTheSpotResult> OnTheSpotAsync(Actor actor, int sessionId, int itemId, string? text, bool intention, CancellationToken ct)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        change.Conflict = "Tracking.Conflict";
        var db = change.Db;
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        var officer = await OfficerOfAsync(db, actor, session.StreetId, ct) ?? throw ForbiddenException.Because("Tracking.OnTheSpotOfficersOnly");
        var item = await db.TrackedItems.FindAsync([itemId], ct);
        if (item is null || item.StreetId != session.StreetId || !await BelongsToAsync(db, session, item, ct))
        {
            throw new NotFoundException();
        }
        if (intention && !officer.IsLeader)
        {
            throw ForbiddenException.Because("Tracking.OnlyLeadersStateIntention");
        }
        if (!CanAnswerOnTheSpot(item.DepartmentId, officer.DepartmentId, officer.IsLeader))
        {
            throw ForbiddenException.Because("Tracking.OnlyOwnDepartment");
        }
        if (!session.IsLive)
        {
            throw DomainException.Because("Session.NotLive", session.Title);
        }
        var field = intention ? "Intention" : "Answer";
        new Validator().Require(field, text, "Field." + field).MaxLength(field, text, TrackedItem.NoteMaxLength, "Field." + field).ThrowIfInvalid();
        RequireAnswerable(item, intention);

        var subject = $"Tracked item {item.Id}";
        var by = officer.Label;
        if (item.State is TrackedState.Submitted or TrackedState.Accepted)
        {
            // A question asked in this hall and not yet triaged: accepted and assigned to the department it was
            // addressed to, in the same change, so that the answer lands on an assigned item like any other.
            var from = item.State;
            var due = await TrackingService.DefaultDueAsync(db, item.StreetId, Now, ct);
            var department = await db.Departments.Where(d => d.Id == item.DepartmentId).Select(d => d.Name).SingleAsync(ct);
            item.Assign(item.DepartmentId, null, due, DateOnly.FromDateTime(SessionTime.Local(Now)), Now);
            db.TrackedEvents.Add(TrackedEvent.By(item.Id, actor, from, item.State, TrackedNote.System("Tracking.AcceptedAssigned", department, due), Now));
            change.Audit("Tracking.AcceptedOnTheSpot", subject, $"{session.Title} · {department} · {item.Title}");
        }
        var before = item.State;
        if (intention)
        {
            item.StateIntentionOnTheSpot(session.Id, officer.Id, text, Now);
        }
        else
        {
            item.AnswerOnTheSpot(session.Id, officer.Id, text, Now);
        }
        db.TrackedEvents.Add(TrackedEvent.By(item.Id, actor, before, item.State, TrackedNote.Written(intention ? item.Intention : item.Answer), Now));
        await tracking.TellResidentAsync(change, item, before, ct);
        db.MinutesEntries.Add(MinutesEntry.Log(session.Id, Now, intention ? "Log.IntentionOnTheSpot" : "Log.AnsweredOnTheSpot", by, item.Title));
        change.Audit(intention ? "Tracking.IntentionOnTheSpot" : "Tracking.AnsweredOnTheSpot", subject, $"{session.Title} · {by} · {item.Title}");
        var itemDepartment = await db.Departments.Where(d => d.Id == item.DepartmentId).Select(d => d.Name).SingleOrDefaultAsync(ct);
        // The minutes line tells the session's screens (the console, the projector, the asker's phone), also for an
        // item of the follow-up report, which was not asked in this session.
        await change.CommitAsync(ct);
        return new OnTheSpotResult(item.Id, item.State, item.Answer, item.Intention, itemDepartment, by, session.Id);
    }

    /// <summary>Refuses, with the reason, an item whose state no longer takes what is given on the spot.</summary>
    private static void RequireAnswerable(TrackedItem item, bool intention)
    {
        if (item.IsDecidedWork)
        {
            throw DomainException.Because("Tracking.DecidedWorkNoAnswer", item.Title);
        }
        if (item.State >= TrackedState.Decided)
        {
            throw DomainException.Because("Tracking.AlreadyDecided", item.Title, item.State.Label());
        }
        if (intention && item.State == TrackedState.IntentionStated)
        {
            throw DomainException.Because("Tracking.AlreadyIntended", item.Title);
        }
        if (!intention && item.State is TrackedState.Answered or TrackedState.IntentionStated)
        {
            throw DomainException.Because("Tracking.AlreadyAnswered", item.Title, item.State.Label());
        }
        if (item.DepartmentId is null)
        {
            // Returned to triage: the convener assigns it again before anyone answers.
            throw DomainException.Because("Tracking.Refused", item.Title, item.State.Label(), (intention ? TrackedState.IntentionStated : TrackedState.Answered).Label());
        }
    }

    /// <summary>An item is the session's when it was asked there or is reported back in its follow-up report.</summary>
    private static async Task<bool> BelongsToAsync(CongressDbContext db, Session session, TrackedItem item, CancellationToken ct) =>
        item.Kind == TrackedKind.Question && item.SessionId == session.Id
        || await FollowUpService.FollowUpItems(db, session).AnyAsync(i => i.Id == item.Id, ct);

    /// <summary>The officer a signed-in officer acts as, still serving in the street; null for anyone else.</summary>
    private static async Task<HallOfficer?> OfficerOfAsync(CongressDbContext db, Actor actor, int streetId, CancellationToken ct)
    {
        if (!actor.IsInRole(Roles.Officer) || actor.OfficerId is not { } id)
        {
            return null;
        }
        var o = await db.Officers.AsNoTracking().Where(x => x.Id == id && x.StreetId == streetId && x.RetiredUtc == null)
            .Select(x => new { x.Id, x.Name, x.Position, x.DepartmentId, x.IsLeader, Department = db.Departments.Where(d => d.Id == x.DepartmentId).Select(d => d.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        return o is null ? null : new HallOfficer(o.Id, o.Name, o.Position, o.DepartmentId, o.Department, o.IsLeader);
    }

    private sealed record HallOfficer(int Id, string Name, string Position, int? DepartmentId, string? Department, bool IsLeader)
    {
        /// <summary>How the hall and the minutes name who answered: a department by its name, a leader by post and name.</summary>
        public string Label => Answerer(Name, Position, Department);
    }

    private static string Answerer(string name, string position, string? department) => department ?? $"{position} {name}";

    /// <summary>Who answered each item on the spot, by officer.</summary>
    private static async Task<Dictionary<int, string>> AnswerersAsync(CongressDbContext db, IEnumerable<int?> officerIds, CancellationToken ct)
    {
        var ids = officerIds.OfType<int>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var officers = await db.Officers.AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.Position, Department = db.Departments.Where(d => d.Id == o.DepartmentId).Select(d => d.Name).FirstOrDefault() })
            .ToListAsync(ct);
        return officers.ToDictionary(o => o.Id, o => Answerer(o.Name, o.Position, o.Department));
    }

    /// <summary>
    /// The signed-in officer's hall: the session's questions to their department and their department's items in its
    /// follow-up report (a leader: every question, and the follow-up items that still need study), each with whether
    /// they may answer it now.
    /// </summary>
    public async Task<OfficerHall> OfficerHallAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !actor.BelongsTo(session.StreetId) || session.Status == SessionStatus.Draft)
        {
            throw new NotFoundException();
        }
        var me = await OfficerOfAsync(db, actor, session.StreetId, ct) ?? throw ForbiddenException.Because("Tracking.OnTheSpotOfficersOnly");
        var questions = await db.TrackedItems.AsNoTracking()
            .Where(i => i.SessionId == sessionId && i.Kind == TrackedKind.Question && (me.IsLeader || i.DepartmentId == me.DepartmentId))
            .ToListAsync(ct);
        var study = new[] { TrackedState.Assigned, TrackedState.Answered };
        var followUp = await FollowUpService.FollowUpItems(db, session).AsNoTracking()
            .Where(i => i.DepartmentId != null && (me.IsLeader
                ? (i.Kind == TrackedKind.Opinion || i.Kind == TrackedKind.Question) && (study.Contains(i.State) || i.OnTheSpotSessionId == sessionId)
                : i.DepartmentId == me.DepartmentId))
            .ToListAsync(ct);
        var all = questions.Concat(followUp).ToList();
        var delegateIds = all.Select(i => i.DelegateId).OfType<int>().Distinct().ToList();
        var delegates = await db.Delegates.Where(d => delegateIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var departments = await db.Departments.Where(d => d.StreetId == session.StreetId).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var communities = await db.Communities.Where(c => c.StreetId == session.StreetId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var answerers = await AnswerersAsync(db, all.Select(i => i.OnTheSpotOfficerId), ct);
        var live = session.Status == SessionStatus.Live;
        OfficerHallItem Row(TrackedItem i)
        {
            var raisedBy = i.DelegateId is { } d && delegates.TryGetValue(d, out var name) ? name
                : (i.CommunityId ?? i.AssignedCommunityId) is { } c && communities.TryGetValue(c, out var community) ? $"{i.Kind.Label()} · {community}"
                : i.Kind.Label();
            var mayAct = live && CanAnswerOnTheSpot(i.DepartmentId, me.DepartmentId, me.IsLeader);
            return new OfficerHallItem(i.Id, i.Kind, i.Title, i.Text, raisedBy, i.DepartmentId is { } dep ? departments.GetValueOrDefault(dep) : null, i.State,
                i.Answer, i.Intention, i.OnTheSpotSessionId == sessionId, i.OnTheSpotOfficerId is { } o ? answerers.GetValueOrDefault(o) : null,
                mayAct && TakesAnswer(i.Kind, i.State, i.DepartmentId),
                mayAct && me.IsLeader && TakesIntention(i.Kind, i.State, i.DepartmentId));
        }
        // What still waits for an answer first, then the rest, newest first.
        static List<OfficerHallItem> Ordered(IEnumerable<OfficerHallItem> rows) =>
            rows.OrderByDescending(r => r.CanAnswer || r.CanStateIntention).ThenByDescending(r => r.Id).ToList();
        return new OfficerHall(sessionId, me.Name, me.Department, me.IsLeader, Ordered(questions.Select(Row)), Ordered(followUp.Select(Row)));
    }

    internal static async Task<List<HallQuestion>> HallQuestionsAsync(CongressDbContext db, int sessionId, int? onlyId, CancellationToken ct, int? askedBy = null)
    {
        var rows = await (from i in db.TrackedItems
                          where i.SessionId == sessionId && i.Kind == TrackedKind.Question && (onlyId == null || i.Id == onlyId) && (askedBy == null || i.DelegateId == askedBy)
                          orderby i.Id
                          select new
                          {
                              i.Id,
                              i.Text,
                              Delegate = db.Delegates.Where(d => d.Id == i.DelegateId).Select(d => d.Name).FirstOrDefault() ?? "",
                              Department = db.Departments.Where(d => d.Id == i.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                              i.State,
                              i.Answer,
                              i.Intention,
                              i.CreatedUtc,
                              i.OnTheSpotSessionId,
                              i.OnTheSpotOfficerId,
                          }).AsNoTracking().ToListAsync(ct);
        var answerers = await AnswerersAsync(db, rows.Select(r => r.OnTheSpotOfficerId), ct);
        return rows.Select(r => new HallQuestion(r.Id, r.Text, r.Delegate, r.Department, r.State, r.Answer, r.Intention, r.CreatedUtc)
        {
            OnTheSpot = r.OnTheSpotSessionId == sessionId,
            AnsweredBy = r.OnTheSpotOfficerId is { } o ? answerers.GetValueOrDefault(o) : null,
        }).ToList();
    }
}
