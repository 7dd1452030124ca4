using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Streets;

public sealed record StreetOverviewRow(int Id, string Slug, string Name, string NameEn, string District, int Communities, int Departments, int Delegates, int Officers, int Conveners, int Sessions, int LiveSessions);

public sealed record PublicStreetLink(string Slug, string Name, string NameEn);

/// <summary>A delegate as the public roster names them; <paramref name="Id"/> leads to their public record.</summary>
public sealed record PublicDelegate(string Name, DelegateCategory Category, int Id = 0);

public sealed record PublicCommunity(string Name, IReadOnlyList<PublicDelegate> Delegates);

/// <summary>What a resident sees on a street's public home. Contact details never leave the office.</summary>
public sealed record PublicStreetHome(
    string Slug,
    string Name,
    string NameEn,
    string District,
    int? TermNumber,
    DateOnly? TermStartsOn,
    DateOnly? TermEndsOn,
    IReadOnlyList<PublicCommunity> Communities,
    IReadOnlyList<PublicDelegate> AtLarge);

/// <summary>Streets: the city admin's overview and management, and each street's public home.</summary>
public sealed class StreetService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes, DirectoryService directory)
{
    public async Task<IReadOnlyList<StreetOverviewRow>> ListOverviewAsync(Actor actor, CancellationToken ct = default)
    {
        Access.RequireCityAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var streets = await db.Streets.OrderBy(s => s.Id).ToListAsync(ct);
        var convenerRoleId = await db.Roles.Where(r => r.Name == Roles.Convener).Select(r => r.Id).SingleOrDefaultAsync(ct);
        var rows = new List<StreetOverviewRow>();
        foreach (var s in streets)
        {
            var term = await directory.CurrentTermAsync(db, s.Id, ct);
            var termId = term?.Id ?? 0;
            rows.Add(new StreetOverviewRow(s.Id, s.Slug, s.Name, s.NameEn, s.District,
                await db.Communities.CountAsync(c => c.StreetId == s.Id, ct),
                await db.Departments.CountAsync(c => c.StreetId == s.Id, ct),
                await db.Delegates.CountAsync(d => d.TermId == termId && d.RetiredUtc == null, ct),
                await db.Officers.CountAsync(o => o.StreetId == s.Id && o.RetiredUtc == null, ct),
                await db.Users.CountAsync(u => u.StreetId == s.Id && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == convenerRoleId), ct),
                await db.Sessions.CountAsync(x => x.StreetId == s.Id && x.CommunityId == null && x.Kind != Sessions.SessionKind.CommitteeMeeting, ct),
                await db.Sessions.CountAsync(x => x.StreetId == s.Id && x.CommunityId == null && x.Kind != Sessions.SessionKind.CommitteeMeeting && x.Status == Sessions.SessionStatus.Live, ct)));
        }
        return rows;
    }

    public async Task<int> CreateStreetAsync(Actor actor, StreetInput input, CancellationToken ct = default)
    {
        Access.RequireCityAdmin(actor);
        await using var change = await changes.BeginAsync(actor, AuditEntry.CityChain, ct);
        var db = change.Db;
        var street = Street.Create(input, time.GetUtcNow().UtcDateTime);
        await RequireUniqueAsync(db, street.Slug, street.Name, exceptId: null, ct);
        db.Streets.Add(street);
        await change.CommitAsync(ct);
        return street.Id;
    }

    public async Task UpdateStreetAsync(Actor actor, int id, StreetInput input, CancellationToken ct = default)
    {
        Access.RequireCityAdmin(actor);
        await using var change = await changes.BeginAsync(actor, AuditEntry.CityChain, ct);
        var db = change.Db;
        var street = await db.Streets.FindAsync([id], ct) ?? throw new NotFoundException();
        input.Validate();
        await RequireUniqueAsync(db, input.Slug.Trim().ToLowerInvariant(), input.Name.Trim(), id, ct);
        street.Update(input);
        await change.CommitAsync(ct);
    }

    /// <summary>The street a signed-in user belongs to, for the top bar.</summary>
    public async Task<PublicStreetLink?> FindStreetAsync(int? streetId, CancellationToken ct = default)
    {
        if (streetId is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Streets.Where(s => s.Id == streetId).Select(s => new PublicStreetLink(s.Slug, s.Name, s.NameEn)).SingleOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<PublicStreetLink>> ListPublicAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Streets.OrderBy(s => s.Id).Select(s => new PublicStreetLink(s.Slug, s.Name, s.NameEn)).ToListAsync(ct);
    }

    /// <summary>A street's public home; null for an unknown slug.</summary>
    public async Task<PublicStreetHome?> GetPublicHomeAsync(string slug, CancellationToken ct = default)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var street = await db.Streets.SingleOrDefaultAsync(s => s.Slug == key, ct);
        if (street is null)
        {
            return null;
        }
        var term = await directory.CurrentTermAsync(db, street.Id, ct);
        var communities = await db.Communities.Where(c => c.StreetId == street.Id)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        var delegates = term is null ? [] : await db.Delegates
            .Where(d => d.TermId == term.Id && d.RetiredUtc == null)
            .OrderBy(d => d.Category).ThenBy(d => d.Name).ThenBy(d => d.Id)
            .Select(d => new { d.Id, d.Name, d.Category, d.CommunityId })
            .ToListAsync(ct);
        return new PublicStreetHome(
            street.Slug, street.Name, street.NameEn, street.District, term?.Number, term?.StartsOn, term?.EndsOn,
            communities.Select(c => new PublicCommunity(c.Name,
                delegates.Where(d => d.CommunityId == c.Id).Select(d => new PublicDelegate(d.Name, d.Category, d.Id)).ToList())).ToList(),
            delegates.Where(d => d.CommunityId is null).Select(d => new PublicDelegate(d.Name, d.Category, d.Id)).ToList());
    }

    private static async Task RequireUniqueAsync(CongressDbContext db, string slug, string name, int? exceptId, CancellationToken ct)
    {
        var v = new Validator();
        v.Check(!await db.Streets.AnyAsync(s => s.Slug == slug && s.Id != exceptId, ct), nameof(StreetInput.Slug), "Validation.SlugExists", slug);
        v.Check(!await db.Streets.AnyAsync(s => s.Name == name && s.Id != exceptId, ct), nameof(StreetInput.Name), "Validation.NameExists", name);
        v.ThrowIfInvalid();
    }
}
