using CongressHub.Domain.Accounts;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Directory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace CongressHub.Web.Accounts;

/// <summary>Signs a delegate in with a card code: a lasting cookie on this device, until the end of the term.</summary>
public sealed class CardSignIn(CardService cards, SignInManager<CongressUser> signIn, AuditTrail audit)
{
    public async Task<bool> SignInAsync(string? code)
    {
        var holder = await cards.FindHolderAsync(code);
        if (holder is null || await signIn.UserManager.FindByIdAsync(holder.UserId) is not { } user)
        {
            return false;
        }
        await signIn.SignInAsync(user, new AuthenticationProperties { IsPersistent = true, ExpiresUtc = holder.ExpiresUtc, AllowRefresh = true });
        await audit.RecordSignInAsync(user.StreetId, user.UserName!, "card");
        return true;
    }
}
