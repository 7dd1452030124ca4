using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Councils;

/// <summary>
/// A community's residents' council (居民议事会): its members, its quorum and majority, and its meetings. The council is
/// a voting body beside the congress's terms, so its meetings are sessions run with the same console, check-in, votes
/// of every channel, secrecy and minutes. Its community's staff keep it; the street's convener may too.
/// </summary>
public sealed class CouncilService(IDbContextFactory<CongressDbContext> dbFactory, Changes changes, TimeProvider time)
{
    /// <summary>The councils the actor keeps: every community of the street for its convener, their own for community staff.</summary>
    public async Task<IReadOnlyList<CouncilRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        var staffOf = !Access.CanManageStreet(actor) && actor.IsInRole(Roles.CommunityStaff) ? actor.CommunityId ?? throw new ForbiddenException()
            : Access.CanManageStreet(actor) ? (int?)null : throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Communities.AsNoTracking().Where(c => c.StreetId == streetId && (staffOf == null || c.Id == staffOf))
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CouncilRow(c.Id, c.Name,
                db.Delegates.Count(d => db.Terms.Any(t => t.Id == d.TermId && t.CommunityId == c.Id) && d.RetiredUtc == null),
                db.Sessions.Count(s => s.CommunityId == c.Id),
                db.Sessions.Where(s => s.CommunityId == c.Id && s.Status < SessionStatus.Adjourned).OrderBy(s => s.ScheduledUtc).Select(s => (DateTime?)s.ScheduledUtc).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>One community's council as its keepers see it; a council not yet set up shows no members and the default rules.</summary>
    public async Task<CouncilView> GetAsync(Actor actor, int communityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var community = await KeptAsync(db, actor, communityId, ct);
        var council = await db.Terms.AsNoTracking().SingleOrDefaultAsync(t => t.CommunityId == communityId, ct);
        var members = council is null ? [] : await (
            from d in db.Delegates.AsNoTracking()
            where d.TermId == council.Id
            join u in db.Users on d.UserId equals u.Id into us
            from u in us.DefaultIfEmpty()
            orderby d.RetiredUtc != null, d.Category, d.Name
            select new CouncilMemberRow(d.Id, d.Name, d.Category, d.Phone, u != null ? u.UserName : null, d.RetiredUtc != null, d.Id == council.SecretaryMemberId))
            .ToListAsync(ct);
        var meetings = await db.Sessions.AsNoTracking().Where(s => s.CommunityId == communityId)
            .OrderByDescending(s => s.ScheduledUtc).ThenByDescending(s => s.Id)
            .Select(s => new CouncilMeetingRow(s.Id, s.Title, s.Kind, s.ScheduledUtc, s.Place, s.Status)).ToListAsync(ct);
        var serving = members.Count(m => !m.Retired);
        var quorum = council?.QuorumRule ?? QuorumRule.MoreThanHalf;
        var slug = await db.Streets.Where(st => st.Id == community.StreetId).Select(st => st.Slug).SingleAsync(ct);
        return new CouncilView(community.Id, community.Name, slug, council?.Id, quorum, quorum.Required(serving),
            council?.DefaultMajority ?? MajorityRule.HalfOfPresent, members, meetings);
    }

    /// <summary>Sets the council's quorum, its usual majority and who signs its minutes off (a serving member).</summary>
    public async Task SaveRulesAsync(Actor actor, int communityId, CouncilRules rules, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        await KeptAsync(db, actor, communityId, ct);
        var council = await CouncilAsync(change, communityId, ct);
        if (rules.SecretaryMemberId is { } secretary
            && !await db.Delegates.AnyAsync(d => d.Id == secretary && d.TermId == council.Id && d.RetiredUtc == null, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(rules.SecretaryMemberId), DomainText.Get("Council.SecretaryNotMember"))]);
        }
        council.SetCouncilRules(rules.Quorum, rules.Majority, rules.SecretaryMemberId);
        change.Audit("Council.RulesSet", Subject(communityId), DomainText.Get("Council.RulesDetails", rules.Quorum.Label(), rules.Majority.Label()));
        change.Announce(new CouncilChanged(change.StreetId, communityId));
        await change.CommitAsync(ct);
    }

    public async Task<int> AddMemberAsync(Actor actor, int communityId, CouncilMemberInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        await KeptAsync(db, actor, communityId, ct);
        input.Validate();
        var council = await CouncilAsync(change, communityId, ct);
        var userId = await AccountAsync(db, change.StreetId, input.Account, ct);
        if (userId is not null && await db.Delegates.AnyAsync(d => d.TermId == council.Id && d.UserId == userId && d.RetiredUtc == null, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(input.Account), DomainText.Get("Council.AccountTaken", input.Account!.Trim()))]);
        }
        var member = CongressDelegate.CreateMember(change.StreetId, council.Id, communityId, input);
        member.LinkAccount(userId);
        db.Delegates.Add(member);
        await change.SaveAsync(ct);
        change.Audit("Council.MemberAdded", Subject(communityId), $"{member.Name} ({member.Category.Label()})");
        change.Announce(new CouncilChanged(change.StreetId, communityId));
        await change.CommitAsync(ct);
        return member.Id;
    }

    public async Task UpdateMemberAsync(Actor actor, int communityId, int memberId, CouncilMemberInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        await KeptAsync(db, actor, communityId, ct);
        var member = await MemberAsync(db, communityId, memberId, ct);
        input.Validate();
        var userId = await AccountAsync(db, change.StreetId, input.Account, ct);
        if (userId is not null && await db.Delegates.AnyAsync(d => d.TermId == member.TermId && d.UserId == userId && d.Id != memberId && d.RetiredUtc == null, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(input.Account), DomainText.Get("Council.AccountTaken", input.Account!.Trim()))]);
        }
        member.UpdateMember(communityId, input);
        member.LinkAccount(userId);
        change.Audit("Council.MemberChanged", Subject(communityId), $"{member.Name} ({member.Category.Label()})");
        change.Announce(new CouncilChanged(change.StreetId, communityId));
        await change.CommitAsync(ct);
    }

    /// <summary>A member leaves the council: they stay in its meetings' records but no longer count toward its quorum.</summary>
    public async Task RetireMemberAsync(Actor actor, int communityId, int memberId, string? reason, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        await KeptAsync(db, actor, communityId, ct);
        var member = await MemberAsync(db, communityId, memberId, ct);
        member.Retire(reason, change.Now);
        var council = await db.Terms.SingleAsync(t => t.Id == member.TermId, ct);
        if (council.SecretaryMemberId == member.Id)
        {
            council.SetCouncilRules(council.QuorumRule, council.DefaultMajority, null);
        }
        change.Audit("Council.MemberRetired", Subject(communityId), member.Name);
        change.Announce(new CouncilChanged(change.StreetId, communityId));
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// Calls a meeting of the council (a draft session of the council's body). Its agenda is one item per accepted topic of
    /// <see cref="CouncilMeetingInput.TopicIds"/>, which become scheduled for it, then one per line of
    /// <see cref="CouncilMeetingInput.Items"/>; it is published, run and minuted like any session.
    /// </summary>
    public async Task<int> CreateMeetingAsync(Actor actor, int communityId, CouncilMeetingInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        await KeptAsync(db, actor, communityId, ct);
        input.Validate();
        var council = await CouncilAsync(change, communityId, ct);
        if (!await db.Delegates.AnyAsync(d => d.TermId == council.Id && d.RetiredUtc == null, ct))
        {
            throw DomainException.Because("Council.NoMembers");
        }
        var session = Session.Create(change.StreetId, council.Id, new SessionInput(input.Kind.AsSessionKind(), input.Title, input.ScheduledUtc, input.Place), communityId);
        db.Sessions.Add(session);
        await change.SaveAsync(ct);
        var position = 0;
        foreach (var topicId in input.TopicIds ?? [])
        {
            var topic = await db.Topics.SingleOrDefaultAsync(t => t.Id == topicId && t.CommunityId == communityId, ct)
                ?? throw new ValidationFailedException([new FieldError(nameof(input.TopicIds), DomainText.Get("Council.NoSuchTopic", topicId))]);
            var earlierOver = topic.SessionId is { } earlier && await db.Sessions.AnyAsync(x => x.Id == earlier && x.Status >= SessionStatus.Adjourned, ct);
            topic.Schedule(session.Id, input.Kind, earlierOver, change.Now);
            db.AgendaItems.Add(AgendaItem.ForTopic(session.Id, ++position, topic));
        }
        foreach (var item in input.Items)
        {
            db.AgendaItems.Add(AgendaItem.Create(session.Id, ++position, new AgendaItemInput(AgendaItemType.Other, item, null, null, 20)));
        }
        change.Audit("Council.MeetingCalled", SessionService.Subject(session), $"{session.Title} ({input.Kind.Label()})");
        change.Announce(new CouncilChanged(change.StreetId, communityId));
        change.Announce(new SessionChanged(change.StreetId, session.Id));
        await change.CommitAsync(ct);
        return session.Id;
    }

    internal static string Subject(int communityId) => $"Council of community {communityId}";

    /// <summary>The community, when the actor keeps its council: the street's convener or the community's own staff.</summary>
    private static async Task<Community> KeptAsync(CongressDbContext db, Actor actor, int communityId, CancellationToken ct)
    {
        var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId, ct);
        return community is not null && Access.CanRun(actor, community.StreetId, community.Id) ? community
            : throw Access.Refusal(actor, community?.StreetId, "Council.NotYours");
    }

    /// <summary>The community's council, set up on first use.</summary>
    private async Task<Term> CouncilAsync(Change change, int communityId, CancellationToken ct)
    {
        if (await change.Db.Terms.SingleOrDefaultAsync(t => t.CommunityId == communityId, ct) is { } council)
        {
            return council;
        }
        council = Term.CreateCouncil(change.StreetId, communityId, DateOnly.FromDateTime(SessionTime.Local(time.GetUtcNow().UtcDateTime)));
        change.Db.Terms.Add(council);
        await change.SaveAsync(ct);
        return council;
    }

    private static async Task<CongressDelegate> MemberAsync(CongressDbContext db, int communityId, int memberId, CancellationToken ct) =>
        await db.Delegates.SingleOrDefaultAsync(d => d.Id == memberId && db.Terms.Any(t => t.Id == d.TermId && t.CommunityId == communityId), ct)
            ?? throw new NotFoundException();

    /// <summary>The id of the street's account named <paramref name="userName"/>; refused when there is none.</summary>
    private static async Task<string?> AccountAsync(CongressDbContext db, int streetId, string? userName, CancellationToken ct)
    {
        var name = userName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        return await db.Users.Where(u => u.UserName == name && u.StreetId == streetId).Select(u => u.Id).SingleOrDefaultAsync(ct)
            ?? throw new ValidationFailedException([new FieldError(nameof(CouncilMemberInput.Account), DomainText.Get("Council.NoSuchAccount", name))]);
    }
}

