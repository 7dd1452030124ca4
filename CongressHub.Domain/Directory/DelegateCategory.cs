using CongressHub.Domain.Common;

namespace CongressHub.Domain.Directory;

/// <summary>The four kinds of delegate of a street residents' congress (DOMAIN.md).</summary>
public enum DelegateCategory
{
    /// <summary>人大代表: a people's-congress deputy living in the street.</summary>
    PeoplesCongressDeputy = 1,

    /// <summary>政协委员: a political-consultative member.</summary>
    CppccMember = 2,

    /// <summary>社区书记/主任: a community party secretary or director.</summary>
    CommunityHead = 3,

    /// <summary>居民代表: a resident representative, 4–5 per community.</summary>
    ResidentRepresentative = 4,

    /// <summary>辖区单位代表: a delegate of an organisation in the community (council members only).</summary>
    OrganisationRepresentative = 5,

    /// <summary>商户代表: a delegate of a business in the community (council members only).</summary>
    BusinessRepresentative = 6,
}

public static class DelegateCategories
{
    /// <summary>The congress's four kinds.</summary>
    public static readonly IReadOnlyList<DelegateCategory> All =
        [DelegateCategory.PeoplesCongressDeputy, DelegateCategory.CppccMember, DelegateCategory.CommunityHead, DelegateCategory.ResidentRepresentative];

    /// <summary>Who sits on a community's residents' council.</summary>
    public static readonly IReadOnlyList<DelegateCategory> Council =
        [DelegateCategory.CommunityHead, DelegateCategory.ResidentRepresentative, DelegateCategory.OrganisationRepresentative,
            DelegateCategory.BusinessRepresentative, DelegateCategory.PeoplesCongressDeputy, DelegateCategory.CppccMember];

    /// <summary>The stable code used in CSV files and the API.</summary>
    public static string Code(this DelegateCategory category) => category switch
    {
        DelegateCategory.PeoplesCongressDeputy => "deputy",
        DelegateCategory.CppccMember => "cppcc",
        DelegateCategory.CommunityHead => "community-head",
        DelegateCategory.OrganisationRepresentative => "organisation",
        DelegateCategory.BusinessRepresentative => "business",
        _ => "resident",
    };

    public static string Label(this DelegateCategory category) => DomainText.Get("Category." + category);

    /// <summary>Community heads and resident representatives stand for a community and must name it.</summary>
    public static bool NeedsCommunity(this DelegateCategory category) =>
        category is DelegateCategory.CommunityHead or DelegateCategory.ResidentRepresentative;

    /// <summary>Reads a category from its code, its Chinese or its English name (as people write them in a roster).</summary>
    public static DelegateCategory? Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            return null;
        }

        foreach (var category in All)
        {
            if (string.Equals(t, category.Code(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, category.ToString(), StringComparison.OrdinalIgnoreCase)
                || Aliases(category).Any(a => string.Equals(t, a, StringComparison.OrdinalIgnoreCase)))
            {
                return category;
            }
        }
        return null;
    }

    private static string[] Aliases(DelegateCategory category) => category switch
    {
        DelegateCategory.PeoplesCongressDeputy => ["人大代表", "People's congress deputy", "Deputy"],
        DelegateCategory.CppccMember => ["政协委员", "CPPCC member"],
        DelegateCategory.CommunityHead => ["社区书记/主任", "社区书记", "社区主任", "社区书记、主任", "Community secretary / director", "Community head"],
        DelegateCategory.OrganisationRepresentative => ["辖区单位代表", "Organisation representative"],
        DelegateCategory.BusinessRepresentative => ["商户代表", "Business representative"],
        _ => ["居民代表", "Resident representative"],
    };
}
