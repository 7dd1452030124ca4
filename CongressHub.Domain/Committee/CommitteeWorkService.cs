using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Committee;

/// <summary>
/// The committee's workspace (居民自治委员会组织社区协办): departments, and the convener for work the congress agreed, ask for
/// communities' help; the committee's members (and the convener) discuss each request, agree how it is done, assign it
/// to communities with due dates, follow the communities' tasks and close it with a summary for whoever asked. A member
/// acts only here: membership gives no other right.
/// </summary>
public sealed class CommitteeWorkService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(Now));

    /// <summary>The requests the actor may see: all of them for the committee and the convener, their department's for an officer.</summary>
    public async Task<CommitteeWorkView> ViewAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var works = Access.CanManageStreet(actor) || await IsMemberAsync(db, actor, ct);
        var department = await TrackingService.MyDepartmentAsync(db, actor, ct);
        if (!works && !actor.IsInRole(Roles.Officer))
        {
            throw new ForbiddenException();
        }
        var q = db.CommitteeRequests.AsNoTracking().Where(r => r.StreetId == streetId);
        if (!works && department is not null)
        {
            // A department's officers follow their own requests; the street's leaders (officers of no department) read them all.
            q = q.Where(r => r.DepartmentId == department);
        }
        var today = Today;
        var rows = await q.OrderBy(r => r.State == CommitteeRequestState.Closed || r.State == CommitteeRequestState.Declined).ThenByDescending(r => r.CreatedUtc).ThenByDescending(r => r.Id)
            .Select(r => new CommitteeRequestRow(r.Id, r.Title,
                db.Departments.Where(d => d.Id == r.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                r.State, r.WantedBy,
                db.TrackedItems.Count(i => i.RequestId == r.Id),
                db.TrackedItems.Count(i => i.RequestId == r.Id && i.State >= TrackedState.Done),
                db.TrackedItems.Count(i => i.RequestId == r.Id && i.State < TrackedState.Done && i.DueOn < today),
                r.CreatedUtc))
            .ToListAsync(ct);
        var convener = Access.CanManageStreet(actor);
        var meetings = works ? await MeetingsAsync(db, streetId, convener, ct) : [];
        return new CommitteeWorkView(rows, works, department is not null || convener, meetings, convener);
    }

    /// <summary>The meetings of the current term's committee, newest first: all of them for the convener, those published for its members.</summary>
    private async Task<IReadOnlyList<CommitteeMeetingRow>> MeetingsAsync(CongressDbContext db, int streetId, bool convener, CancellationToken ct)
    {
        var congress = await CommitteeService.CurrentTerm(db, streetId, Now).FirstOrDefaultAsync(ct);
        if (congress is null)
        {
            return [];
        }
        var body = CommitteeService.BodyOf(db, congress).Select(t => t.Id);
        return await db.Sessions.AsNoTracking()
            .Where(s => s.StreetId == streetId && s.Kind == SessionKind.CommitteeMeeting && body.Contains(s.TermId) && (convener || s.Status != SessionStatus.Draft))
            .OrderByDescending(s => s.ScheduledUtc).ThenByDescending(s => s.Id)
            .Select(s => new CommitteeMeetingRow(s.Id, s.Title, s.ScheduledUtc, s.Place, s.Status)).ToListAsync(ct);
    }

    /// <summary>One request with its discussion and its communities' tasks.</summary>
    public async Task<CommitteeRequestDetail> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var r = Access.InStreet(await db.CommitteeRequests.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct), streetId, x => x.StreetId);
        var works = Access.CanManageStreet(actor) || await IsMemberAsync(db, actor, ct);
        if (!works && !(actor.IsInRole(Roles.Officer) && await TrackingService.MyDepartmentAsync(db, actor, ct) is var mine && (mine is null || mine == r.DepartmentId)))
        {
            throw new ForbiddenException();
        }
        var today = Today;
        var notes = await db.CommitteeRequestNotes.AsNoTracking().Where(n => n.RequestId == id).OrderBy(n => n.AtUtc).ThenBy(n => n.Id)
            .Select(n => new CommitteeNoteRow(n.Who, n.Text, n.AtUtc)).ToListAsync(ct);
        var tasks = await db.TrackedItems.AsNoTracking().Where(i => i.RequestId == id)
            .OrderBy(i => db.Communities.Where(c => c.Id == i.AssignedCommunityId).Select(c => c.SortOrder).FirstOrDefault()).ThenBy(i => i.Id)
            .Select(i => new CommitteeTaskRow(i.Id, i.AssignedCommunityId ?? 0,
                db.Communities.Where(c => c.Id == i.AssignedCommunityId).Select(c => c.Name).FirstOrDefault() ?? "",
                i.State, i.DueOn, i.State < TrackedState.Done && i.DueOn < today,
                db.TrackedEvents.Where(e => e.ItemId == i.Id && e.Note != null).OrderByDescending(e => e.Id).Select(e => e.Note).FirstOrDefault()))
            .ToListAsync(ct);
        var communities = (await db.Communities.AsNoTracking().Where(c => c.StreetId == streetId).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => new CommunityChoice(c.Id, c.Name)).ToList();
        var from = r.DepartmentId is { } d ? await db.Departments.Where(x => x.Id == d).Select(x => x.Name).SingleAsync(ct) : null;
        var session = r.SessionId is { } s ? await db.Sessions.Where(x => x.Id == s).Select(x => x.Title).SingleAsync(ct) : null;
        return new CommitteeRequestDetail(r.Id, r.Title, r.Need, from, r.RequestedBy, r.SessionId, session, r.WantedBy, r.State, r.AgreedWay, r.Outcome,
            r.CreatedUtc, notes, tasks, communities, works, r.Version);
    }

    /// <summary>
    /// A department's officer asks for its department; the convener asks for a department or for work the congress agreed
    /// at a session. The committee's members are told.
    /// </summary>
    public async Task<int> SubmitAsync(Actor actor, CommitteeRequestInput input, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        int? department;
        if (Access.CanManageStreet(actor))
        {
            department = input.DepartmentId;
            if (department is { } dep)
            {
                await TrackingService.RequireDepartmentAsync(db, streetId, dep, ct);
            }
        }
        else
        {
            department = await TrackingService.MyDepartmentAsync(db, actor, ct) ?? throw new ForbiddenException();
            if (input.DepartmentId is { } other && other != department)
            {
                throw new ForbiddenException();
            }
        }
        if (input.SessionId is { } sid)
        {
            Access.InStreet(await db.Sessions.FindAsync([sid], ct), streetId, s => s.StreetId);
        }
        if (input.WantedBy is { } wanted && wanted < Today)
        {
            throw new ValidationFailedException([new FieldError(nameof(input.WantedBy), DomainText.Get("CommitteeWork.WantedInPast"))]);
        }
        var request = CommitteeRequest.Submit(streetId, department, actor.DisplayName ?? actor.UserName ?? "", input with { DepartmentId = department }, Now);
        db.CommitteeRequests.Add(request);
        await change.SaveAsync(ct);
        var members = await MemberUsersAsync(db, streetId, ct);
        await NoticeWriter.ToUsersAsync(db, streetId, members, NoticeKind.ItemAssigned, NoticeWriter.Key("committee-request", request.Id, Now), Link(request.Id), Now, ct,
            "Notice.CommitteeRequest", request.Title);
        change.Audit("CommitteeWork.Submitted", Subject(request.Id), request.Title);
        await change.CommitAsync(ct);
        return request.Id;
    }

    /// <summary>A line of the committee's discussion.</summary>
    public async Task DiscussAsync(Actor actor, int id, string text, CancellationToken ct = default)
    {
        await using var change = await BeginWorkAsync(actor, ct);
        var r = await RequestAsync(change.Db, actor, id, ct);
        if (r.State is CommitteeRequestState.Closed or CommitteeRequestState.Declined)
        {
            throw DomainException.Because("CommitteeWork.WrongState", r.State.Label());
        }
        change.Db.CommitteeRequestNotes.Add(CommitteeRequestNote.Write(r.Id, Who(actor), text ?? "", Now));
        change.Audit("CommitteeWork.Discussed", Subject(r.Id), r.Title);
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// Agreed how it is done and assigned to communities, each a task due by <see cref="CommitteeAssignInput.DueOn"/>;
    /// further communities may be added while it is followed, with their own date. The communities' staff are told.
    /// </summary>
    public async Task<IReadOnlyList<int>> AssignAsync(Actor actor, int id, CommitteeAssignInput input, CancellationToken ct = default)
    {
        await using var change = await BeginWorkAsync(actor, ct);
        var db = change.Db;
        var r = await RequestAsync(db, actor, id, ct);
        var task = new TaskInput(r.Title, input.AgreedWay ?? "", input.CommunityIds ?? [], input.DueOn);
        task.Validate();
        if (input.DueOn < Today)
        {
            throw new ValidationFailedException([new FieldError(nameof(input.DueOn), DomainText.Get("Tracking.DueInPast"))]);
        }
        var chosen = task.CommunityIds.Distinct().ToList();
        var known = await db.Communities.Where(c => c.StreetId == r.StreetId && chosen.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        if (known.Count != chosen.Count)
        {
            throw new ValidationFailedException([new FieldError(nameof(input.CommunityIds), DomainText.Get("Validation.UnknownCommunityId"))]);
        }
        var already = await db.TrackedItems.Where(i => i.RequestId == r.Id && chosen.Contains(i.AssignedCommunityId!.Value)).Select(i => i.AssignedCommunityId!.Value).ToListAsync(ct);
        if (already.Count > 0)
        {
            throw new ValidationFailedException([new FieldError(nameof(input.CommunityIds), DomainText.Get("CommitteeWork.AlreadyAssigned",
                string.Join("、", known.Where(c => already.Contains(c.Id)).Select(c => c.Name))))]);
        }
        r.Assign(task.AgreedWay, Now);
        var ids = new List<int>();
        foreach (var c in chosen)
        {
            var item = TrackedItem.Task(r.StreetId, r.SessionId, c, task, Now, r.Id);
            db.TrackedItems.Add(item);
            await change.SaveAsync(ct);
            db.TrackedEvents.Add(TrackedEvent.By(item.Id, actor, TrackedState.Submitted, TrackedState.Assigned, TrackedNote.System("CommitteeWork.TaskNote", r.Title, input.DueOn), Now));
            var staff = await StaffOfAsync(db, r.StreetId, c, ct);
            await NoticeWriter.ToUsersAsync(db, r.StreetId, staff, NoticeKind.ItemAssigned, NoticeWriter.Key("assigned", item.Id, Now), $"/tracking/{item.Id}", Now, ct,
                "Notice.Assigned", item.Title, SystemText.Date(input.DueOn));
            ids.Add(item.Id);
        }
        change.Audit("CommitteeWork.Assigned", Subject(r.Id), $"{r.Title} → {string.Join("、", known.Select(c => c.Name))}");
        await change.CommitAsync(ct);
        return ids;
    }

    /// <summary>Declined with a reason, which goes back to whoever asked.</summary>
    public async Task DeclineAsync(Actor actor, int id, string reason, CancellationToken ct = default)
    {
        await using var change = await BeginWorkAsync(actor, ct);
        var r = await RequestAsync(change.Db, actor, id, ct);
        r.Decline(reason ?? "", Now);
        await TellAskerAsync(change.Db, r, "Notice.CommitteeDeclined", ct);
        change.Audit("CommitteeWork.Declined", Subject(r.Id), r.Title);
        await change.CommitAsync(ct);
    }

    /// <summary>Chases a community's task (催办): a note in the task's history, and its community's staff are told.</summary>
    public async Task ChaseAsync(Actor actor, int id, int itemId, string note, CancellationToken ct = default)
    {
        await using var change = await BeginWorkAsync(actor, ct);
        var db = change.Db;
        var r = await RequestAsync(db, actor, id, ct);
        var item = await db.TrackedItems.SingleOrDefaultAsync(i => i.Id == itemId && i.RequestId == r.Id, ct) ?? throw new NotFoundException();
        if (item.State >= TrackedState.Done)
        {
            throw DomainException.Because("CommitteeWork.TaskDone");
        }
        new Validator().Require("Note", note, "Field.Note").MaxLength("Note", note, TrackedItem.NoteMaxLength, "Field.Note").ThrowIfInvalid();
        db.TrackedEvents.Add(TrackedEvent.By(item.Id, actor, item.State, item.State, TrackedNote.System("CommitteeWork.ChasedNote", note.Trim()), Now));
        var staff = await StaffOfAsync(db, r.StreetId, item.AssignedCommunityId, ct);
        await NoticeWriter.ToUsersAsync(db, r.StreetId, staff, NoticeKind.ItemOverdue, NoticeWriter.Key("chased", item.Id, Now), $"/tracking/{item.Id}", Now, ct,
            "Notice.CommitteeChased", item.Title, note.Trim());
        change.Audit("CommitteeWork.Chased", Subject(r.Id), $"{r.Title} #{item.Id}");
        await change.CommitAsync(ct);
    }

    /// <summary>Closed with a summary once every community's task is done; the summary goes back to whoever asked.</summary>
    public async Task CloseAsync(Actor actor, int id, string summary, CancellationToken ct = default)
    {
        await using var change = await BeginWorkAsync(actor, ct);
        var db = change.Db;
        var r = await RequestAsync(db, actor, id, ct);
        var states = await db.TrackedItems.Where(i => i.RequestId == r.Id).Select(i => i.State).ToListAsync(ct);
        r.Close(summary ?? "", states.Count > 0 && states.All(s => s >= TrackedState.Done), Now);
        await TellAskerAsync(db, r, "Notice.CommitteeClosed", ct);
        change.Audit("CommitteeWork.Closed", Subject(r.Id), r.Title);
        await change.CommitAsync(ct);
    }

    /// <summary>Whether the actor sits on the committee of the street's current term (through their delegate seat).</summary>
    public async Task<bool> IsMemberAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await IsMemberAsync(db, actor, ct);
    }

    private async Task<bool> IsMemberAsync(CongressDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.StreetId is not { } streetId || actor.DelegateId is not { } me)
        {
            return false;
        }
        var term = await CurrentTermAsync(db, streetId, ct);
        return term is not null && await db.CommitteeMembers.AnyAsync(m => m.StreetId == streetId && m.TermId == term && m.DelegateId == me, ct);
    }

    private Task<int?> CurrentTermAsync(CongressDbContext db, int streetId, CancellationToken ct) =>
        CommitteeService.CurrentTerm(db, streetId, Now).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);

    /// <summary>A community's staff accounts (not its delegates or officers), who are told of its tasks.</summary>
    private static Task<List<string>> StaffOfAsync(CongressDbContext db, int streetId, int? communityId, CancellationToken ct) =>
        db.Users.Where(u => u.StreetId == streetId && u.CommunityId == communityId && u.DelegateId == null && u.OfficerId == null).Select(u => u.Id).ToListAsync(ct);

    private async Task<List<string>> MemberUsersAsync(CongressDbContext db, int streetId, CancellationToken ct)
    {
        var term = await CurrentTermAsync(db, streetId, ct);
        var seats = await db.CommitteeMembers.Where(m => m.StreetId == streetId && m.TermId == term && m.DelegateId != null).Select(m => m.DelegateId).ToListAsync(ct);
        return await db.Users.Where(u => u.StreetId == streetId && u.DelegateId != null && seats.Contains(u.DelegateId)).Select(u => u.Id).ToListAsync(ct);
    }

    /// <summary>A change by someone who works the requests: the street's convener or a member of its committee.</summary>
    private async Task<Change> BeginWorkAsync(Actor actor, CancellationToken ct)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        var change = await changes.BeginAsync(actor, streetId, ct);
        if (!Access.CanManageStreet(actor) && !await IsMemberAsync(change.Db, actor, ct))
        {
            await change.DisposeAsync();
            throw new ForbiddenException();
        }
        return change;
    }

    private static async Task<CommitteeRequest> RequestAsync(CongressDbContext db, Actor actor, int id, CancellationToken ct) =>
        Access.InStreet(await db.CommitteeRequests.FindAsync([id], ct), actor.StreetId!.Value, r => r.StreetId);

    /// <summary>The department's officers, or for the congress's own work the street's conveners, are told the outcome.</summary>
    private async Task TellAskerAsync(CongressDbContext db, CommitteeRequest r, string key, CancellationToken ct)
    {
        var users = r.DepartmentId is { } d
            ? await db.Officers.Where(o => o.DepartmentId == d && o.UserId != null).Select(o => o.UserId!).ToListAsync(ct)
            : await (from u in db.Users
                     join ur in db.UserRoles on u.Id equals ur.UserId
                     join role in db.Roles on ur.RoleId equals role.Id
                     where u.StreetId == r.StreetId && role.Name == Roles.Convener
                     select u.Id).ToListAsync(ct);
        await NoticeWriter.ToUsersAsync(db, r.StreetId, users, NoticeKind.Decision, NoticeWriter.Key("committee-outcome", r.Id, Now), Link(r.Id), Now, ct,
            key, r.Title, r.Outcome);
    }

    private static string Who(Actor actor) => actor.DisplayName ?? actor.UserName ?? "";

    private static string Link(int id) => $"/committee/work/{id}";

    private static string Subject(int id) => $"Committee request {id}";
}

