using CongressHub.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Accounts;

/// <summary>
/// Identity's sign-in manager with the one rule of who may act (<see cref="AccountStanding"/>): a retired delegate
/// can no longer sign in (password form, card, token), and a principal of theirs no longer validates, for cookies on
/// every request, for bearer tokens and for open pages alike.
/// </summary>
public sealed class CongressSignInManager(
    UserManager<CongressUser> users,
    IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<CongressUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<CongressUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<CongressUser> confirmation,
    AccountStanding standing)
    : SignInManager<CongressUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(CongressUser user) =>
        await base.CanSignInAsync(user) && await standing.MayActAsync(user);

    public override async Task<bool> ValidateSecurityStampAsync(CongressUser? user, string? securityStamp) =>
        await base.ValidateSecurityStampAsync(user, securityStamp) && await standing.MayActAsync(user!);
}
