using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
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

    /// <summary>The street's congress term whose committee serves now: the term running today, else the latest.</summary>
    internal static IQueryable<Directory.Term> CurrentTerm(CongressDbContext db, int streetId, DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        return db.Terms.Where(t => t.StreetId == streetId && t.CommunityId == null).OrderByDescending(t => t.StartsOn <= today && today <= t.EndsOn).ThenByDescending(t => t.Number);
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