public sealed record CommitteeAssignInput(string? AgreedWay, IReadOnlyList<int>? CommunityIds, DateOnly DueOn);

public sealed record CommitteeRequestRow(int Id, string Title, string? Department, CommitteeRequestState State, DateOnly? WantedBy, int Tasks, int Done, int Overdue, DateTime CreatedUtc);

/// <summary>
/// The workspace's list; <see cref="Works"/>: the actor works the requests (committee or convener); <see cref="CanAsk"/>: may
/// send one; <see cref="Meetings"/>: the committee's meetings, for those who work; <see cref="CanCallMeeting"/>: the convener.
/// </summary>
public sealed record CommitteeWorkView(IReadOnlyList<CommitteeRequestRow> Requests, bool Works, bool CanAsk,
    IReadOnlyList<CommitteeMeetingRow>? Meetings = null, bool CanCallMeeting = false);

public sealed record CommitteeNoteRow(string Who, string Text, DateTime AtUtc);

public sealed record CommitteeTaskRow(int ItemId, int CommunityId, string Community, TrackedState State, DateOnly? DueOn, bool Overdue, string? LastNote)
{
    public bool Done => State >= TrackedState.Done;
}

public sealed record CommunityChoice(int Id, string Name);

public sealed record CommitteeRequestDetail(
    int Id, string Title, string Need, string? Department, string RequestedBy, int? SessionId, string? Session, DateOnly? WantedBy,
    CommitteeRequestState State, string? AgreedWay, string? Outcome, DateTime CreatedUtc,
    IReadOnlyList<CommitteeNoteRow> Notes, IReadOnlyList<CommitteeTaskRow> Tasks, IReadOnlyList<CommunityChoice> Communities, bool Works, int Version)
{
    public bool AllDone => Tasks.Count > 0 && Tasks.All(t => t.Done);
}
