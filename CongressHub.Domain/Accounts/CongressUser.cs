using CongressHub.Domain.Common;
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

    /// <summary>A district's account: the district (区) whose streets it oversees, as the streets name it.</summary>
    public string? District { get; set; }

    /// <summary>
    /// The hall in elder mode (长辈模式) on this account's screens: larger type, high contrast, one action a screen.
    /// The delegate turns it on from their phone; it stays on wherever they sign in next.
    /// </summary>
    public bool ElderMode { get; set; }

    /// <summary>
    /// The password was set by someone else (<see cref="ResetPassword"/>): it signs in, but may do nothing but choose a
    /// password of its own, which clears the flag.
    /// </summary>
    public bool MustChangePassword { get; set; }

    /// <summary>The channels this person chose for notices besides the app; null: their role's default (<c>Notices:Delegate</c>, …).</summary>
    public Notices.NoticeChannel? NoticeChannels { get; set; }

    /// <summary>Refused notices by e-mail through the link in one; the session call still comes (会议通知 cannot be refused).</summary>
    public bool EmailOptOut { get; set; }

    /// <summary>The account's 企业微信 user id, for application messages.</summary>
    public string? WeComUserId { get; set; }

    /// <summary>The SHA-256 hash (hex) of the secret in this person's calendar feed link; null: no feed. The token itself is never kept.</summary>
    public string? CalendarTokenHash { get; set; }

    /// <summary>When the current calendar feed link was made.</summary>
    public DateTime? CalendarTokenCreatedUtc { get; set; }

    /// <summary>
    /// Replaces the password with a one-time password someone hands over in person: the old password stops working, every
    /// sign-in of the account ends, and the next one must choose a new password first. A card-only account has no password
    /// to replace; its holder gets a new card instead.
    /// </summary>
    public void ResetPassword(string oneTimePasswordHash)
    {
        if (PasswordHash is null)
        {
            throw DomainException.Because("Account.ResetCardOnly");
        }
        PasswordHash = oneTimePasswordHash;
        MustChangePassword = true;
        SignOutEverywhere();
        // Identity's own updates check this stamp: a password change read before the reset fails rather than undo it.
        ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    /// <summary>
    /// Ends every sign-in of the account: cookies, bearer tokens and open screens all carry the old stamp, which no
    /// longer validates; the unit of change announces <see cref="Common.AccountSignedOut"/> so that screens close at once.
    /// </summary>
    public void SignOutEverywhere() => SecurityStamp = Guid.NewGuid().ToString("N");
}
