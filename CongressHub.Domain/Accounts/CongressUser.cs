using Microsoft.AspNetCore.Identity;

namespace CongressHub.Domain.Accounts;

/// <summary>
/// A sign-in account. Everyone but the city admin belongs to one street; a delegate's, officer's or community
/// staff member's account points at that record. Code-only accounts (card holders) have no password.
/// </summary>
public sealed class CongressUser : IdentityUser
{
    public int? StreetId { get; set; }

    public string DisplayName { get; set; } = "";

    public int? DelegateId { get; set; }

    public int? OfficerId { get; set; }

    public int? CommunityId { get; set; }

    /// <summary>
    /// The hall in elder mode (长辈模式) on this account's screens: larger type, high contrast, one action a screen.
    /// The delegate turns it on from their phone; it stays on wherever they sign in next.
    /// </summary>
    public bool ElderMode { get; set; }

    /// <summary>
    /// Ends every sign-in of the account: cookies, bearer tokens and open screens all carry the old stamp, which no
    /// longer validates; the unit of change announces <see cref="Common.AccountSignedOut"/> so that screens close at once.
    /// </summary>
    public void SignOutEverywhere() => SecurityStamp = Guid.NewGuid().ToString("N");
}
