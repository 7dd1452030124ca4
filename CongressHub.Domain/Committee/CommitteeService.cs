using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Committee;

/// <summary>The resident self-governance committee of a street's current term: members come from published elections.</summary>
public sealed class CommitteeService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    /// <summary>The committee of a street's current term, for anyone signed in to the street.</summary>
    public async Task<CommitteeView> GetAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.SingleAsync(s => s.Id == streetId, ct);
        return await ViewAsync(db, street.Id, street.Name, street.Slug, ct);
    }

    /// <summary>The public committee page of a street; null for an unknown street.</summary>
    public async Task<CommitteeView?> GetPublicAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.SingleOrDefaultAsync(s => s.Slug == slug, ct);
        return street is null ? null : await ViewAsync(db, street.Id, street.Name, street.Slug, ct);
    }

    /// <summary>The convener names the chair among the members (the committee elects its chair in its first meeting).</summary>
    public async Task SetChairAsync(Actor actor, int memberId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var member = Access.InStreet(await db.CommitteeMembers.FindAsync([memberId], ct), streetId, m => m.StreetId);
        foreach (var other in await db.CommitteeMembers.Where(m => m.StreetId == streetId && m.TermId == member.TermId).ToListAsync(ct))
        {
            other.SetChair(other.Id == memberId);
        }
        change.Audit("Committee.ChairSet", $"Committee member {member.Id}", member.Name);
        await SyncBodyAsync(change, streetId, change.Now, create: false, ct);
        change.Announce(new CommitteeChanged(streetId));
        await change.CommitAsync(ct);
    }

    /// <summary>The convener records what a member is besides a member: street secretary, a community's head, a deputy, a CPPCC member.</summary>
    public async Task SetRolesAsync(Actor actor, int memberId, CommitteeRolesInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var member = Access.InStreet(await db.CommitteeMembers.FindAsync([memberId], ct), streetId, m => m.StreetId);
        input.Validate();
        if (input.Roles.HasFlag(CommitteeRoles.CommunityHead) && !await db.Communities.AnyAsync(c => c.Id == input.CommunityId && c.StreetId == streetId, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(input.CommunityId), DomainText.Get("Committee.HeadNeedsCommunity"))]);
        }
        member.SetRoles(input);
        var community = member.CommunityId is { } id ? await db.Communities.Where(c => c.Id == id).Select(c => c.Name).SingleAsync(ct) : null;
        change.Audit("Committee.RolesSet", $"Committee member {member.Id}", $"{member.Name}: {CommitteeRoleLabels.Describe(member.Roles, community)}");
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// The convener calls a meeting of the committee (a draft session of the committee's own voting body, run, voted and
    /// minuted like any session): one agenda item per open request of <see cref="CommitteeMeetingInput.RequestIds"/>, then
    /// one per line of <see cref="CommitteeMeetingInput.Items"/>. The body's members are brought in step with the committee first.
    /// </summary>
    public async Task<int> CreateMeetingAsync(Actor actor, CommitteeMeetingInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        input.Validate();
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        var wanted = input.RequestIds ?? [];
        var requests = await db.CommitteeRequests.Where(r => r.StreetId == streetId && wanted.Contains(r.Id)).ToListAsync(ct);
        if (wanted.FirstOrDefault(id => requests.All(r => r.Id != id)) is var unknown and not 0)
        {
            throw new ValidationFailedException([new FieldError(nameof(input.RequestIds), DomainText.Get("Committee.NoSuchRequest", unknown))]);
        }
        if (requests.FirstOrDefault(r => r.State is CommitteeRequestState.Closed or CommitteeRequestState.Declined) is { } over)
        {
            throw new ValidationFailedException([new FieldError(nameof(input.RequestIds), DomainText.Get("Committee.RequestOver", over.Title, over.State.Label()))]);
        }
        var body = await SyncBodyAsync(change, streetId, change.Now, create: true, ct) ?? throw DomainException.Because("Session.NoTerm");
        if (!await db.Delegates.AnyAsync(d => d.TermId == body.Id && d.RetiredUtc == null, ct))
        {
            throw DomainException.Because("Committee.NoMembers");
        }
        var session = Session.Create(streetId, body.Id, input.AsSession(), ofCommittee: true);
        db.Sessions.Add(session);
        await change.SaveAsync(ct);
        var position = 0;
        foreach (var r in wanted.Select(id => requests.Single(x => x.Id == id)))
        {
            var title = DomainText.Get("Committee.RequestItem", r.Title);
            db.AgendaItems.Add(AgendaItem.Create(session.Id, ++position,
                new AgendaItemInput(AgendaItemType.Other, title.Length > 120 ? title[..120] : title, r.Need, null, 20)));
        }
        foreach (var item in input.Items)
        {
            db.AgendaItems.Add(AgendaItem.Create(session.Id, ++position, new AgendaItemInput(AgendaItemType.Other, item.Trim(), null, null, 20)));
        }
        change.Audit("Committee.MeetingCalled", SessionService.Subject(session), session.Title);
        change.Announce(new CommitteeChanged(streetId));
        change.Announce(new SessionChanged(streetId, session.Id));
        await change.CommitAsync(ct);
        return session.Id;
    }

    /// <summary>
    /// Keeps the committee's voting body in step with the committee of the current congress term: one member row per
    /// committee member, copied from their congress seat (matched by account, else by name), rows of those no longer on
    /// it retired, and its chair the one who signs its minutes off. Without a body yet, one is set up when
    /// <paramref name="create"/>; null when the street has no congress term (or no body and none to create).
    /// </summary>
    internal static async Task<Term?> SyncBodyAsync(Change change, int streetId, DateTime nowUtc, bool create, CancellationToken ct)
    {
        var db = change.Db;
        // Members read below are projected from the database: what this change altered is saved first.
        await change.SaveAsync(ct);
        var congress = await CurrentTerm(db, streetId, nowUtc).FirstOrDefaultAsync(ct);
        if (congress is null)
        {
            return null;
        }
        var body = await BodyOf(db, congress).SingleOrDefaultAsync(ct);
        if (body is null)
        {
            if (!create)
            {
                return null;
            }
            body = Term.CreateCommittee(streetId, congress);
            db.Terms.Add(body);
            await change.SaveAsync(ct);
        }
        var members = await db.CommitteeMembers.Where(m => m.StreetId == streetId && m.TermId == congress.Id).OrderBy(m => m.Id)
            .Select(m => new
            {
                m.Name,
                m.IsChair,
                Seat = db.Delegates.Where(d => d.Id == m.DelegateId)
                    .Select(d => new { d.Name, d.Category, d.Phone, d.CommunityId, UserId = d.UserId ?? db.Users.Where(u => u.DelegateId == d.Id).Select(u => u.Id).FirstOrDefault() })
                    .FirstOrDefault(),
            }).ToListAsync(ct);
        var rows = await db.Delegates.Where(d => d.TermId == body.Id).OrderBy(d => d.Id).ToListAsync(ct);
        var kept = new List<CongressDelegate>();
        CongressDelegate? chair = null;
        foreach (var m in members)
        {
            var userId = m.Seat?.UserId;
            var row = rows.Except(kept).FirstOrDefault(r => userId is not null && r.UserId == userId)
                ?? rows.Except(kept).FirstOrDefault(r => r.Name == (m.Seat?.Name ?? m.Name));
            if (row is null)
            {
                row = CongressDelegate.CommitteeSeat(streetId, body.Id);
                db.Delegates.Add(row);
            }
            row.CopySeat(m.Seat?.Name ?? m.Name, m.Seat?.Category ?? DelegateCategory.ResidentRepresentative, m.Seat?.Phone, m.Seat?.CommunityId, userId);
            kept.Add(row);
            chair = m.IsChair ? row : chair;
        }
        foreach (var gone in rows.Except(kept).Where(r => !r.IsRetired))
        {
            gone.Retire(DomainText.Get("Committee.LeftCommittee"), nowUtc);
        }
        await change.SaveAsync(ct);
        body.SetCommitteeSecretary(chair?.Id);
        return body;
    }

    /// <summary>The committee's voting body of a congress term.</summary>
    internal static IQueryable<Term> BodyOf(CongressDbContext db, Term congress) =>
        db.Terms.Where(t => t.StreetId == congress.StreetId && t.Body == VotingBody.Committee && t.Number == congress.Number);

    /// <summary>The street's congress term whose committee serves now: the term running today, else the latest.</summary>
    internal static IQueryable<Directory.Term> CurrentTerm(CongressDbContext db, int streetId, DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        return db.Terms.Where(t => t.StreetId == streetId && t.CommunityId == null && t.Body == VotingBody.Congress).OrderByDescending(t => t.StartsOn <= today && today <= t.EndsOn).ThenByDescending(t => t.Number);
    }

    private async Task<CommitteeView> ViewAsync(CongressDbContext db, int streetId, string name, string slug, CancellationToken ct)
    {
        var term = await CurrentTerm(db, streetId, time.GetUtcNow().UtcDateTime).FirstOrDefaultAsync(ct);
        var members = term is null
            ? []
            : await db.CommitteeMembers.AsNoTracking().Where(m => m.StreetId == streetId && m.TermId == term.Id)
                .OrderByDescending(m => m.IsChair).ThenByDescending(m => m.Marks).ThenBy(m => m.Id)
                .Select(m => new CommitteeMemberRow(m.Id, m.Name, m.IsChair, m.Marks, m.SinceUtc, m.Roles, m.CommunityId,
                    db.Communities.Where(c => c.Id == m.CommunityId).Select(c => c.Name).FirstOrDefault())).ToListAsync(ct);
        var communities = (await db.Communities.AsNoTracking().Where(c => c.StreetId == streetId).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)).ToList();
        var composition = members.Count == 0 ? null : new CommitteeComposition(
            communities.Where(c => !members.Any(m => m.Roles.HasFlag(CommitteeRoles.CommunityHead) && m.CommunityId == c.Id)).Select(c => c.Name).ToList(),
            members.Any(m => m.Roles.HasFlag(CommitteeRoles.PeoplesCongressDeputy)),
            members.Any(m => m.Roles.HasFlag(CommitteeRoles.CppccMember)),
            members.Any(m => m.IsChair && m.Roles.HasFlag(CommitteeRoles.StreetSecretary)));
        return new CommitteeView(name, slug, term?.Number, members, composition, communities);
    }
}

