using System.Security.Cryptography;
using System.Text;
using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Accounts;

/// <summary>
/// Slows down password guessing without ever locking an account: failed sign-ins are counted per account and client
/// (address), per account and per client, and past a few failures each further attempt of that kind must wait
/// 1 s, 2 s, 4 s … up to <see cref="MaxDelay"/>. Someone guessing at the convener's password from one address is
/// slowed down; the convener signing in from another address is not (the account's own count allows more, and even
/// then only delays). The counts live in the database, so every node sees them.
/// </summary>
/// <remarks>
/// Names the account does not have are counted the same way, so the throttle says nothing about which accounts exist.
/// The counters are written with single atomic statements rather than through a unit of change: they are no record of
/// a street, have no actor and no audit entry, and two nodes counting the same failure must not lose one.
/// </remarks>
public sealed class SignInThrottle(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Failures of one account from one client before attempts must wait.</summary>
    public const int FreePerPair = 3;

    /// <summary>Failures of one account from all clients before every client must wait.</summary>
    public const int FreePerAccount = 10;

    /// <summary>Failures from one client across all accounts (guessing one password for many names).</summary>
    public const int FreePerClient = 20;

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    /// <summary>Failures this long after the last are forgotten.</summary>
    public static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);

    /// <summary>How long to wait after <paramref name="failures"/> failures when <paramref name="free"/> are allowed without a wait.</summary>
    public static TimeSpan DelayAfter(int failures, int free) =>
        failures < free ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, Math.Pow(2, Math.Min(failures - free, 30))));

    /// <summary>
    /// Whether an attempt for <paramref name="userName"/> from <paramref name="client"/> may go ahead now: zero, or how
    /// long it must still wait. An attempt that goes ahead while its counts already call for waits takes the slot, so
    /// attempts sent at the same moment do not all pass.
    /// </summary>
    public async Task<TimeSpan> WaitAsync(string userName, string? client, CancellationToken ct = default)
    {
        var now = Now;
        var keys = KeysOf(userName, client);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.SignInFailures.AsNoTracking().Where(f => keys.Keys.Contains(f.Key) && f.LastUtc > now - Forget).ToListAsync(ct);
        var wait = rows.Select(r => r.NextUtc - now).DefaultIfEmpty(TimeSpan.Zero).Max();
        if (wait > TimeSpan.Zero)
        {
            return wait;
        }
        foreach (var row in rows.Where(r => r.Count >= keys[r.Key]))
        {
            var next = now + DelayAfter(row.Count, keys[row.Key]);
            var taken = await db.SignInFailures.Where(f => f.Key == row.Key && f.NextUtc == row.NextUtc)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.NextUtc, next), ct);
            if (taken == 0)
            {
                // Another attempt took the slot a moment ago.
                return DelayAfter(row.Count, keys[row.Key]);
            }
        }
        return TimeSpan.Zero;
    }

    /// <summary>Counts a failed attempt against the account, the client and the two together.</summary>
    public async Task RecordFailureAsync(string userName, string? client, CancellationToken ct = default)
    {
        var now = Now;
        var forgetBefore = now - Forget;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var (key, free) in KeysOf(userName, client))
        {
            for (var tries = 0; ; tries++)
            {
                var counted = await db.SignInFailures.Where(f => f.Key == key)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.Count, f => f.LastUtc < forgetBefore ? 1 : f.Count + 1).SetProperty(f => f.LastUtc, now), ct);
                if (counted == 1)
                {
                    var count = await db.SignInFailures.Where(f => f.Key == key).Select(f => f.Count).SingleAsync(ct);
                    var next = now + DelayAfter(count, free);
                    await db.SignInFailures.Where(f => f.Key == key && f.NextUtc < next).ExecuteUpdateAsync(s => s.SetProperty(f => f.NextUtc, next), ct);
                    break;
                }
                db.SignInFailures.Add(SignInFailure.First(key, now, now + DelayAfter(1, free)));
                try
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }
                catch (DbUpdateException) when (tries == 0)
                {
                    // Another node counted this key's first failure at the same moment: count on top of it.
                    db.ChangeTracker.Clear();
                }
            }
        }
        // Counts nobody needs any more go with the next failure.
        await db.SignInFailures.Where(f => f.LastUtc < forgetBefore).ExecuteDeleteAsync(ct);
    }

    /// <summary>The right password: the account's counts start again (the client's stays, as it may be guessing elsewhere).</summary>
    public async Task RecordSuccessAsync(string userName, string? client, CancellationToken ct = default)
    {
        var keys = KeysOf(userName, client);
        var pairAndAccount = keys.Where(k => k.Value != FreePerClient).Select(k => k.Key).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SignInFailures.Where(f => pairAndAccount.Contains(f.Key)).ExecuteDeleteAsync(ct);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The three counters of an attempt, each with the failures it allows before waits begin.</summary>
    private static Dictionary<string, int> KeysOf(string userName, string? client)
    {
        var account = userName.Trim().ToUpperInvariant();
        var from = string.IsNullOrEmpty(client) ? "-" : client;
        return new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [Hash("pair", account + "\n" + from)] = FreePerPair,
            [Hash("account", account)] = FreePerAccount,
            [Hash("client", from)] = FreePerClient,
        };
    }

    private static string Hash(string kind, string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + value)));
}
