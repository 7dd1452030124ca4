using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Search;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CongressHub.Domain.Tracking;

/// <summary>
/// The closed loop: opinions, hall questions and tasks for communities from submission to the rating of their reported
/// result. This service takes them in (recording, triage) and moves them on (the responsible's answer, decision and
/// progress); <see cref="HallQuestionService"/> takes questions in the hall, <see cref="FollowUpService"/> reports back.
/// Every move is checked against the actor, applied by the item (which refuses an illegal move), recorded in the item's
/// history with who, when and why, committed, then announced.
/// </summary>
public sealed class TrackingService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes, ContactCheckService contacts,
    IOptions<Notices.NoticeOptions> noticeOptions, DirectoryService directory)
{
    /// <summary>How much of a decision its notice quotes.</summary>
    public const int DecisionSummaryLength = 80;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(Now));

    // ---- permission checks: one per action, used by pages to show a button and by the service before acting

    public static bool CanRecordOpinions(Actor? a) => a is not null && (Access.CanManageStreet(a) || a.IsInRole(Roles.CommunityStaff) && a.CommunityId is not null);

    public static bool CanTriage(Actor? a) => Access.CanManageStreet(a);

    /// <summary>Answer, state an intention, record progress and done: the responsible department's officers (or community's staff), and conveners.</summary>
    public static bool CanWorkOn(Actor? a, TrackedDetail item, int? myDepartmentId) =>
        a is not null && a.BelongsTo(item.StreetId) && (Access.CanManageStreet(a)
            || item.DepartmentId is { } d && d == myDepartmentId && a.IsInRole(Roles.Officer)
            || item.AssignedCommunityId is { } c && c == a.CommunityId && a.IsInRole(Roles.CommunityStaff));

    public static bool CanDecide(Actor? a, bool isLeader) => Access.CanManageStreet(a) || a is not null && a.IsInRole(Roles.Officer) && isLeader;

    // ---- recording

    /// <summary>Community staff record a resident's opinion for their community (a convener for any community of the street).</summary>
    public async Task<int> RecordOpinionAsync(Actor actor, OpinionInput input, CancellationToken ct = default)
    {
        if (!CanRecordOpinions(actor))
        {
            throw new ForbiddenException();
        }
        var streetId = actor.StreetId!.Value;
        if (!Access.CanManageStreet(actor) && input.CommunityId != actor.CommunityId)
        {
            throw new ForbiddenException();
        }
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        await RequireCommunityAsync(change.Db, streetId, input.CommunityId, ct);
        // Staff record what residents told them; an opinion is brought through a delegate from the delegate's page only.
        var id = await AddAsync(change, TrackedItem.Opinion(streetId, input with { DelegateId = null }, fromPublic: false, Now), ct);
        await change.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// A resident's opinion from the public form, without an account (rate limit and human check are the page's), with
    /// up to <see cref="Attachments.AttachmentService.PublicPhotosMax"/> photos checked by <see cref="Attachments.AttachmentFiles.Check"/>. With
    /// <paramref name="notify"/>, the resident is told when it is answered, decided and closed, at the address they confirmed
    /// with a code (<see cref="ContactCheckService"/>): a wrong or spent code refuses the opinion, and nothing is stored.
    /// </summary>
    public async Task<int> SubmitPublicOpinionAsync(string slug, OpinionInput input, IReadOnlyList<Attachments.CheckedFile>? photos = null,
        NotifyRequest? notify = null, CancellationToken ct = default)
    {
        photos ??= [];
        if (photos.Count > Attachments.AttachmentService.PublicPhotosMax || photos.Any(p => !p.ContentType.StartsWith("image/", StringComparison.Ordinal)))
        {
            throw new ValidationFailedException([new FieldError(Attachments.AttachmentFiles.Field, DomainText.Get("Attachment.PublicPhotos", Attachments.AttachmentService.PublicPhotosMax))]);
        }
        await using var change = await changes.BeginAsResidentAsync(slug, ct);
        if (input.DelegateId is { } delegateId)
        {
            // Brought through a delegate: for the delegate's community (none for one elected at large: the convener triages it).
            var through = await OpinionDelegateAsync(change.Db, change.StreetId, delegateId, ct)
                ?? throw new ValidationFailedException([new FieldError(nameof(OpinionInput.DelegateId), DomainText.Get("Validation.UnknownOpinionDelegate"))]);
            input = input with { CommunityId = through.CommunityId };
        }
        else
        {
            await RequireCommunityAsync(change.Db, change.StreetId, input.CommunityId, ct);
        }
        var opinion = TrackedItem.Opinion(change.StreetId, input with { Month = Today }, fromPublic: true, Now);
        ContactCheck? check = null;
        if (notify is { Asked: true })
        {
            var contact = contacts.Validate(notify.Contact);
            check = await ContactCheckService.TakeAsync(change, contact, notify.Code, ct);
            opinion.TellAt(contact);
        }
        var id = await AddAsync(change, opinion, ct);
        if (check is not null)
        {
            await ContactCheckService.UseAsync(change, check, ct);
        }
        Attachments.AttachmentService.AddTo(change, Attachments.AttachmentRecord.TrackedItem, id, photos);
        await change.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// The delegate a resident's opinion is addressed to on the public form (<c>?delegate=</c>): a delegate of the
    /// street's current term who has not retired, with their community; null for any other id.
    /// </summary>
    public async Task<OpinionDelegate?> OpinionDelegateAsync(string slug, int delegateId, CancellationToken ct = default)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var streetId = await db.Streets.Where(s => s.Slug == key).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
        return streetId is null ? null : await OpinionDelegateAsync(db, streetId.Value, delegateId, ct);
    }

    private async Task<OpinionDelegate?> OpinionDelegateAsync(CongressDbContext db, int streetId, int delegateId, CancellationToken ct)
    {
        var term = await directory.CurrentTermAsync(db, streetId, ct);
        if (term is null)
        {
            return null;
        }
        return await db.Delegates.AsNoTracking().Where(d => d.Id == delegateId && d.StreetId == streetId && d.TermId == term.Id && d.RetiredUtc == null)
            .Select(d => new OpinionDelegate(d.Id, d.Name, d.CommunityId, db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).FirstOrDefault()))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Community staff mark their community's month compiled (汇总上报).</summary>
    public async Task CompileMonthAsync(Actor actor, int communityId, DateOnly month, CancellationToken ct = default)
    {
        if (!CanRecordOpinions(actor) || !Access.CanManageStreet(actor) && communityId != actor.CommunityId)
        {
            throw new ForbiddenException();
        }
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        await RequireCommunityAsync(db, change.StreetId, communityId, ct);
        var first = new DateOnly(month.Year, month.Month, 1);
        if (await db.MonthCompilations.AnyAsync(m => m.CommunityId == communityId && m.Month == first, ct))
        {
            return;
        }
        db.MonthCompilations.Add(MonthCompilation.Of(communityId, first, NameOf(actor), Now));
        await change.CommitAsync(ct);
    }

    // ---- triage (convener)

    /// <summary>Accepts an item; with a department it is assigned at once (due by default before the next regular session).</summary>
    public Task AcceptAsync(Actor actor, int id, int? departmentId = null, DateOnly? dueOn = null, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireTriage, async (db, item) =>
        {
            item.Accept(Now);
            if (departmentId is not null)
            {
                await RequireDepartmentAsync(db, item.StreetId, departmentId.Value, ct);
                var due = dueOn ?? await DefaultDueAsync(db, item.StreetId, ct);
                item.Assign(departmentId, null, due, Today, Now);
                await NotifyAssigneesAsync(db, item, ct);
                return TrackedNote.System("Tracking.AcceptedAssigned", await DepartmentNameAsync(db, departmentId.Value, ct), due);
            }
            return null;
        }, ct);

    public Task MergeAsync(Actor actor, int id, int targetId, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireTriage, async (db, item) =>
        {
            var target = Access.InStreet(await db.TrackedItems.FindAsync([targetId], ct), item.StreetId, t => t.StreetId);
            item.MergeInto(target, Now);
            return TrackedNote.System("Tracking.MergedInto", target.Id, target.Title);
        }, ct);

    public Task DeclineAsync(Actor actor, int id, string? reason, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireTriage, (db, item) =>
        {
            item.Decline(reason, Now);
            return Task.FromResult(TrackedNote.Written(item.DeclineReason));
        }, ct);

    /// <summary>Assigns (or reassigns) to a department or a community with a due date.</summary>
    public Task AssignAsync(Actor actor, int id, int? departmentId, int? communityId, DateOnly? dueOn, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireTriage, async (db, item) =>
        {
            if (departmentId is { } d)
            {
                await RequireDepartmentAsync(db, item.StreetId, d, ct);
            }
            if (communityId is { } c)
            {
                await RequireCommunityAsync(db, item.StreetId, c, ct);
            }
            var due = dueOn ?? await DefaultDueAsync(db, item.StreetId, ct);
            item.Assign(departmentId, communityId, due, Today, Now);
            await NotifyAssigneesAsync(db, item, ct);
            var who = departmentId is { } dep ? await DepartmentNameAsync(db, dep, ct) : await CommunityNameAsync(db, communityId!.Value, ct);
            return TrackedNote.System("Tracking.AssignedTo", who, due);
        }, ct);
    // ---- the responsible department or community

    public Task AnswerAsync(Actor actor, int id, string? answer, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireWorkerAsync, (db, item) =>
        {
            item.AnswerWith(answer, Now);
            return Task.FromResult(TrackedNote.Written(item.Answer));
        }, ct);

    /// <summary>The assignee returns an item that is not theirs to triage, with the reason; the conveners are told.</summary>
    public Task ReturnToTriageAsync(Actor actor, int id, string? reason, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireWorkerAsync, async (db, item) =>
        {
            item.ReturnToTriage(reason, Now);
            var conveners = await (from u in db.Users
                                   join ur in db.UserRoles on u.Id equals ur.UserId
                                   join r in db.Roles on ur.RoleId equals r.Id
                                   where u.StreetId == item.StreetId && r.Name == Roles.Convener
                                   select u.Id).ToListAsync(ct);
            await Notices.NoticeWriter.ToUsersAsync(db, item.StreetId, conveners, Notices.NoticeKind.ItemReturned, Notices.NoticeWriter.Key("returned", item.Id, Now), $"/tracking/{item.Id}", Now, ct,
                "Notice.Returned", item.Title, reason!.Trim());
            return TrackedNote.Written(reason!.Trim());
        }, ct);

    public Task StateIntentionAsync(Actor actor, int id, string? intention, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireWorkerAsync, (db, item) =>
        {
            item.StateIntention(intention, Now);
            return Task.FromResult(TrackedNote.Written(item.Intention));
        }, ct);

    /// <summary>The decision, by the convener or a leading officer; every community is notified (通报各社区).</summary>
    public Task DecideAsync(Actor actor, int id, string? decision, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireDeciderAsync, async (db, item) =>
        {
            item.Decide(decision, Now);
            var term = await db.Terms.Where(t => t.StreetId == item.StreetId && t.CommunityId == null && t.Body == Councils.VotingBody.Congress).OrderByDescending(t => t.Number).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
            var link = $"/tracking/{item.Id}";
            // What was decided, not only that something was: the notice carries the decision's opening words.
            var decided = SystemText.Fit(item.Decision ?? "", DecisionSummaryLength);
            var eventKey = Notices.NoticeWriter.Key("decided", item.Id, Now);
            if (term is { } termId)
            {
                await Notices.NoticeWriter.ToDelegatesAsync(db, item.StreetId, termId, Notices.NoticeKind.Decision, eventKey, link, Now, ct, "Notice.Decided", item.Title, decided);
            }
            var staff = await db.Users.Where(u => u.StreetId == item.StreetId && u.CommunityId != null && u.DelegateId == null && u.OfficerId == null).Select(u => u.Id).ToListAsync(ct);
            await Notices.NoticeWriter.ToUsersAsync(db, item.StreetId, staff, Notices.NoticeKind.Decision, eventKey, link, Now, ct, "Notice.Decided", item.Title, decided);
            return TrackedNote.Written(item.Decision);
        }, ct);

    public Task RecordProgressAsync(Actor actor, int id, int percent, string? note, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireWorkerAsync, (db, item) =>
        {
            new Validator().MaxLength("Note", note, TrackedItem.NoteMaxLength, "Field.Note").ThrowIfInvalid();
            item.RecordProgress(percent, Now);
            return Task.FromResult(TrackedNote.Written(string.IsNullOrWhiteSpace(note) ? $"{percent}%" : $"{percent}% · {note.Trim()}"));
        }, ct);

    public Task MarkDoneAsync(Actor actor, int id, string? note, CancellationToken ct = default) =>
        ChangeAsync(actor, id, RequireWorkerAsync, (db, item) =>
        {
            new Validator().MaxLength("Note", note, TrackedItem.NoteMaxLength, "Field.Note").ThrowIfInvalid();
            item.MarkDone(Now);
            return Task.FromResult(string.IsNullOrWhiteSpace(note) ? null : TrackedNote.Written(note.Trim()));
        }, ct);

    // ---- reading


    /// <summary>The street's departments and communities by name, for anyone of the street choosing where a question or an opinion goes.</summary>
    public async Task<(IReadOnlyList<(int Id, string Name)> Departments, IReadOnlyList<(int Id, string Name)> Communities)> ChoicesAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var departments = await db.Departments.Where(d => d.StreetId == streetId).OrderBy(d => d.SortOrder).ThenBy(d => d.Id).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        var communities = await db.Communities.Where(c => c.StreetId == streetId).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return (departments.Select(d => (d.Id, d.Name)).ToList(), communities.Select(c => (c.Id, c.Name)).ToList());
    }

    /// <summary>Items the list shows at once, and the most a page may ask for (the merge and project dialogs choose among that many).</summary>
    public const int PageSize = 50, MaxPageSize = 500;

    /// <summary>
    /// The items the actor may see that match the filter, newest first (by number), a page at a time by key: a deeper
    /// page reads no more rows than the first, and an item recorded between two pages moves neither. Overdue-only is
    /// asked of the database, so every page is full. How many match, and how many of those are overdue, are counted
    /// unless the filter searches the text, which would read every item of the street a second time for a number.
    /// </summary>
    public async Task<TrackedListPage> ListAsync(Actor actor, TrackingFilter filter, KeyRequest? page = null, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.TrackedItems.AsNoTracking().Where(i => i.StreetId == streetId);
        if (!Access.CanManageStreet(actor))
        {
            var myDepartment = await MyDepartmentAsync(db, actor, ct);
            var me = actor.DelegateId;
            var community = actor.IsInRole(Roles.CommunityStaff) ? actor.CommunityId : null;
            q = q.Where(i => myDepartment != null && i.DepartmentId == myDepartment
                || community != null && (i.CommunityId == community || i.AssignedCommunityId == community)
                || me != null && i.DelegateId == me
                || i.Publishable && i.State != TrackedState.Submitted);
        }
        var today = Today;
        q = Filter(db, streetId, q, filter, today);
        page ??= new KeyRequest(Size: PageSize);
        var size = page.SizeWithin(MaxPageSize);
        List<TrackedRow> rows;
        long? older, newer;
        if (page.After is { } afterKey)
        {
            var after = (int)Math.Clamp(afterKey, 0, int.MaxValue);
            rows = await RowsAsync(db, q.Where(i => i.Id > after).OrderBy(i => i.Id).Take(size + 1), today, ct);
            newer = rows.Count > size ? rows[size - 1].Id : null;
            rows = rows.Take(size).Reverse().ToList();
            older = rows.Count > 0 ? rows[^1].Id : null; // the page asked from holds older ones
        }
        else
        {
            var before = page.Before is { } beforeKey ? (int)Math.Clamp(beforeKey, 0, int.MaxValue) : (int?)null;
            rows = await RowsAsync(db, (before is { } b ? q.Where(i => i.Id < b) : q).OrderByDescending(i => i.Id).Take(size + 1), today, ct);
            older = rows.Count > size ? rows[size - 1].Id : null;
            rows = rows.Take(size).ToList();
            newer = before is not null && rows.Count > 0 ? rows[0].Id : null; // the page asked from holds newer ones
        }
        int? total = null, overdue = null;
        if (string.IsNullOrWhiteSpace(filter.Search))
        {
            total = await q.CountAsync(ct);
            overdue = filter.OverdueOnly ? total : await q.CountAsync(TrackedItem.OverdueOn(today), ct);
        }
        return new TrackedListPage(new KeyPage<TrackedRow>(rows, older, newer, total), overdue);
    }

    /// <summary>What is assigned to the acting officer's department or staff member's community and still owed, soonest due first.</summary>
    public async Task<IReadOnlyList<TrackedRow>> WorkListAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var myDepartment = await MyDepartmentAsync(db, actor, ct);
        var community = actor.IsInRole(Roles.CommunityStaff) ? actor.CommunityId : null;
        var all = Access.CanManageStreet(actor);
        var q = db.TrackedItems.AsNoTracking().Where(i => i.StreetId == streetId && TrackedItem.OpenWorkStates.Contains(i.State)
            && (all || myDepartment != null && i.DepartmentId == myDepartment || community != null && i.AssignedCommunityId == community));
        // Soonest due first in the database too, so that past the cap the items left out are the ones due last.
        return await RowsAsync(db, q.OrderBy(i => i.DueOn == null).ThenBy(i => i.DueOn).ThenBy(i => i.Id).Take(MaxPageSize), Today, ct);
    }

    /// <summary>How many of an item's newest history lines its page shows until the whole history is asked for.</summary>
    public const int HistoryShown = 50;

    /// <summary>
    /// An item as the actor may read it, with the newest <see cref="HistoryShown"/> lines of its history (oldest first)
    /// and how many there are, or with all of them (<paramref name="wholeHistory"/>).
    /// </summary>
    public async Task<TrackedDetail> GetAsync(Actor actor, int id, bool wholeHistory = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.TrackedItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null || !actor.BelongsTo(item.StreetId) || !await MayReadAsync(db, actor, item, ct))
        {
            throw new NotFoundException();
        }
        var seesPrivate = Access.CanManageStreet(actor) || actor.IsInRole(Roles.CommunityStaff) && actor.CommunityId == item.CommunityId;
        var merged = await RowsAsync(db, db.TrackedItems.AsNoTracking().Where(i => i.MergedIntoId == id).OrderByDescending(i => i.Id).Take(MaxPageSize), Today, ct);
        var itemEvents = db.TrackedEvents.AsNoTracking().Where(e => e.ItemId == id).OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id);
        var events = await (wholeHistory ? itemEvents : itemEvents.Take(HistoryShown)).ToListAsync(ct);
        events.Reverse();
        var eventCount = events.Count < HistoryShown || wholeHistory ? events.Count : await itemEvents.CountAsync(ct);
        var names = await PeopleNames.ResolveAsync(db, events.Select(e => e.UserId).Concat(events.Select(e => e.Who)), ct);
        var passedOn = await Councils.ChargeService.HistoryAsync(db, item, ct);
        var history = events.Select(e => new TrackedHistoryRow(e.AtUtc, WhoOf(e, names), e.From, e.To, e.NoteDisplay))
            .Concat(passedOn)
            .OrderBy(h => h.AtUtc).ToList();
        if (!wholeHistory && history.Count > HistoryShown)
        {
            history = history.GetRange(history.Count - HistoryShown, HistoryShown);
        }
        var ratings = await db.FollowUpRatings.Where(r => r.ItemId == id).ToListAsync(ct);
        return new TrackedDetail(item.Id, item.StreetId, item.Kind, item.State, item.Title, item.Text, item.Category, item.Level,
            item.CommunityId, await NameAsync(db.Communities, item.CommunityId, ct), item.Month,
            seesPrivate ? item.ResidentName : null, seesPrivate ? item.ResidentContact : null, item.Publishable, item.FromPublic,
            item.DelegateId is { } d ? await db.Delegates.Where(x => x.Id == d).Select(x => x.Name).SingleOrDefaultAsync(ct) : null,
            item.SessionId, item.DepartmentId, await NameAsync(db.Departments, item.DepartmentId, ct),
            item.AssignedCommunityId, await NameAsync(db.Communities, item.AssignedCommunityId, ct),
            item.DueOn, item.IsOverdue(Today), item.MergedIntoId, merged, item.DeclineReason, item.Answer, item.Intention, item.Decision,
            item.Progress, item.ReportedInSessionId, FollowUpService.Summary(ratings), history, item.CreatedUtc, eventCount + passedOn.Count);
    }

    /// <summary>The acting officer's department, for <see cref="CanWorkOn"/>; and whether they lead.</summary>
    public async Task<(int? DepartmentId, bool IsLeader)> OfficerRoleAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.OfficerId is not { } officerId)
        {
            return (null, false);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var o = await db.Officers.AsNoTracking().SingleOrDefaultAsync(x => x.Id == officerId, ct);
        return (o?.DepartmentId, o?.IsLeader ?? false);
    }

    /// <summary>The convener's monthly grid: for each community and month of the year, opinions recorded and whether compiled.</summary>
    public async Task<IReadOnlyList<MonthlyGridRow>> MonthlyGridAsync(Actor actor, int year, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var communities = await db.Communities.Where(c => c.StreetId == streetId).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 1);
        var counts = await db.TrackedItems.Where(i => i.StreetId == streetId && i.Kind == TrackedKind.Opinion && i.Month >= from && i.Month <= to && i.CommunityId != null)
            .GroupBy(i => new { i.CommunityId, i.Month }).Select(g => new { g.Key.CommunityId, g.Key.Month, Count = g.Count() }).ToListAsync(ct);
        var ids = communities.Select(c => c.Id).ToList();
        var compiled = await db.MonthCompilations.Where(m => ids.Contains(m.CommunityId) && m.Month >= from && m.Month <= to).Select(m => new { m.CommunityId, m.Month }).ToListAsync(ct);
        // Collection starts with the street's first recorded opinion or compiled month (or the street itself, if later
        // records are none): months before it are not missing, there was nothing to collect yet.
        var created = await db.Streets.Where(s => s.Id == streetId).Select(s => s.CreatedUtc).SingleAsync(ct);
        var firstOpinion = await db.TrackedItems.Where(i => i.StreetId == streetId && i.Kind == TrackedKind.Opinion && i.Month != null).MinAsync(i => i.Month, ct);
        var firstCompiled = await db.MonthCompilations.Where(m => ids.Contains(m.CommunityId)).Select(m => (DateOnly?)m.Month).MinAsync(ct);
        var createdMonth = DateOnly.FromDateTime(SessionTime.Local(created));
        var start = new[] { firstOpinion, firstCompiled, new DateOnly(createdMonth.Year, createdMonth.Month, 1) }.Where(d => d is not null).Min()!.Value;
        return communities.Select(c => new MonthlyGridRow(c.Id, c.Name, Enumerable.Range(1, 12).Select(m =>
        {
            var month = new DateOnly(year, m, 1);
            return new MonthCell(month, counts.Where(x => x.CommunityId == c.Id && x.Month == month).Sum(x => x.Count), compiled.Any(x => x.CommunityId == c.Id && x.Month == month),
                month < new DateOnly(start.Year, start.Month, 1));
        }).ToList())).ToList();
    }
    /// <summary>Opinions of the street recorded per category and month of the year, for the convener; categories with none are left out.</summary>
    public async Task<IReadOnlyList<MonthlyCategoryRow>> MonthlyCategoriesAsync(Actor actor, int year, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 1);
        var counts = await db.TrackedItems.Where(i => i.StreetId == streetId && i.Kind == TrackedKind.Opinion && i.Month >= from && i.Month <= to && i.Category != null)
            .GroupBy(i => new { i.Category, i.Month }).Select(g => new { g.Key.Category, g.Key.Month, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<OpinionCategory>()
            .Where(c => counts.Any(x => x.Category == c))
            .Select(c => new MonthlyCategoryRow(c, Enumerable.Range(1, 12).Select(m => counts.Where(x => x.Category == c && x.Month == new DateOnly(year, m, 1)).Sum(x => x.Count)).ToList()))
            .ToList();
    }

    // ---- helpers

    /// <summary>The person by their account (older rows stored its user name); a resident on the public form stored no one.</summary>
    private static string WhoOf(TrackedEvent e, IReadOnlyDictionary<string, string> names) =>
        e.UserId is { } id && names.TryGetValue(id, out var name) ? name
        : e.Who.Length == 0 ? DomainText.Get("Tracking.Resident")
        : names.Show(e.Who);

    /// <summary>The items of <paramref name="q"/>, all of street <paramref name="streetId"/>, that pass the filter.</summary>
    internal static IQueryable<TrackedItem> Filter(CongressDbContext db, int streetId, IQueryable<TrackedItem> q, TrackingFilter f, DateOnly today)
    {
        if (f.OverdueOnly)
        {
            q = q.Where(TrackedItem.OverdueOn(today));
        }
        if (f.Kind is { } k)
        {
            q = q.Where(i => i.Kind == k);
        }
        if (f.State is { } s)
        {
            q = q.Where(i => i.State == s);
        }
        if (f.CommunityId is { } c)
        {
            q = q.Where(i => i.CommunityId == c || i.AssignedCommunityId == c);
        }
        if (f.DepartmentId is { } d)
        {
            q = q.Where(i => i.DepartmentId == d);
        }
        if (f.Category is { } cat)
        {
            q = q.Where(i => i.Category == cat);
        }
        if (!string.IsNullOrWhiteSpace(f.Search))
        {
            var term = TextRules.Strip(f.Search).Trim();
            // The index narrows the street's items to those that may contain the term; the comparison decides.
            q = q.Narrow(db, streetId, [term]).Where(i => i.Text.Contains(term) || (i.Answer != null && i.Answer.Contains(term)) || (i.Decision != null && i.Decision.Contains(term)));
        }
        return q;
    }

    /// <summary>The rows of a list, in the order of <paramref name="q"/>, which also limits how many.</summary>
    private static async Task<List<TrackedRow>> RowsAsync(CongressDbContext db, IQueryable<TrackedItem> q, DateOnly today, CancellationToken ct)
    {
        var rows = await q.Select(i => new
        {
            Item = i,
            Community = db.Communities.Where(c => c.Id == i.CommunityId).Select(c => c.Name).FirstOrDefault(),
            Department = db.Departments.Where(d => d.Id == i.DepartmentId).Select(d => d.Name).FirstOrDefault(),
            Assigned = db.Communities.Where(c => c.Id == i.AssignedCommunityId).Select(c => c.Name).FirstOrDefault(),
            Merged = db.TrackedItems.Count(m => m.MergedIntoId == i.Id),
            BroughtBy = i.Kind == TrackedKind.Opinion ? db.Delegates.Where(d => d.Id == i.DelegateId).Select(d => d.Name).FirstOrDefault() : null,
        }).ToListAsync(ct);
        return rows
            .Select(r => new TrackedRow(r.Item.Id, r.Item.Kind, r.Item.State, r.Item.Title, r.Item.Category, r.Community, r.Department, r.Assigned,
                r.Item.DueOn, r.Item.IsOverdue(today), r.Merged, r.Item.CreatedUtc, r.Item.UpdatedUtc, r.BroughtBy)).ToList();
    }

    /// <summary>Adds an item recorded by the change's actor, or by a resident on the public form when it has none.</summary>
    internal static async Task<int> AddAsync(Change change, TrackedItem item, CancellationToken ct)
    {
        change.Db.TrackedItems.Add(item);
        await change.SaveAsync(ct);
        change.Db.TrackedEvents.Add(change.Actor is not { } actor
            ? TrackedEvent.Of(item.Id, "", TrackedState.Submitted, TrackedState.Submitted, null, change.Now)
            : TrackedEvent.By(item.Id, actor, TrackedState.Submitted, TrackedState.Submitted, null, change.Now));
        return item.Id;
    }

    private async Task ChangeAsync(Actor actor, int id, Func<CongressDbContext, Actor, TrackedItem, CancellationToken, Task> authorize,
        Func<CongressDbContext, TrackedItem, Task<TrackedNote?>> make, CancellationToken ct)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        change.Conflict = "Tracking.Conflict";
        var db = change.Db;
        var item = await db.TrackedItems.FindAsync([id], ct);
        if (item is null || !actor.BelongsTo(item.StreetId))
        {
            throw new NotFoundException();
        }
        await authorize(db, actor, item, ct);
        var from = item.State;
        var note = await make(db, item);
        db.TrackedEvents.Add(TrackedEvent.By(item.Id, actor, from, item.State, note, Now));
        await TellResidentAsync(change, item, from, ct);
        await change.CommitAsync(ct);
    }

    /// <summary>Tells the resident who asked to hear of the opinion, when the move is one they are told of (<see cref="ResidentNotices"/>).</summary>
    internal Task TellResidentAsync(Change change, TrackedItem item, TrackedState from, CancellationToken ct) =>
        ResidentNotices.TellAsync(change, item, from, contacts.Offered, noticeOptions.Value.DigestWindow, ct);

    private static Task RequireTriage(CongressDbContext db, Actor actor, TrackedItem item, CancellationToken ct) =>
        CanTriage(actor) ? Task.CompletedTask : throw new ForbiddenException();

    private static async Task RequireWorkerAsync(CongressDbContext db, Actor actor, TrackedItem item, CancellationToken ct)
    {
        if (Access.CanManageStreet(actor))
        {
            return;
        }
        var myDepartment = await MyDepartmentAsync(db, actor, ct);
        var ok = item.DepartmentId is { } d && d == myDepartment
            || item.AssignedCommunityId is { } c && actor.IsInRole(Roles.CommunityStaff) && c == actor.CommunityId;
        if (!ok)
        {
            throw new ForbiddenException();
        }
    }

    private static async Task RequireDeciderAsync(CongressDbContext db, Actor actor, TrackedItem item, CancellationToken ct)
    {
        if (Access.CanManageStreet(actor))
        {
            return;
        }
        var leader = actor.OfficerId is { } o && await db.Officers.AnyAsync(x => x.Id == o && x.IsLeader && x.StreetId == item.StreetId, ct);
        if (!leader)
        {
            throw new ForbiddenException();
        }
    }

    internal static async Task<bool> MayReadAsync(CongressDbContext db, Actor actor, TrackedItem item, CancellationToken ct)
    {
        if (Access.CanManageStreet(actor) || item.Publishable && item.State != TrackedState.Submitted || actor.DelegateId is { } me && item.DelegateId == me)
        {
            return true;
        }
        if (actor.IsInRole(Roles.CommunityStaff) && actor.CommunityId is { } c && (item.CommunityId == c || item.AssignedCommunityId == c))
        {
            return true;
        }
        if (await Councils.ChargeService.IsInChargeOfAsync(db, actor, item, ct))
        {
            return true;
        }
        return item.DepartmentId is { } d && d == await MyDepartmentAsync(db, actor, ct);
    }

    internal static async Task<int?> MyDepartmentAsync(CongressDbContext db, Actor actor, CancellationToken ct) =>
        actor.OfficerId is { } o ? await db.Officers.Where(x => x.Id == o).Select(x => x.DepartmentId).SingleOrDefaultAsync(ct) : null;

    /// <summary>Due before the next regular session (the day before it), or in 90 days when none is planned.</summary>
    private Task<DateOnly> DefaultDueAsync(CongressDbContext db, int streetId, CancellationToken ct) => DefaultDueAsync(db, streetId, Now, ct);

    internal static async Task<DateOnly> DefaultDueAsync(CongressDbContext db, int streetId, DateTime now, CancellationToken ct)
    {
        var next = await db.Sessions.Where(s => s.StreetId == streetId && s.Kind == SessionKind.Regular && s.ScheduledUtc > now.AddDays(1))
            .OrderBy(s => s.ScheduledUtc).Select(s => (DateTime?)s.ScheduledUtc).FirstOrDefaultAsync(ct);
        return next is { } at ? DateOnly.FromDateTime(SessionTime.Local(at)).AddDays(-1) : DateOnly.FromDateTime(SessionTime.Local(now)).AddDays(90);
    }

    private async Task NotifyAssigneesAsync(CongressDbContext db, TrackedItem item, CancellationToken ct)
    {
        object due = item.DueOn is { } d0 ? SystemText.Date(d0) : "—";
        var link = $"/tracking/{item.Id}";
        List<string> users = item.DepartmentId is { } d
            ? await db.Officers.Where(o => o.DepartmentId == d && o.UserId != null).Select(o => o.UserId!).ToListAsync(ct)
            : item.AssignedCommunityId is { } c
                ? await db.Users.Where(u => u.StreetId == item.StreetId && u.CommunityId == c && u.DelegateId == null && u.OfficerId == null).Select(u => u.Id).ToListAsync(ct)
                : [];
        await Notices.NoticeWriter.ToUsersAsync(db, item.StreetId, users, Notices.NoticeKind.ItemAssigned, Notices.NoticeWriter.Key("assigned", item.Id, Now), link, Now, ct,
            "Notice.Assigned", item.Title, due);
    }

    private static async Task RequireCommunityAsync(CongressDbContext db, int streetId, int? communityId, CancellationToken ct)
    {
        if (communityId is null || !await db.Communities.AnyAsync(c => c.Id == communityId && c.StreetId == streetId, ct))
        {
            throw new ValidationFailedException([new FieldError("CommunityId", DomainText.Get("Validation.UnknownCommunityId"))]);
        }
    }

    internal static async Task RequireDepartmentAsync(CongressDbContext db, int streetId, int departmentId, CancellationToken ct)
    {
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId && d.StreetId == streetId, ct))
        {
            throw new ValidationFailedException([new FieldError("DepartmentId", DomainText.Get("Validation.UnknownDepartment"))]);
        }
    }

    private static Task<string> DepartmentNameAsync(CongressDbContext db, int id, CancellationToken ct) =>
        db.Departments.Where(d => d.Id == id).Select(d => d.Name).SingleAsync(ct);

    private static Task<string> CommunityNameAsync(CongressDbContext db, int id, CancellationToken ct) =>
        db.Communities.Where(c => c.Id == id).Select(c => c.Name).SingleAsync(ct);

    private static async Task<string?> NameAsync<T>(DbSet<T> set, int? id, CancellationToken ct) where T : class, INamedRecord =>
        id is { } x ? await set.Where(r => r.Id == x).Select(r => r.Name).SingleOrDefaultAsync(ct) : null;
    private static string NameOf(Actor actor) => actor.UserName ?? actor.DisplayName ?? actor.UserId;
}
