using System.Security.Claims;

namespace CongressHub.Domain.Common;

/// <summary>
/// The acting user, passed to every service call. Services check street and role against it themselves;
/// pages build it from the authentication state, the API from the bearer token.
/// </summary>
public sealed record Actor(
    string UserId,
    int? StreetId,
    IReadOnlySet<string> Roles,
    int? DelegateId = null,
    int? OfficerId = null,
    int? CommunityId = null,
    string? DisplayName = null,
    string? UserName = null,
    string? District = null)
{
    public const string StreetClaim = "congress:street";
    public const string DelegateClaim = "congress:delegate";
    public const string OfficerClaim = "congress:officer";
    public const string CommunityClaim = "congress:community";
    public const string DisplayNameClaim = "congress:name";
    public const string DistrictClaim = "congress:district";

    /// <summary>On the principal of an account whose password was reset: it may only choose a new one.</summary>
    public const string MustChangePasswordClaim = "congress:must-change-password";

    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsCityAdmin => IsInRole(Common.Roles.CityAdmin);

    public bool IsConvener => IsInRole(Common.Roles.Convener) && StreetId is not null;

    public bool BelongsTo(int streetId) => StreetId == streetId;

    /// <summary>A district's account: its district's name (the streets whose district it is), else null.</summary>
    public string? DistrictName => IsInRole(Common.Roles.District) && !string.IsNullOrEmpty(District) ? District : null;

    /// <summary>Reads the actor from a principal built by <c>CongressClaimsFactory</c>; null when not signed in.</summary>
    public static Actor? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(
            userId,
            ReadInt(principal, StreetClaim),
            roles,
            ReadInt(principal, DelegateClaim),
            ReadInt(principal, OfficerClaim),
            ReadInt(principal, CommunityClaim),
            principal.FindFirstValue(DisplayNameClaim) ?? principal.Identity?.Name,
            principal.Identity?.Name,
            principal.FindFirstValue(DistrictClaim));
    }

    private static int? ReadInt(ClaimsPrincipal principal, string type) =>
        int.TryParse(principal.FindFirstValue(type), out var value) ? value : null;
}