/// <summary>A meeting the convener calls: <see cref="RequestIds"/> are open requests for its agenda, <see cref="Items"/> further items, one a line.</summary>
public sealed record CommitteeMeetingInput(string Title, DateTime ScheduledUtc, string Place, IReadOnlyList<int>? RequestIds, IReadOnlyList<string> Items)
{
    internal SessionInput AsSession() => new(SessionKind.CommitteeMeeting, Title, ScheduledUtc, Place);

    public void Validate()
    {
        var requests = RequestIds ?? [];
        var v = new Validator()
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, 80, "Field.Title")
            .Require(nameof(Place), Place, "Field.Place")
            .MaxLength(nameof(Place), Place, 80, "Field.Place")
            .Check(requests.Distinct().Count() == requests.Count, nameof(RequestIds), "Committee.RequestTwice")
            .Check(Items.Count + requests.Count <= 20, nameof(Items), "Validation.Range", DomainText.Get("Field.AgendaItems"), 0, 20);
        foreach (var item in Items)
        {
            v.Require(nameof(Items), item, "Field.AgendaItem").MaxLength(nameof(Items), item, 120, "Field.AgendaItem");
        }
        v.ThrowIfInvalid();
    }
}

/// <summary>A meeting of the committee, in its workspace's list.</summary>
public sealed record CommitteeMeetingRow(int SessionId, string Title, DateTime ScheduledUtc, string Place, SessionStatus Status);