public sealed record CouncilRow(int CommunityId, string Community, int Members, int Meetings, DateTime? NextMeetingUtc);

public sealed record CouncilView(
    int CommunityId,
    string Community,
    string StreetSlug,
    int? CouncilId,
    QuorumRule Quorum,
    int QuorumRequired,
    MajorityRule Majority,
    IReadOnlyList<CouncilMemberRow> Members,
    IReadOnlyList<CouncilMeetingRow> Meetings);

public sealed record CouncilMemberRow(int Id, string Name, DelegateCategory Category, string? Phone, string? Account, bool Retired, bool Secretary);

public sealed record CouncilMeetingRow(int SessionId, string Title, SessionKind Kind, DateTime ScheduledUtc, string Place, SessionStatus Status);

public sealed record CouncilRules(QuorumRule Quorum, MajorityRule Majority, int? SecretaryMemberId);

public sealed record CouncilMeetingInput(CouncilMeetingKind Kind, string Title, DateTime ScheduledUtc, string Place, IReadOnlyList<string> Items,
    IReadOnlyList<int>? TopicIds = null)
{
    public void Validate()
    {
        var topics = TopicIds ?? [];
        var v = new Validator()
            .Check(Enum.IsDefined(Kind), nameof(Kind), "Validation.UnknownSessionKind")
            .Check(topics.Distinct().Count() == topics.Count, nameof(TopicIds), "Council.TopicTwice")
            .Check(Items.Count + topics.Count <= 20, nameof(Items), "Validation.Range", DomainText.Get("Field.AgendaItems"), 0, 20);
        foreach (var item in Items)
        {
            v.Require(nameof(Items), item, "Field.AgendaItem").MaxLength(nameof(Items), item, 120, "Field.AgendaItem");
        }
        v.ThrowIfInvalid();
    }
}
