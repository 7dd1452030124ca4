using System.Security.Claims;
using CongressHub.Domain.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace CongressHub.Web.Accounts;

/// <summary>
/// An open page's sign-in. It is signed out at once when its account is signed out everywhere (a revoked card, a
/// retired delegate: <see cref="UserCircuits.SignOut"/>), and re-checked every minute by the same rule as every request
/// (<see cref="CongressSignInManager"/>), for a change that announces nothing.
/// </summary>
internal sealed class RevalidatingAuthStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    /// <summary>Signs this page out: it shows the sign-in page (the account's cookie no longer validates either).</summary>
    public void SignOut() => SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<CongressUser>>();
        return await signIn.ValidateSecurityStampAsync(authenticationState.User) is not null;
    }
}
