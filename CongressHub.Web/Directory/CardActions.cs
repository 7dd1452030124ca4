using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CongressHub.Web.Directory;

/// <summary>Issuing (or reissuing) and revoking a delegate's card from any page: confirm, act, then say what happened.</summary>
public sealed class CardActions(
    CardService cards,
    IssuedCardsBatch batch,
    IDialogService dialogs,
    ISnackbar snackbar,
    NavigationManager nav,
    IStringLocalizer<SharedResource> L)
{
    /// <summary>Issues a card and opens it for printing; a delegate who has one is asked first, as the old card stops working.</summary>
    public async Task IssueAndPrintAsync(Actor actor, int delegateId, string name, bool hasActiveCard)
    {
        if (hasActiveCard
            && await dialogs.ShowMessageBoxAsync(L["Card.ReissueTitle"], L["Card.ReissueText", name], yesText: L["Card.Reissue"], cancelText: L["Common.Cancel"]) != true)
        {
            return;
        }
        try
        {
            batch.Replace([await cards.IssueAsync(actor, delegateId)]);
            nav.NavigateTo("/directory/cards");
        }
        catch (DomainException ex)
        {
            snackbar.Add(ex.Message, Severity.Error);
        }
    }

    /// <summary>Revokes the delegate's card after confirmation; true when it was revoked.</summary>
    public async Task<bool> RevokeAsync(Actor actor, int delegateId, string name)
    {
        if (await dialogs.ShowMessageBoxAsync(L["Card.RevokeTitle"], L["Card.RevokeText", name], yesText: L["Card.Revoke"], cancelText: L["Common.Cancel"]) != true)
        {
            return false;
        }
        try
        {
            await cards.RevokeAsync(actor, delegateId);
            snackbar.Add(L["Card.Revoked", name], Severity.Success);
            return true;
        }
        catch (DomainException ex)
        {
            snackbar.Add(ex.Message, Severity.Error);
            return false;
        }
    }
}
