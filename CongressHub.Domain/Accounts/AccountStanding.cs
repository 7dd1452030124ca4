using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Accounts;

/// <summary>
/// Whether an account may act at all. Every principal the app trusts passes here: a sign-in (password, card, token)
/// and the check of the security stamp on every cookie request, every device request and every open page's
/// revalidation. A retired delegate's account keeps its history but has no rights left, so the actor of a retired
/// delegate is never built, whatever the service it would reach.
/// </summary>
public sealed class AccountStanding(IDbContextFactory<CongressDbContext> dbFactory)
{
    public async Task<bool> MayActAsync(CongressUser user, CancellationToken ct = default)
    {
        if (user.DelegateId is not { } delegateId)
        {
            return true;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return !await db.Delegates.AnyAsync(d => d.Id == delegateId && d.RetiredUtc != null, ct);
    }
}
