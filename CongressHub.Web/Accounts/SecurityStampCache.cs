using System.Collections.Concurrent;
using System.Security.Claims;
using CongressHub.Domain.Accounts;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Accounts;

/// <summary>
/// Remembers, for a short while, that a bearer token's security stamp was current, so that a burst of device requests
/// (check-ins, ballots) does not read the account on every call. Revoking a card, reissuing it or retiring a delegate
/// publishes <see cref="Domain.Common.AccountSignedOut"/>, which forgets the account at once; any other stamp change
/// takes effect within <see cref="Lifetime"/>.
/// </summary>
public sealed class SecurityStampCache(TimeProvider time, IOptions<IdentityOptions> identity)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (string Stamp, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    public bool IsKnownCurrent(ClaimsPrincipal principal) =>
        Read(principal) is var (userId, stamp)
        && _known.TryGetValue(userId, out var entry)
        && entry.Stamp == stamp
        && entry.Until > time.GetUtcNow();

    public void Remember(ClaimsPrincipal principal)
    {
        if (Read(principal) is var (userId, stamp))
        {
            _known[userId] = (stamp, time.GetUtcNow().Add(Lifetime));
        }
    }

    public void Forget(string userId) => _known.TryRemove(userId, out _);

    /// <summary>Forgets every account, when revocations from other nodes may have been missed.</summary>
    public void ForgetAll() => _known.Clear();

    private (string UserId, string Stamp)? Read(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return userId is null || stamp is null ? null : (userId, stamp);
    }
}

/// <summary>Bearer tokens carry the security stamp they were issued with; a rotated stamp (revoked card) makes them stop working.</summary>
public sealed class BearerRevocationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx, SecurityStampCache cache, SignInManager<CongressUser> signIn)
    {
        if (ctx.User.Identity is { IsAuthenticated: true, AuthenticationType: BearerTokenDefaults.AuthenticationScheme }
            && !cache.IsKnownCurrent(ctx.User))
        {
            if (await signIn.ValidateSecurityStampAsync(ctx.User) is null)
            {
                ctx.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else
            {
                cache.Remember(ctx.User);
            }
        }
        await next(ctx);
    }
}
