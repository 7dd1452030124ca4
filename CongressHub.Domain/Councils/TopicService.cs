using System.Security.Cryptography;
using System.Text;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CongressHub.Domain.Councils;

/// <summary>
/// Topics of the community residents' councils: proposed by residents on the community's public page or by the
/// community's staff, vetted by the community's staff (or the street's convener), supported by residents who confirm a
/// phone or e-mail address with a code. Of a supporter only a keyed hash of the address is kept, per topic.
/// </summary>
public sealed class TopicService(
    IDbContextFactory<CongressDbContext> dbFactory,
    Changes changes,
    ContactCheckService contacts,
    Secrecy secrecy,
    IOptions<CouncilOptions> options)
{
    /// <summary>The form's fields a support's address and code are typed into (the contact check's).</summary>
    public const string ContactField = ContactCheckService.ContactField;

    public const string CodeField = ContactCheckService.CodeField;

    private readonly Lazy<byte[]> _supportKey = new(() => secrecy.KeyFor("topic-supports"), LazyThreadSafetyMode.ExecutionAndPublication);

    private int Threshold => options.Value.SupportsToAnswer;

    /// <summary>Vetting and proposing a community's topics: the community's own staff, or the street's convener.</summary>
    public static bool CanVet(Actor? actor, int communityId) =>
        actor is { IsConvener: true } || actor is { StreetId: not null } && actor.IsInRole(Roles.CommunityStaff) && actor.CommunityId == communityId;

    /// <summary>The community whose topics the actor looks after first: a staff member's own.</summary>
    public static int? HomeCommunity(Actor? actor) => actor is not null && actor.IsInRole(Roles.CommunityStaff) ? actor.CommunityId : null;

    // ---- proposing

    /// <summary>A topic proposed by the community's staff (or the convener) from the app.</summary>
    public async Task<int> ProposeAsync(Actor actor, int communityId, TopicInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        await RequireCommunityAsync(change, communityId, ct);
        if (!CanVet(actor, communityId))
        {
            throw new ForbiddenException();
        }
        return await AddAsync(change, communityId, input, fromPublic: false, ct);
    }

    /// <summary>A topic proposed by a resident on the community's public page, without an account.</summary>
    public async Task<int> ProposePublicAsync(string slug, int communityId, TopicInput input, CancellationToken ct = default)
    {
        input.Validate();
        await using var change = await changes.BeginAsResidentAsync(slug, ct);
        await RequireCommunityAsync(change, communityId, ct);
        return await AddAsync(change, communityId, input, fromPublic: true, ct);
    }

    private static async Task<int> AddAsync(Change change, int communityId, TopicInput input, bool fromPublic, CancellationToken ct)
    {
        var topic = Topic.Propose(change.StreetId, communityId, input, fromPublic, change.Now);
        change.Db.Topics.Add(topic);
        await change.SaveAsync(ct);
        change.Audit("Topic.Proposed", Subject(topic), topic.Title);
        await change.CommitAsync(ct);
        return topic.Id;
    }

    // ---- vetting

    /// <summary>Takes the topic up for a council meeting of <paramref name="kind"/>.</summary>
    public Task AcceptAsync(Actor actor, int id, CouncilMeetingKind? kind, CancellationToken ct = default) =>
        VetAsync(actor, id, "Topic.Accepted", (change, topic) =>
        {
            topic.Accept(kind, change.Now);
            return Task.FromResult(topic.MeetingKind!.Value.Label());
        }, ct);

    /// <summary>Merges the topic into another open topic of its community; its supports move over, an address counted once.</summary>
    public Task MergeAsync(Actor actor, int id, int targetId, CancellationToken ct = default) =>
        VetAsync(actor, id, "Topic.Merged", async (change, topic) =>
        {
            var db = change.Db;
            var target = await db.Topics.SingleOrDefaultAsync(t => t.Id == targetId && t.StreetId == topic.StreetId, ct)
                ?? throw new ValidationFailedException([new FieldError("TargetId", DomainText.Get("Topic.MergeOther"))]);
            topic.MergeInto(target, change.Now);
            var theirs = await db.TopicSupports.Where(s => s.TopicId == target.Id).Select(s => s.ContactHash).ToListAsync(ct);
            var known = theirs.ToHashSet(StringComparer.Ordinal);
            foreach (var support in await db.TopicSupports.Where(s => s.TopicId == topic.Id).ToListAsync(ct))
            {
                if (known.Add(support.ContactHash))
                {
                    support.MoveTo(target.Id);
                }
                else
                {
                    db.TopicSupports.Remove(support);
                }
            }
            return $"{Subject(target)} {target.Title}";
        }, ct);

    /// <summary>Declines the topic with a reason shown publicly.</summary>
    public Task DeclineAsync(Actor actor, int id, string? reason, CancellationToken ct = default) =>
        VetAsync(actor, id, "Topic.Declined", (change, topic) =>
        {
            topic.Decline(reason, change.Now);
            return Task.FromResult(topic.PublicReason!);
        }, ct);

    /// <summary>Answers the topic publicly without taking it up.</summary>
    public Task AnswerAsync(Actor actor, int id, string? answer, CancellationToken ct = default) =>
        VetAsync(actor, id, "Topic.Answered", (change, topic) =>
        {
            topic.Answer(answer, change.Now);
            return Task.FromResult(topic.PublicReason!);
        }, ct);

    private async Task VetAsync(Actor actor, int id, string action, Func<Change, Topic, Task<string>> move, CancellationToken ct)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        change.Conflict = "Topic.Conflict";
        var db = change.Db;
        var topic = await db.Topics.FindAsync([id], ct);
        if (topic is null || topic.StreetId != change.StreetId)
        {
            throw new NotFoundException();
        }
        if (!CanVet(actor, topic.CommunityId))
        {
            throw new ForbiddenException();
        }
        var details = await move(change, topic);
        change.Audit(action, Subject(topic), $"{topic.Title} · {details}");
        await change.CommitAsync(ct);
    }

    // ---- supports

    /// <summary>
    /// Sends a code to the address a resident supports a topic with (the contact check's limits apply); the code is
    /// taken back by <see cref="SupportAsync"/>.
    /// </summary>
    public Task SendCodeAsync(string slug, int communityId, string? contact, CancellationToken ct = default) =>
        contacts.SendCodeAsync(slug, contact, $"c/{communityId}", ct);

    /// <summary>
    /// A resident supports an open topic with an address confirmed by the code sent there. An address supports a topic
    /// once; only a keyed hash of it is stored. Returns the topic's supports now.
    /// </summary>
    public async Task<int> SupportAsync(string slug, int communityId, int topicId, string? contact, string? code, CancellationToken ct = default)
    {
        var address = contacts.Validate(contact);
        await using var change = await changes.BeginAsResidentAsync(slug, ct);
        var db = change.Db;
        var topic = await db.Topics.AsNoTracking().SingleOrDefaultAsync(t => t.Id == topicId && t.StreetId == change.StreetId && t.CommunityId == communityId, ct)
            ?? throw new NotFoundException();
        if (!topic.IsOpen)
        {
            throw DomainException.Because("Topic.SupportClosed", topic.Title, topic.State.Label());
        }
        var hash = HashOf(change.StreetId, address);
        if (await db.TopicSupports.AnyAsync(s => s.TopicId == topicId && s.ContactHash == hash, ct))
        {
            throw AlreadySupported();
        }
        var check = await ContactCheckService.TakeAsync(change, address, code, ct);
        db.TopicSupports.Add(TopicSupport.Of(topicId, hash));
        change.Audit("Topic.Supported", Subject(topic), topic.Title);
        await change.SaveAsync(ct);
        await ContactCheckService.UseAsync(change, check, ct);
        try
        {
            await change.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw AlreadySupported();
        }
        await using var read = await dbFactory.CreateDbContextAsync(ct);
        return await read.TopicSupports.CountAsync(s => s.TopicId == topicId, ct);
    }

    private static ValidationFailedException AlreadySupported() => new([new FieldError(ContactField, DomainText.Get("Topic.AlreadySupported"))]);

    /// <summary>The keyed hash an address is kept as: the same for one street, so a merge recognises an address supporting both topics.</summary>
    private string HashOf(int streetId, string address) =>
        Convert.ToHexString(HMACSHA256.HashData(_supportKey.Value, Encoding.UTF8.GetBytes($"{streetId}:{address}")));

    // ---- reading

    /// <summary>A community's topics for its staff or the convener, optionally of one state.</summary>
    public async Task<TopicList> ListAsync(Actor actor, int communityId, TopicState? state = null, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId && c.StreetId == streetId, ct)
            ?? throw new NotFoundException();
        if (!CanVet(actor, communityId))
        {
            throw new ForbiddenException();
        }
        var all = await RowsAsync(db, streetId, communityId, ct);
        var counts = Enum.GetValues<TopicState>().ToDictionary(s => s, s => all.Count(t => t.State == s));
        var shown = all.Where(t => state is null || t.State == state)
            .OrderByDescending(t => t.MustAnswer).ThenBy(t => t.State != TopicState.Proposed).ThenByDescending(t => t.CreatedUtc).ThenByDescending(t => t.Id).ToList();
        var open = all.Where(t => t.IsOpen).OrderByDescending(t => t.Id).Select(t => new TopicTarget(t.Id, t.Title)).ToList();
        return new TopicList(community.Id, community.Name, Threshold, counts, all.Count(t => t.MustAnswer), shown, open);
    }

    /// <summary>The communities of the actor's street whose topics the actor may look after.</summary>
    public async Task<IReadOnlyList<PublicCommunityLink>> CommunitiesAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var slug = await db.Streets.Where(s => s.Id == streetId).Select(s => s.Slug).SingleAsync(ct);
        var communities = await db.Communities.AsNoTracking().Where(c => c.StreetId == streetId).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        var open = await OpenCountsAsync(db, streetId, ct);
        return communities.Where(c => CanVet(actor, c.Id)).Select(c => new PublicCommunityLink(slug, c.Id, c.Name, open.GetValueOrDefault(c.Id))).ToList();
    }

    /// <summary>A community's public page; null for an unknown street, or a community not of it.</summary>
    public async Task<PublicCommunityView?> PublicPageAsync(string slug, int communityId, CancellationToken ct = default)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == key, ct);
        var community = street is null ? null
            : await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId && c.StreetId == street.Id, ct);
        if (street is null || community is null)
        {
            return null;
        }
        var rows = (await RowsAsync(db, street.Id, communityId, ct))
            .OrderBy(t => t.IsOpen ? 0 : 1).ThenByDescending(t => t.MustAnswer).ThenByDescending(t => t.Supports).ThenByDescending(t => t.CreatedUtc).ThenByDescending(t => t.Id).ToList();
        return new PublicCommunityView(street.Id, street.Slug, street.Name, community.Id, community.Name, Threshold, rows);
    }

    /// <summary>The communities of a street with links to their public pages; empty for an unknown street.</summary>
    public async Task<IReadOnlyList<PublicCommunityLink>> PublicCommunitiesAsync(string slug, CancellationToken ct = default)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.AsNoTracking().Where(s => s.Slug == key).Select(s => new { s.Id, s.Slug }).SingleOrDefaultAsync(ct);
        if (street is null)
        {
            return [];
        }
        var rows = await db.Communities.AsNoTracking().Where(c => c.StreetId == street.Id).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var open = await OpenCountsAsync(db, street.Id, ct);
        return rows.Select(r => new PublicCommunityLink(street.Slug, r.Id, r.Name, open.GetValueOrDefault(r.Id))).ToList();
    }

    private static async Task<Dictionary<int, int>> OpenCountsAsync(CongressDbContext db, int streetId, CancellationToken ct) =>
        await (from t in db.Topics
               where t.StreetId == streetId && (t.State == TopicState.Proposed || t.State == TopicState.Accepted || t.State == TopicState.Scheduled)
               group t by t.CommunityId into g
               select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private async Task<List<TopicRow>> RowsAsync(CongressDbContext db, int streetId, int communityId, CancellationToken ct)
    {
        var topics = await db.Topics.AsNoTracking().Where(t => t.StreetId == streetId && t.CommunityId == communityId).ToListAsync(ct);
        var ids = topics.Select(t => t.Id).ToList();
        var supports = await db.TopicSupports.Where(s => ids.Contains(s.TopicId)).GroupBy(s => s.TopicId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var titles = topics.ToDictionary(t => t.Id, t => t.Title);
        var sessionIds = topics.Where(t => t.SessionId is not null).Select(t => t.SessionId!.Value).ToList();
        var meetings = await db.Sessions.AsNoTracking().Where(x => sessionIds.Contains(x.Id))
            .ToDictionaryAsync(x => x.Id, x => new TopicMeeting(x.Id, x.Title, x.ScheduledUtc, x.Status >= SessionStatus.Adjourned), ct);
        var decisionIds = topics.Where(t => t.DecisionId is not null).Select(t => t.DecisionId!.Value).ToList();
        var slug = decisionIds.Count == 0 ? "" : await db.Streets.Where(x => x.Id == streetId).Select(x => x.Slug).SingleAsync(ct);
        var decisions = await db.CouncilDecisions.AsNoTracking().Where(d => decisionIds.Contains(d.Id) && d.State != CouncilDecisionState.Draft)
            .ToDictionaryAsync(d => d.Id, d => new TopicDecision(d.Id, d.Title, CouncilDecisionLabels.PublicPath(slug, d.CommunityId, d.Id)), ct);
        var threshold = Threshold;
        return topics.Select(t =>
        {
            var count = supports.GetValueOrDefault(t.Id);
            return new TopicRow(t.Id, t.Title, t.Description, t.ProposerKind, t.ProposerLabel, t.FromPublic, t.CreatedUtc, t.State, t.MeetingKind,
                t.MergedIntoId, t.MergedIntoId is { } m ? titles.GetValueOrDefault(m) : null, t.PublicReason, count,
                t.State == TopicState.Proposed && count >= threshold,
                t.SessionId is { } sid ? meetings.GetValueOrDefault(sid) : null, t.DecisionId is { } did ? decisions.GetValueOrDefault(did) : null);
        }).ToList();
    }

    private static async Task RequireCommunityAsync(Change change, int communityId, CancellationToken ct)
    {
        if (!await change.Db.Communities.AnyAsync(c => c.Id == communityId && c.StreetId == change.StreetId, ct))
        {
            throw new NotFoundException();
        }
    }

    private static string Subject(Topic topic) => $"Topic {topic.Id}";
}
