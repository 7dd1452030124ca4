using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CongressHub.Web.Accounts;

/// <summary>
/// Resetting an account's password from any page: confirm (the old password stops working, which cannot be undone),
/// reset, then show the one-time password once, to be handed over in person.
/// </summary>
public sealed class PasswordResetActions(AccountService accounts, IDialogService dialogs, ISnackbar snackbar, IStringLocalizer<SharedResource> L)
{
    /// <summary>True when the password was reset and its one-time replacement shown.</summary>
    public async Task<bool> ResetAsync(Actor actor, string userId, string userName, string name)
    {
        if (await dialogs.ShowMessageBoxAsync(L["Account.ResetTitle", name], L["Account.ResetText"], yesText: L["Account.ResetPassword"], cancelText: L["Common.Cancel"]) != true)
        {
            return false;
        }
        string password;
        try
        {
            password = await accounts.ResetPasswordAsync(actor, userId);
        }
        catch (DomainException ex)
        {
            snackbar.Add(ex.Message, Severity.Error);
            return false;
        }
        var parameters = new DialogParameters<OneTimePasswordDialog> { { x => x.Name, name }, { x => x.UserName, userName }, { x => x.Password, password } };
        // Not closed by a stray click beside it: once closed, the password is gone.
        var dialog = await dialogs.ShowAsync<OneTimePasswordDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false });
        await dialog.Result;
        return true;
    }
}
