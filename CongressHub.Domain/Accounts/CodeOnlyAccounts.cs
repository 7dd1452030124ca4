using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Accounts;

/// <summary>
/// Accounts for delegates who sign in only with a card: no password, so nobody can guess their way in by name.
/// Built directly in the caller's context so that a roster import stays one transaction.
/// </summary>
internal static class CodeOnlyAccounts
{
    public static async Task<string> DelegateRoleIdAsync(CongressDbContext db, CancellationToken ct) =>
        await db.Roles.Where(r => r.Name == Roles.Delegate).Select(r => r.Id).SingleAsync(ct);

    public static CongressUser New(CongressDbContext db, CongressDelegate d, string delegateRoleId)
    {
        var userName = "card" + d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var user = new CongressUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            StreetId = d.StreetId,
            DelegateId = d.Id,
            CommunityId = d.CommunityId,
            DisplayName = d.Name,
            LockoutEnabled = true,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = delegateRoleId });
        d.LinkAccount(user.Id);
        return user;
    }
}
