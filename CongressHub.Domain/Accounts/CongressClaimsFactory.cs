using System.Globalization;
using System.Security.Claims;
using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CongressHub.Domain.Accounts;

/// <summary>Puts the street and the delegate/officer/community a user acts as into the principal, for <see cref="Actor"/>.</summary>
public sealed class CongressClaimsFactory(
    UserManager<CongressUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CongressUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CongressUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        Add(identity, Actor.StreetClaim, user.StreetId);
        Add(identity, Actor.DelegateClaim, user.DelegateId);
        Add(identity, Actor.OfficerClaim, user.OfficerId);
        Add(identity, Actor.CommunityClaim, user.CommunityId);
        if (!string.IsNullOrEmpty(user.District))
        {
            identity.AddClaim(new Claim(Actor.DistrictClaim, user.District));
        }
        identity.AddClaim(new Claim(Actor.DisplayNameClaim, string.IsNullOrEmpty(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(Actor.MustChangePasswordClaim, "true"));
        }
        return identity;
    }

    private static void Add(ClaimsIdentity identity, string type, int? value)
    {
        if (value is not null)
        {
            identity.AddClaim(new Claim(type, value.Value.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
