using CongressHub.Domain.Directory;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Common;

/// <summary>
/// Who acted, as people read it: a name with a post ("李娜（社区工作人员 · 阳光社区）", "王建国（街道办主任）"),
/// never an account name. Records store the account (its id, or its user name in older rows and the audit chain);
/// pages resolve all of a page's accounts at once, in the reader's culture.
/// </summary>
public static class PeopleNames
{
    /// <summary>The account that records "the system" in the audit chain.</summary>
    public const string System = "system";

    /// <summary>Display names by user id and by user name, for every key that is an account; unknown keys are left out.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ResolveAsync(CongressDbContext db, IEnumerable<string?> keys, CancellationToken ct = default)
    {
        var wanted = keys.Where(k => !string.IsNullOrEmpty(k)).Select(k => k!).Distinct().ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wanted.Contains(System))
        {
            result[System] = DomainText.Get("Person.System");
        }
        if (wanted.Count == 0)
        {
            return result;
        }
        // Each lookup reads one index (ids; normalized user names) and each kind of post is read by its keys: one query
        // with an OR over both keys and a row per post read every account, officer and delegate of the city.
        var normalized = wanted.Select(k => k.ToUpperInvariant()).Distinct().ToList();
        var ids = await db.Users.Where(u => wanted.Contains(u.Id)).Select(u => u.Id)
            .Concat(db.Users.Where(u => normalized.Contains(u.NormalizedUserName!)).Select(u => u.Id)).Distinct().ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.OfficerId, u.DelegateId, u.CommunityId }).ToListAsync(ct);
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name);
        var officerIds = users.Where(u => u.OfficerId is not null).Select(u => u.OfficerId!.Value).Distinct().ToList();
        var officers = officerIds.Count == 0 ? [] : await db.Officers.AsNoTracking().Where(o => officerIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => new { o.Name, o.Position }, ct);
        var delegateIds = users.Where(u => u.DelegateId is not null).Select(u => u.DelegateId!.Value).Distinct().ToList();
        var delegates = delegateIds.Count == 0 ? [] : await db.Delegates.AsNoTracking().Where(d => delegateIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => new { d.Name, d.Category, d.CommunityId }, ct);
        var staffCommunityIds = users.Where(u => u.CommunityId is not null).Select(u => u.CommunityId!.Value).Distinct().ToList();
        var staffCommunities = staffCommunityIds.Count == 0 ? [] : await db.Communities.AsNoTracking().Where(c => staffCommunityIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var people = users.Select(u => new
        {
            u.Id,
            u.UserName,
            u.DisplayName,
            Roles = roles[u.Id].ToList(),
            Officer = u.OfficerId is { } o ? officers.GetValueOrDefault(o) : null,
            Delegate = u.DelegateId is { } d ? delegates.GetValueOrDefault(d) : null,
            Community = u.CommunityId is { } c ? staffCommunities.GetValueOrDefault(c) : null,
        }).ToList();
        var delegateCommunities = people.Where(p => p.Delegate?.CommunityId is not null).Select(p => p.Delegate!.CommunityId!.Value).Distinct().ToList();
        var communities = delegateCommunities.Count == 0 ? [] : await db.Communities.AsNoTracking()
            .Where(c => delegateCommunities.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        foreach (var p in people)
        {
            var (name, posts) = p switch
            {
                { Officer: { } o } => (o.Name, new[] { o.Position }),
                { Delegate: { } d } => (d.Name, new[] { d.Category.Label(), d.CommunityId is { } c ? communities.GetValueOrDefault(c) : null }),
                _ when p.Roles.Contains(Roles.CommunityStaff) => (p.DisplayName, new[] { DomainText.Get("Person.CommunityStaff"), p.Community }),
                _ when p.Roles.Contains(Roles.Convener) => (p.DisplayName, new[] { DomainText.Get("Person.Convener") }),
                _ when p.Roles.Contains(Roles.CityAdmin) => (p.DisplayName, new[] { DomainText.Get("Person.CityAdmin") }),
                _ => (p.DisplayName, Array.Empty<string?>()),
            };
            // Without a name on record, the post alone says who it was.
            var shown = string.IsNullOrWhiteSpace(name)
                ? string.Join(" · ", posts.Where(x => !string.IsNullOrWhiteSpace(x))) is { Length: > 0 } post ? post : p.UserName ?? ""
                : Format(name.Trim(), posts);
            result[p.Id] = shown;
            if (p.UserName is { } userName)
            {
                result[userName] = shown;
            }
        }
        return result;
    }

    /// <summary>
    /// "name（post · place）". A post the name already holds is left out, so a name is never repeated
    /// ("召集人·示例街道" stays as it is, not "召集人·示例街道（召集人）").
    /// </summary>
    public static string Format(string name, IEnumerable<string?> posts)
    {
        var shown = posts.Where(p => !string.IsNullOrWhiteSpace(p) && !name.Contains(p!.Trim(), StringComparison.Ordinal) && !p.Contains(name, StringComparison.Ordinal))
            .Select(p => p!.Trim()).ToList();
        return shown.Count == 0 ? name : DomainText.Get("Person.WithPost", name, string.Join(" · ", shown));
    }

    /// <summary>The name for a stored key: the person when it is an account, the stored text otherwise.</summary>
    public static string Show(this IReadOnlyDictionary<string, string> names, string? key) =>
        key is null ? "" : names.TryGetValue(key, out var name) ? name : key;
}
