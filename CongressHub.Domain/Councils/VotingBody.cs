using CongressHub.Domain.Common;

namespace CongressHub.Domain.Councils;

/// <summary>
/// Whom a session and its votes belong to (CONTRACTS.md, "Voting bodies"): a term of the street congress (its
/// delegates), a community's residents' council (its members) or the congress's self-governance committee. Both are kept as a <c>Term</c> with its members as
/// <c>CongressDelegate</c> rows, so attendance, quorum, votes of every channel, secrecy and minutes serve both.
/// </summary>
public enum VotingBody
{
    /// <summary>A term (届) of the street residents' congress.</summary>
    Congress = 0,

    /// <summary>A community residents' council (居民议事会).</summary>
    Council = 1,

    /// <summary>The self-governance committee (居民自治委员会) the congress elected for its term: its members meet and vote.</summary>
    Committee = 2,
}

/// <summary>How many members of a body must be present for it to sit and vote.</summary>
public enum QuorumRule
{
    /// <summary>过半数: more than half of all members (the congress's fixed rule).</summary>
    MoreThanHalf = 0,

    /// <summary>三分之二以上: at least two thirds of all members.</summary>
    TwoThirds = 1,
}

public static class QuorumRules
{
    public static readonly IReadOnlyList<QuorumRule> All = Enum.GetValues<QuorumRule>();

    /// <summary>Members who must be present out of <paramref name="all"/>.</summary>
    public static int Required(this QuorumRule rule, int all) => rule switch
    {
        QuorumRule.TwoThirds => (2 * all + 2) / 3,
        _ => all / 2 + 1,
    };

    public static string Label(this QuorumRule rule) => DomainText.Get("QuorumRule." + rule);
}
