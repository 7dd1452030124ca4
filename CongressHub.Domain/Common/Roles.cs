namespace CongressHub.Domain.Common;

/// <summary>The roles of CONTRACTS.md, as stored in ASP.NET Core Identity.</summary>
public static class Roles
{
    public const string CityAdmin = "CityAdmin";
    public const string Convener = "Convener";
    public const string Officer = "Officer";
    public const string CommunityStaff = "CommunityStaff";
    public const string Delegate = "Delegate";

    public static readonly IReadOnlyList<string> All = [CityAdmin, Convener, Officer, CommunityStaff, Delegate];
}
