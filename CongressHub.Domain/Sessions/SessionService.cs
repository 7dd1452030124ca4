using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Sessions;

/// <summary>
/// Sessions of the congress: the convener builds and runs them, delegates check in and ask for the floor. Every
/// change is committed, logged for the minutes, and then announced with <see cref="SessionChanged"/>.
/// </summary>
public sealed class SessionService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes, DirectoryService directory, ILogger<SessionService> log)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- reading

    public async Task<IReadOnlyList<SessionRow>> ListSessionsAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        var manager = Access.CanManageStreet(actor);
        var staffOf = actor.IsInRole(Roles.CommunityStaff) ? actor.CommunityId : null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The congress's sittings; a council's meetings only for its community's staff and, once published, its members;
        // the committee's, once published, for its members (the convener finds them in the committee's workspace).
        var rows = await db.Sessions
            .Where(s => s.StreetId == streetId && (s.CommunityId == null && s.Kind != SessionKind.CommitteeMeeting
                ? manager || s.Status != SessionStatus.Draft
                : s.CommunityId != null && s.CommunityId == staffOf
                    || s.Status != SessionStatus.Draft && db.Delegates.Any(d => d.TermId == s.TermId && d.UserId == actor.UserId && d.RetiredUtc == null)))
            .Select(s => new { s.Id, s.Title, s.Kind, s.ScheduledUtc, s.Place, s.Status, Items = db.AgendaItems.Count(i => i.SessionId == s.Id) })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.ScheduledUtc).ThenByDescending(r => r.Id)
            .Select(r => new SessionRow(r.Id, r.Title, r.Kind, r.ScheduledUtc, r.Place, r.Status, r.Items)).ToList();
    }

    /// <summary>
    /// Present, excused and absent of each session that has ended, in the term of the street's latest ended session,
    /// oldest first; for the convener. A live session is left out: its check-in is still going on (the console shows it).
    /// </summary>
    public async Task<IReadOnlyList<SessionAttendance>> AttendanceByTermAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The congress's own sittings: a council's or the committee's meetings have their own members.
        var held = db.Sessions.Where(s => s.StreetId == streetId && s.CommunityId == null && s.Kind != SessionKind.CommitteeMeeting && s.Status >= SessionStatus.Adjourned);
        var termId = await held.OrderByDescending(s => s.ScheduledUtc).ThenByDescending(s => s.Id).Select(s => (int?)s.TermId).FirstOrDefaultAsync(ct);
        if (termId is null)
        {
            return [];
        }
        var all = await db.Delegates.CountAsync(d => d.TermId == termId && d.RetiredUtc == null, ct);
        var rows = await held.Where(s => s.TermId == termId)
            .Select(s => new
            {
                s.Id,
                s.Title,
                s.ScheduledUtc,
                Present = db.Attendances.Count(a => a.SessionId == s.Id && (a.Status == AttendanceStatus.Present || a.Status == AttendanceStatus.Left)
                    && db.Delegates.Any(d => d.Id == a.DelegateId && d.RetiredUtc == null)),
                Excused = db.Attendances.Count(a => a.SessionId == s.Id && a.Status == AttendanceStatus.Excused
                    && db.Delegates.Any(d => d.Id == a.DelegateId && d.RetiredUtc == null)),
            }).ToListAsync(ct);
        return rows.OrderBy(r => r.ScheduledUtc).ThenBy(r => r.Id).Select(r => new SessionAttendance(r.Id, r.Title, r.ScheduledUtc, all, r.Present, r.Excused)).ToList();
    }

    /// <summary>The session a projector link opens; null for an unknown or renewed token, or a draft.</summary>
    public async Task<int?> FindByProjectorTokenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 64)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Sessions.Where(s => s.ProjectorToken == token && s.Status != SessionStatus.Draft).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
    }

    public async Task<string> GetProjectorTokenAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await ManagedAsync(db, actor, sessionId, ct)).ProjectorToken;
    }

    public async Task<IReadOnlyList<AttendanceRow>> ListAttendanceAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await ManagedAsync(db, actor, sessionId, ct);
        var rows = await (
            from d in db.Delegates
            where d.TermId == session.TermId && d.RetiredUtc == null
            join a in db.Attendances.Where(a => a.SessionId == sessionId) on d.Id equals a.DelegateId into att
            from a in att.DefaultIfEmpty()
            select new
            {
                d.Id,
                d.Name,
                Community = db.Communities.Where(c => c.Id == d.CommunityId).Select(c => c.Name).FirstOrDefault(),
                d.Category,
                Status = a == null ? (AttendanceStatus?)null : a.Status,
                BySelf = a != null && a.BySelf,
                Changed = a == null ? (DateTime?)null : a.ChangedUtc,
            }).ToListAsync(ct);
        return rows.OrderBy(r => r.Category).ThenBy(r => r.Community).ThenBy(r => r.Name)
            .Select(r => new AttendanceRow(r.Id, r.Name, r.Community, r.Category, r.Status, r.BySelf, r.Changed)).ToList();
    }

    /// <summary>
    /// The sign-in sheet to print for the hall: every delegate of the term not retired, by community (delegates of no
    /// community last), those granted leave marked. Conveners of the session's street only.
    /// </summary>
    public async Task<SignInSheet> SignInSheetAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await ManagedAsync(db, actor, sessionId, ct);
        var street = await db.Streets.Where(s => s.Id == session.StreetId).Select(s => s.Name).SingleAsync(ct);
        var rows = await (
            from d in db.Delegates
            where d.TermId == session.TermId && d.RetiredUtc == null
            select new
            {
                d.Id,
                d.Name,
                d.Category,
                Community = db.Communities.Where(c => c.Id == d.CommunityId).Select(c => new { c.Name, c.SortOrder }).FirstOrDefault(),
                OnLeave = db.LeaveRequests.Any(r => r.SessionId == sessionId && r.DelegateId == d.Id && r.Status == LeaveStatus.Granted),
            }).AsNoTracking().ToListAsync(ct);
        var sheet = rows
            .OrderBy(r => r.Community is null).ThenBy(r => r.Community?.SortOrder).ThenBy(r => r.Community?.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Category).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)
            .Select(r => new SignInSheetRow(r.Id, r.Name, r.Community?.Name, r.Category, r.OnLeave)).ToList();
        return new SignInSheet(street, session.Title, session.Kind, session.ScheduledUtc, session.Place, sheet);
    }

    /// <summary>The session's log, each line in the reader's language.</summary>
    public async Task<IReadOnlyList<MinutesLogRow>> ListLogAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ManagedAsync(db, actor, sessionId, ct);
        var log = await db.MinutesEntries.AsNoTracking().Where(m => m.SessionId == sessionId).OrderBy(m => m.AtUtc).ThenBy(m => m.Id).ToListAsync(ct);
        return log.Select(m => new MinutesLogRow(m.AtUtc, m.Display)).ToList();
    }

    /// <summary>
    /// What the session's formal documents (notice, agenda, archive) say: its street, time, place, agenda in order and the
    /// resolutions adopted in it. Conveners of the session's street only; another street's session is not found.
    /// </summary>
    public async Task<SessionDocument> DocumentAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await ManagedAsync(db, actor, sessionId, ct);
        var street = await db.Streets.AsNoTracking().Where(x => x.Id == s.StreetId).Select(x => new { x.Name, x.NameEn }).SingleAsync(ct);
        var items = await db.AgendaItems.AsNoTracking().Where(i => i.SessionId == sessionId).OrderBy(i => i.Position).ThenBy(i => i.Id)
            .Select(i => new SessionDocumentItem(i.Position, i.Type, i.Title, i.Description, i.Presenter, i.PlannedMinutes, i.Id, i.MotionId)).ToListAsync(ct);
        var resolutions = await db.Resolutions.AsNoTracking().Where(r => r.SessionId == sessionId).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        return new SessionDocument(s.Id, s.StreetId, street.Name, street.NameEn, s.Title, s.Kind, s.ScheduledUtc, s.Place, s.Status, s.AdjournedUtc,
            s.MinutesPublishedUtc, items, resolutions);
    }

    public async Task<IReadOnlyList<NoticeRow>> ListNoticesAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.StreetId is not { } streetId)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = await db.Notices.AsNoTracking().Where(n => n.UserId == actor.UserId && n.StreetId == streetId)
            .OrderByDescending(n => n.Id).Take(5).ToListAsync(ct);
        return notices.Select(n => new NoticeRow(n.Id, n.Display, n.Link, n.CreatedUtc, n.ReadUtc is not null)).ToList();
    }

    /// <summary>Published minutes for the public portal; null unless the session's minutes are published in that street.</summary>
    public async Task<PublicMinutes?> GetPublishedMinutesAsync(string slug, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = (slug ?? "").Trim().ToLowerInvariant();
        return await (
            from s in db.Sessions
            join st in db.Streets on s.StreetId equals st.Id
            where s.Id == sessionId && st.Slug == key && s.Status == SessionStatus.MinutesPublished
            select new { s.StreetId, s.Title, s.Kind, s.ScheduledUtc, s.Place, s.MinutesMarkdown, s.MinutesPublishedUtc, s.MinutesSignedOffBy, st.Name, st.Slug })
            .AsNoTracking().SingleOrDefaultAsync(ct) is { } m
            ? new PublicMinutes(m.Slug, m.Name, sessionId, m.Title, m.Kind, m.ScheduledUtc, m.Place, Markdown.ToSafeHtml(WithoutTitleLine(m.MinutesMarkdown, m.Title)), m.MinutesPublishedUtc!.Value,
                // The audit chain's head as of the midnight before publication: printed with the minutes, it anchors the chain outside the database.
                await AuditTrail.AnchorAsync(db, m.StreetId, m.MinutesPublishedUtc!.Value, ct), m.MinutesSignedOffBy)
            : null;
    }

    /// <summary>The page shows the session's title as its heading: a first line that only repeats it is not shown twice.</summary>
    private static string WithoutTitleLine(string markdown, string title)
    {
        var text = markdown.TrimStart();
        var end = text.IndexOf('\n');
        var first = (end < 0 ? text : text[..end]).Trim();
        return first == $"# {title}" ? (end < 0 ? "" : text[(end + 1)..]) : markdown;
    }

    /// <summary>A street's published minutes, newest first, for its public home.</summary>
    public async Task<IReadOnlyList<PublicMinutesLink>> ListPublishedMinutesAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = (slug ?? "").Trim().ToLowerInvariant();
        var rows = await (
            from s in db.Sessions
            join st in db.Streets on s.StreetId equals st.Id
            where s.Status == SessionStatus.MinutesPublished && st.Slug == key
            select new { st.Slug, s.Id, s.Title, s.ScheduledUtc }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.ScheduledUtc).Select(r => new PublicMinutesLink(r.Slug, r.Id, r.Title, r.ScheduledUtc)).ToList();
    }

    // ---- building the session and its agenda

    public async Task<int> CreateSessionAsync(Actor actor, SessionInput input, bool withTemplate, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var term = await directory.CurrentTermAsync(db, streetId, ct) ?? throw DomainException.Because("Session.NoTerm");
        var session = Session.Create(streetId, term.Id, input);
        db.Sessions.Add(session);
        await change.SaveAsync(ct);
        if (withTemplate)
        {
            var position = 0;
            foreach (var item in AgendaItemInput.TemplateFor(input.Kind))
            {
                db.AgendaItems.Add(AgendaItem.Create(session.Id, ++position, item));
            }
        }
        await change.CommitAsync(ct);
        return session.Id;
    }

    public Task UpdateSessionAsync(Actor actor, int sessionId, SessionInput input, int expectedVersion, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, expectedVersion, async (change, s) =>
        {
            var (when, where) = (s.ScheduledUtc, s.Place);
            s.Update(input);
            // Delegates were called to a time and place: a change of either reaches them at once, whatever the hour.
            if (s.Status is SessionStatus.Published or SessionStatus.Live && (s.ScheduledUtc != when || s.Place != where))
            {
                await Notices.NoticeWriter.ToDelegatesAsync(change.Db, s.StreetId, s.TermId, Notices.NoticeKind.SessionChanged,
                    Notices.NoticeWriter.Key("session-changed", s.Id, Now), $"/sessions/{s.Id}", Now, ct,
                    "Notice.SessionChanged", s.Title, SystemText.FormalTime(s.ScheduledUtc), s.Place);
            }
        }, ct);

    public async Task<int> AddItemAsync(Actor actor, int sessionId, AgendaItemInput input, CancellationToken ct = default)
    {
        var id = 0;
        await ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            s.RequireAgendaEditable();
            var last = await change.Db.AgendaItems.Where(i => i.SessionId == sessionId).MaxAsync(i => (int?)i.Position, ct) ?? 0;
            var item = AgendaItem.Create(sessionId, last + 1, input);
            change.Db.AgendaItems.Add(item);
            s.Touch();
            await change.SaveAsync(ct);
            id = item.Id;
        }, ct);
        return id;
    }

    public Task UpdateItemAsync(Actor actor, int sessionId, int itemId, AgendaItemInput input, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            s.RequireAgendaEditable();
            (await ItemAsync(change.Db, sessionId, itemId, ct)).Update(input);
            s.Touch();
        }, ct);

    public Task RemoveItemAsync(Actor actor, int sessionId, int itemId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            s.RequireAgendaEditable();
            var item = await ItemAsync(change.Db, sessionId, itemId, ct);
            if (item.Status != AgendaItemStatus.Pending)
            {
                throw DomainException.Because("Agenda.RemoveNotPending", item.Title);
            }
            change.Db.AgendaItems.Remove(item);
            if (item.TopicId is { } topicId && await change.Db.Topics.FindAsync([topicId], ct) is { } topic)
            {
                topic.Unschedule(change.Now);
            }
            await Attachments.AttachmentService.RemoveAllAsync(change.Db, s.StreetId, Attachments.AttachmentRecord.AgendaItem, itemId, ct);
            var rest = await change.Db.AgendaItems.Where(i => i.SessionId == sessionId && i.Id != itemId).OrderBy(i => i.Position).ToListAsync(ct);
            Renumber(rest);
            s.Touch();
        }, ct);

    /// <summary>Moves an item to a new place (0-based). Refused with a clear message when the agenda changed since the convener's screen read it.</summary>
    public Task MoveItemAsync(Actor actor, int sessionId, int itemId, int newIndex, int expectedVersion, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, expectedVersion, async (change, s) =>
        {
            s.RequireAgendaEditable();
            var items = await change.Db.AgendaItems.Where(i => i.SessionId == sessionId).OrderBy(i => i.Position).ToListAsync(ct);
            var item = items.SingleOrDefault(i => i.Id == itemId) ?? throw new NotFoundException();
            items.Remove(item);
            items.Insert(Math.Clamp(newIndex, 0, items.Count), item);
            Renumber(items);
            s.Touch();
        }, ct);

    public Task PublishAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            s.Publish(await change.Db.AgendaItems.CountAsync(i => i.SessionId == sessionId, ct));
            change.Audit("Session.Published", Subject(s), s.Title);
            await Notices.NoticeWriter.ToDelegatesAsync(change.Db, s.StreetId, s.TermId, Notices.NoticeKind.SessionCall, $"session-published:{s.Id}", $"/sessions/{s.Id}", Now, ct,
                "Notice.SessionPublished", s.Title, SystemText.FormalTime(s.ScheduledUtc), s.Place);
        }, ct);

    public Task RenewProjectorTokenAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, (change, s) =>
        {
            s.RenewProjectorToken();
            return Task.CompletedTask;
        }, ct);

    // ---- running it

    public Task StartAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            s.Start(Now);
            var q = await QuorumAsync(change.Db, s, ct);
            // Those not yet in the hall and not excused hear at once that the session has begun.
            var away = await change.Db.Delegates.Where(d => d.TermId == s.TermId && d.RetiredUtc == null && d.UserId != null
                    && !change.Db.Attendances.Any(a => a.SessionId == s.Id && a.DelegateId == d.Id && (a.Status == AttendanceStatus.Present || a.Status == AttendanceStatus.Excused))
                    && !change.Db.LeaveRequests.Any(r => r.SessionId == s.Id && r.DelegateId == d.Id && r.Status == LeaveStatus.Granted))
                .Select(d => d.UserId!).ToListAsync(ct);
            await Notices.NoticeWriter.ToUsersAsync(change.Db, s.StreetId, away, Notices.NoticeKind.CheckIn, $"session-live:{s.Id}", $"/sessions/{s.Id}/live", Now, ct,
                "Notice.CheckIn", s.Title, s.Place);
            change.Audit("Session.Started", Subject(s), DomainText.Get("Audit.QuorumDetails", s.Title, q.Present, q.All, q.Required));
            Log(change.Db, s, "Log.Started", q.Present, q.All, q.Required);
        }, ct);

    public Task StartItemAsync(Actor actor, int sessionId, int itemId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            await MakeCurrentAsync(change.Db, s, itemId, ct);
        }, ct);

    /// <summary>Starts the item, finishing the current one first; nothing changes when it is current already.</summary>
    internal async Task MakeCurrentAsync(CongressDbContext db, Session s, int itemId, CancellationToken ct)
    {
        if (!s.IsLive)
        {
            throw DomainException.Because("Session.NotLive", s.Title);
        }
        if (s.CurrentItemId == itemId)
        {
            return;
        }
        var item = await ItemAsync(db, s.Id, itemId, ct);
        if (s.CurrentItemId is not null)
        {
            await FinishCurrentAsync(db, s, ct);
        }
        item.Start(Now);
        s.SetCurrentItem(item.Id);
        Log(db, s, "Log.ItemStarted", item.Position, item.Title);
    }

    public Task FinishItemAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            if (s.CurrentItemId is null)
            {
                throw DomainException.Because("Agenda.NoCurrent");
            }
            await FinishCurrentAsync(change.Db, s, ct);
        }, ct);

    public Task SkipItemAsync(Actor actor, int sessionId, int itemId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            var item = await ItemAsync(change.Db, sessionId, itemId, ct);
            item.Skip();
            s.Touch();
            Log(change.Db, s, "Log.ItemSkipped", item.Position, item.Title);
        }, ct);

    public Task AdjournAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            if (s.CurrentItemId is not null)
            {
                await FinishCurrentAsync(change.Db, s, ct);
            }
            // Items never dealt with are closed as skipped, so that the agenda and the minutes say so.
            foreach (var pending in await change.Db.AgendaItems.Where(i => i.SessionId == sessionId && i.Status == AgendaItemStatus.Pending).OrderBy(i => i.Position).ToListAsync(ct))
            {
                pending.Skip();
                Log(change.Db, s, "Log.ItemSkipped", pending.Position, pending.Title);
            }
            var q = await QuorumAsync(change.Db, s, ct);
            s.Adjourn(Now);
            change.Audit("Session.Adjourned", Subject(s), DomainText.Get("Audit.QuorumDetails", s.Title, q.Present, q.All, q.Required));
            Log(change.Db, s, "Log.Adjourned", q.Present, q.All);
        }, ct);

    public Task SetSpeakingLimitAsync(Actor actor, int sessionId, int seconds, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, (change, s) =>
        {
            s.SetSpeakingLimit(seconds);
            return Task.CompletedTask;
        }, ct);

    // ---- attendance

    /// <summary>A delegate checks themself in. Idempotent: checking in twice changes nothing.</summary>
    public async Task CheckInAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        // A draft is hidden from delegates everywhere else; here the delegate learns that doors are not open yet.
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId))
        {
            throw new NotFoundException();
        }
        var delegateId = await RequireDelegateOfTermAsync(db, actor, session, ct);
        if (!session.DoorsOpen)
        {
            throw DomainException.Because("Attendance.DoorsClosed", session.Title);
        }
        var row = await db.Attendances.SingleOrDefaultAsync(a => a.SessionId == sessionId && a.DelegateId == delegateId, ct);
        if (row?.Status == AttendanceStatus.Present)
        {
            return;
        }
        if (row is null)
        {
            db.Attendances.Add(Attendance.Record(sessionId, delegateId, AttendanceStatus.Present, bySelf: true, Now));
        }
        else
        {
            // Excused (granted leave) and then came anyway, or back after leaving early: present wins.
            await LogReturnAsync(db, session, row, ct);
            row.Change(AttendanceStatus.Present, bySelf: true, Now);
        }
        try
        {
            await CommitAsync(change, session, ct);
        }
        catch (DbUpdateException) when (row is null)
        {
            // The same delegate checked in from two devices at once: the unique index kept one row; both succeed.
            // Any other failure to save is the delegate's to see, never taken for a check-in.
            if (!await CheckedInAsync(sessionId, delegateId, ct))
            {
                throw;
            }
        }
    }

    private async Task<bool> CheckedInAsync(int sessionId, int delegateId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Attendances.AnyAsync(a => a.SessionId == sessionId && a.DelegateId == delegateId && a.Status == AttendanceStatus.Present, ct);
    }

    public async Task MarkAttendanceAsync(Actor actor, int sessionId, int delegateId, AttendanceStatus status, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await ManagedAsync(db, actor, sessionId, ct);
        if (!session.DoorsOpen)
        {
            throw DomainException.Because("Attendance.DoorsClosed", session.Title);
        }
        if (!Enum.IsDefined(status))
        {
            throw new ValidationFailedException([new FieldError("Status", DomainText.Get("Validation.UnknownAttendance"))]);
        }
        if (!await db.Delegates.AnyAsync(d => d.Id == delegateId && d.TermId == session.TermId && d.RetiredUtc == null, ct))
        {
            throw new NotFoundException();
        }
        var row = await db.Attendances.SingleOrDefaultAsync(a => a.SessionId == sessionId && a.DelegateId == delegateId, ct);
        if (status == AttendanceStatus.Left && row?.Status == AttendanceStatus.Left)
        {
            return;
        }
        if (status == AttendanceStatus.Left)
        {
            await LeaveEarlyAsync(db, session, row, bySelf: false, ct);
        }
        else if (row is null)
        {
            db.Attendances.Add(Attendance.Record(sessionId, delegateId, status, bySelf: false, Now));
        }
        else
        {
            if (status == AttendanceStatus.Present)
            {
                await LogReturnAsync(db, session, row, ct);
            }
            row.Change(status, bySelf: false, Now);
        }
        await CommitAsync(change, session, ct);
    }

    /// <summary>
    /// A present delegate leaves before the end (中途离场): not present for what follows, so the quorum and every later
    /// vote count without them; a vote already open keeps the voters frozen when it opened. They may check in again.
    /// </summary>
    public async Task CheckOutAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await ViewableAsync(db, actor, sessionId, ct);
        var delegateId = await RequireDelegateOfTermAsync(db, actor, session, ct);
        var row = await db.Attendances.SingleOrDefaultAsync(a => a.SessionId == sessionId && a.DelegateId == delegateId, ct);
        await LeaveEarlyAsync(db, session, row, bySelf: true, ct);
        await CommitAsync(change, session, ct);
    }

    private async Task LeaveEarlyAsync(CongressDbContext db, Session session, Attendance? row, bool bySelf, CancellationToken ct)
    {
        if (!session.IsLive)
        {
            throw DomainException.Because("Attendance.LeftNotLive", session.Title);
        }
        if (row?.Status != AttendanceStatus.Present)
        {
            throw DomainException.Because("Attendance.LeftNotPresent");
        }
        row.Change(AttendanceStatus.Left, bySelf, Now);
        var name = await db.Delegates.Where(d => d.Id == row.DelegateId).Select(d => d.Name).SingleAsync(ct);
        Log(db, session, "Log.DelegateLeft", name);
    }

    /// <summary>A delegate who left early and comes back is logged, so the minutes show when they were away.</summary>
    private async Task LogReturnAsync(CongressDbContext db, Session session, Attendance row, CancellationToken ct)
    {
        if (row.Status == AttendanceStatus.Left)
        {
            var name = await db.Delegates.Where(d => d.Id == row.DelegateId).Select(d => d.Name).SingleAsync(ct);
            Log(db, session, "Log.DelegateReturned", name);
        }
    }

    /// <summary>
    /// Marks every delegate of the term with no attendance yet as present (the convener then marks the exceptions);
    /// those already marked keep their mark. Returns how many were marked.
    /// </summary>
    public async Task<int> MarkRestPresentAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await ManagedAsync(db, actor, sessionId, ct);
        if (!session.DoorsOpen)
        {
            throw DomainException.Because("Attendance.DoorsClosed", session.Title);
        }
        var rest = await db.Delegates.Where(d => d.TermId == session.TermId && d.RetiredUtc == null && !db.Attendances.Any(a => a.SessionId == sessionId && a.DelegateId == d.Id))
            .Select(d => d.Id).ToListAsync(ct);
        foreach (var delegateId in rest)
        {
            db.Attendances.Add(Attendance.Record(sessionId, delegateId, AttendanceStatus.Present, bySelf: false, Now));
        }
        await CommitAsync(change, session, ct);
        return rest.Count;
    }

    // ---- speakers' list

    /// <summary>A present delegate asks for the floor on the current item.</summary>
    public async Task RequestFloorAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await ViewableAsync(db, actor, sessionId, ct);
        var delegateId = await RequireDelegateOfTermAsync(db, actor, session, ct);
        if (!session.IsLive || session.CurrentItemId is not { } itemId)
        {
            throw DomainException.Because("Speakers.NoCurrentItem");
        }
        if (!await db.Attendances.AnyAsync(a => a.SessionId == sessionId && a.DelegateId == delegateId && a.Status == AttendanceStatus.Present, ct))
        {
            throw DomainException.Because("Speakers.NotPresent");
        }
        if (await db.SpeakerRequests.AnyAsync(r => r.AgendaItemId == itemId && r.DelegateId == delegateId
                && (r.Status == SpeakerStatus.Waiting || r.Status == SpeakerStatus.Speaking), ct))
        {
            throw DomainException.Because("Speakers.AlreadyListed");
        }
        var last = await db.SpeakerRequests.Where(r => r.AgendaItemId == itemId).MaxAsync(r => (int?)r.Position, ct) ?? 0;
        db.SpeakerRequests.Add(SpeakerRequest.Ask(sessionId, itemId, delegateId, last + 1, Now));
        await CommitAsync(change, session, ct);
    }

    public async Task WithdrawFloorAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var session = await ViewableAsync(db, actor, sessionId, ct);
        var delegateId = await RequireDelegateOfTermAsync(db, actor, session, ct);
        var request = await db.SpeakerRequests.SingleOrDefaultAsync(r => r.SessionId == sessionId && r.AgendaItemId == session.CurrentItemId
            && r.DelegateId == delegateId && r.Status == SpeakerStatus.Waiting, ct) ?? throw DomainException.Because("Speakers.WithdrawNotWaiting");
        request.Withdraw();
        await CommitAsync(change, session, ct);
    }

    /// <summary>Moves a waiting speaker to a new place (0-based) among those waiting for the current item.</summary>
    public Task MoveSpeakerAsync(Actor actor, int sessionId, int requestId, int newIndex, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            var waiting = await change.Db.SpeakerRequests.Where(r => r.SessionId == sessionId && r.AgendaItemId == s.CurrentItemId && r.Status == SpeakerStatus.Waiting)
                .OrderBy(r => r.Position).ToListAsync(ct);
            var request = waiting.SingleOrDefault(r => r.Id == requestId) ?? throw DomainException.Because("Speakers.GiveNotWaiting");
            waiting.Remove(request);
            waiting.Insert(Math.Clamp(newIndex, 0, waiting.Count), request);
            for (var i = 0; i < waiting.Count; i++)
            {
                waiting[i].Position = i + 1;
            }
        }, ct);

    /// <summary>Gives the floor to a waiting delegate; whoever was speaking is ended first.</summary>
    public Task GiveFloorAsync(Actor actor, int sessionId, int requestId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            if (!s.IsLive)
            {
                throw DomainException.Because("Session.NotLive", s.Title);
            }
            var request = await change.Db.SpeakerRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.SessionId == sessionId, ct) ?? throw new NotFoundException();
            await EndSpeakingAsync(change.Db, s, ct);
            request.GiveFloor(Now, s.SpeakingLimitSeconds);
            var name = await change.Db.Delegates.Where(d => d.Id == request.DelegateId).Select(d => d.Name).SingleAsync(ct);
            Log(change.Db, s, "Log.FloorGiven", name);
        }, ct);

    public Task EndSpeechAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        ChangeAsync(actor, sessionId, null, async (change, s) =>
        {
            if (!await EndSpeakingAsync(change.Db, s, ct))
            {
                throw DomainException.Because("Speakers.EndNotSpeaking");
            }
        }, ct);

    // ---- helpers

    internal static string Subject(Session s) => $"Session {s.Id}";

    private async Task ChangeAsync(Actor actor, int sessionId, int? expectedVersion, Func<Change, Session, Task> make, CancellationToken ct)
    {
        // A change that does not rest on what the convener's screen showed (no expected version) is made again from a
        // fresh read when another change to the same rows committed first: finishing a follow-up report in two sessions
        // of the street at once reports the same items, and several nodes write at the same time.
        for (var attempt = 1; ; attempt++)
        {
            await using var change = await changes.BeginAsync(actor, ct);
            var session = await ManagedAsync(change.Db, actor, sessionId, ct);
            if (expectedVersion is { } v)
            {
                session.EnsureVersion(v);
            }
            await make(change, session);
            try
            {
                await CommitAsync(change, session, ct, retrying: expectedVersion is null && attempt < 3);
                return;
            }
            catch (DbUpdateConcurrencyException)
            {
                log.LogInformation("A change of session {SessionId} met another change of the same rows; making it again", sessionId);
            }
        }
    }

    private async Task CommitAsync(Change change, Session session, CancellationToken ct, bool retrying = false)
    {
        using var scope = log.BeginSessionScope(session.StreetId, session.Id);
        try
        {
            await change.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException) when (!retrying)
        {
            log.LogInformation("A change of session {SessionId} was refused: the agenda changed meanwhile", session.Id);
            throw DomainException.Because("Session.Conflict");
        }
        log.LogInformation("Session {SessionId} changed: {Status}, version {Version}", session.Id, session.Status, session.Version);
    }

    private static async Task<Session> ManagedAsync(CongressDbContext db, Actor actor, int sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.FindAsync([sessionId], ct);
        return session is not null && Access.CanRun(actor, session.StreetId, session.CommunityId) ? session
            : throw Access.Refusal(actor, session?.StreetId);
    }

    internal static async Task<Session> ViewableAsync(CongressDbContext db, Actor actor, int sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.FindAsync([sessionId], ct);
        if (session is null || !actor.BelongsTo(session.StreetId) || session.Status == SessionStatus.Draft && !Access.CanRun(actor, session.StreetId, session.CommunityId))
        {
            throw new NotFoundException();
        }
        return session;
    }

    /// <summary>The acting delegate's id when they are a serving delegate of the session's term; refused otherwise, with <paramref name="reason"/> when given.</summary>
    internal static async Task<int> RequireDelegateOfTermAsync(CongressDbContext db, Actor actor, Session session, CancellationToken ct, string? reason = null)
    {
        if (await MemberIdAsync(db, actor, session.TermId, ct) is { } id)
        {
            return id;
        }
        throw reason is null ? new ForbiddenException() : ForbiddenException.Because(reason);
    }

    private static async Task<AgendaItem> ItemAsync(CongressDbContext db, int sessionId, int itemId, CancellationToken ct) =>
        await db.AgendaItems.SingleOrDefaultAsync(i => i.Id == itemId && i.SessionId == sessionId, ct) ?? throw new NotFoundException();

    private async Task FinishCurrentAsync(CongressDbContext db, Session s, CancellationToken ct)
    {
        var current = await ItemAsync(db, s.Id, s.CurrentItemId!.Value, ct);
        await EndSpeakingAsync(db, s, ct);
        current.Finish(Now);
        if (current.Type == AgendaItemType.FollowUpReport)
        {
            // Reported back: what is done or answered closes its loop here; what is unfinished carries over.
            await Tracking.FollowUpService.ReportFollowUpAsync(db, s, s.Title, Now, ct);
        }
        s.SetCurrentItem(null);
        Log(db, s, "Log.ItemFinished", current.Position, current.Title);
    }

    private async Task<bool> EndSpeakingAsync(CongressDbContext db, Session s, CancellationToken ct)
    {
        var speaking = await db.SpeakerRequests.SingleOrDefaultAsync(r => r.SessionId == s.Id && r.Status == SpeakerStatus.Speaking, ct);
        if (speaking is null)
        {
            return false;
        }
        speaking.End(Now);
        var name = await db.Delegates.Where(d => d.Id == speaking.DelegateId).Select(d => d.Name).SingleAsync(ct);
        Log(db, s, "Log.SpeechEnded", name, (int)Math.Round(speaking.Spoken.TotalSeconds));
        return true;
    }

    internal void Log(CongressDbContext db, Session s, string key, params object?[] args) =>
        db.MinutesEntries.Add(MinutesEntry.Log(s.Id, Now, key, args));

    private static void Renumber(IList<AgendaItem> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Position = i + 1;
        }
    }

    /// <summary>
    /// Who the acting user is at a session: their delegate at the congress's sittings, their member (or none) at a
    /// council's or the committee's meeting. Another street's or an unknown session is not found.
    /// </summary>
    public async Task<int?> MemberOfSessionAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.Sessions.Where(x => x.Id == sessionId).Select(x => new { x.StreetId, x.TermId, x.CommunityId, x.Kind }).SingleOrDefaultAsync(ct);
        if (s is null || !actor.BelongsTo(s.StreetId))
        {
            throw new NotFoundException();
        }
        return s.CommunityId is null && s.Kind.IsCongressSitting() ? actor.DelegateId : await MemberIdAsync(db, actor, s.TermId, ct);
    }

    /// <summary>
    /// The acting user's serving membership of a voting body: their delegate of a congress term, or their member of a
    /// council (a delegate, a community's staff or a member signed in by card may sit on their community's council).
    /// </summary>
    internal static async Task<int?> MemberIdAsync(CongressDbContext db, Actor actor, int termId, CancellationToken ct)
    {
        if (actor.DelegateId is { } id && await db.Delegates.AnyAsync(d => d.Id == id && d.TermId == termId && d.RetiredUtc == null, ct))
        {
            return id;
        }
        return await db.Delegates.Where(d => d.TermId == termId && d.UserId == actor.UserId && d.RetiredUtc == null)
            .Select(d => (int?)d.Id).FirstOrDefaultAsync(ct);
    }

    internal static async Task<Quorum> QuorumAsync(CongressDbContext db, Session s, CancellationToken ct) =>
        new(await db.Delegates.CountAsync(d => d.TermId == s.TermId && d.RetiredUtc == null, ct),
            await db.Attendances.CountAsync(a => a.SessionId == s.Id && a.Status == AttendanceStatus.Present
                && db.Delegates.Any(d => d.Id == a.DelegateId && d.RetiredUtc == null), ct),
            await db.Terms.Where(t => t.Id == s.TermId).Select(t => t.QuorumRule).SingleAsync(ct));

}
