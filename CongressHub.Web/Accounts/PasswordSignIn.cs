using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace CongressHub.Web.Accounts;

public enum PasswordOutcome
{
    Succeeded,
    Failed,
    Throttled,
}

public sealed record PasswordCheck(PasswordOutcome Outcome, CongressUser? User, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds to wait, at least one, for a message and a Retry-After header.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

/// <summary>
/// Checks a user name and password for the sign-in form and the token endpoint alike, through the
/// <see cref="SignInThrottle"/>. A name no account has takes the same path and as long (the password is checked
/// against a stand-in hash) and gets the same answer as a wrong password, so neither tells which accounts exist.
/// </summary>
public sealed class PasswordSignIn(SignInManager<CongressUser> signIn, SignInThrottle throttle, IPasswordHasher<CongressUser> hasher)
{
    private static readonly Lock StandInLock = new();
    private static string? _standInHash;

    /// <summary>The client an attempt counts against: its address (behind a proxy, as forwarded by it).</summary>
    public static string ClientOf(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "";

    public async Task<PasswordCheck> CheckAsync(string userName, string password, string client, CancellationToken ct = default)
    {
        var name = userName.Trim();
        var wait = await throttle.WaitAsync(name, client, ct);
        if (wait > TimeSpan.Zero)
        {
            return new PasswordCheck(PasswordOutcome.Throttled, null, wait);
        }
        // No account's name holds a control character; PostgreSQL would refuse a NUL in the lookup.
        var user = TextRules.IsClean(name, multiLine: false) ? await signIn.UserManager.FindByNameAsync(name) : null;
        var succeeded = false;
        if (user?.PasswordHash is null)
        {
            // No account of that name, or one that signs in only by card: spend the time a real check takes.
            hasher.VerifyHashedPassword(user ?? new CongressUser(), StandInHash(), password);
        }
        else
        {
            succeeded = (await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)).Succeeded;
        }
        if (!succeeded)
        {
            await throttle.RecordFailureAsync(name, client, ct);
            return new PasswordCheck(PasswordOutcome.Failed, null, TimeSpan.Zero);
        }
        await throttle.RecordSuccessAsync(name, client, ct);
        return new PasswordCheck(PasswordOutcome.Succeeded, user, TimeSpan.Zero);
    }

    private string StandInHash()
    {
        lock (StandInLock)
        {
            return _standInHash ??= hasher.HashPassword(new CongressUser(), Guid.NewGuid().ToString("N"));
        }
    }
}
