namespace CongressHub.Domain.Common;

/// <summary>The roles of CONTRACTS.md, as stored in ASP.NET Core Identity.</summary>
public static class Roles
{
    public const string CityAdmin = "CityAdmin";
    public const string Convener = "Convener";
    public const string Officer = "Officer";
    public const string CommunityStaff = "CommunityStaff";
    public const string Delegate = "Delegate";

    /// <summary>区级: reads the records of the streets of its district and records its inspections and commendations of them.</summary>
    public const string District = "District";

    public static readonly IReadOnlyList<string> All = [CityAdmin, Convener, Officer, CommunityStaff, Delegate, District];
}
