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
}
