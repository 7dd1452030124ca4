using CongressHub.Domain.Common;

namespace CongressHub.Domain.Voting;

/// <summary>
/// The seven majority rules of the congress (CONTRACTS.md, "Arithmetic"). 过半数 is strictly more than half;
/// 三分之二以上 includes two thirds exactly.
/// </summary>
public enum MajorityRule
{
    YesOverNo = 1,
    HalfOfCast = 2,
    HalfOfPresent = 3,
    HalfOfAll = 4,
    TwoThirdsOfCast = 5,
    TwoThirdsOfPresent = 6,
    TwoThirdsOfAll = 7,
}

public enum VoteChoice
{
    Yes = 1,
    No = 2,
    Abstain = 3,
}

/// <summary>The counts a result is computed from. <c>Present</c> and <c>All</c> are frozen when the vote opens.</summary>
public readonly record struct Tally(int Yes, int No, int Abstain, int Present, int All)
{
    public int Cast => Yes + No + Abstain;
}

public static class Majority
{
    private static readonly Dictionary<string, MajorityRule> ByApiName = new(StringComparer.Ordinal)
    {
        ["yes-over-no"] = MajorityRule.YesOverNo,
        ["half-of-cast"] = MajorityRule.HalfOfCast,
        ["half-of-present"] = MajorityRule.HalfOfPresent,
        ["half-of-all"] = MajorityRule.HalfOfAll,
        ["two-thirds-of-cast"] = MajorityRule.TwoThirdsOfCast,
        ["two-thirds-of-present"] = MajorityRule.TwoThirdsOfPresent,
        ["two-thirds-of-all"] = MajorityRule.TwoThirdsOfAll,
    };

    public static IReadOnlyCollection<string> ApiNames => ByApiName.Keys;

    public static bool TryParse(string? apiName, out MajorityRule rule) => ByApiName.TryGetValue(apiName ?? "", out rule);

    public static string ApiName(this MajorityRule rule) => ByApiName.Single(p => p.Value == rule).Key;

    public static string Label(this MajorityRule rule) => DomainText.Get("Majority." + rule);

    /// <summary>Whether the motion is adopted under the rule. With nothing cast, nothing is adopted.</summary>
    public static bool Adopted(this MajorityRule rule, Tally t)
    {
        if (t.Cast == 0)
        {
            return false;
        }
        // Integer arithmetic only: no rounding can tip a result.
        return rule switch
        {
            MajorityRule.YesOverNo => t.Yes > t.No,
            MajorityRule.HalfOfCast => 2L * t.Yes > t.Cast,
            MajorityRule.HalfOfPresent => 2L * t.Yes > t.Present,
            MajorityRule.HalfOfAll => 2L * t.Yes > t.All,
            MajorityRule.TwoThirdsOfCast => 3L * t.Yes >= 2L * t.Cast,
            MajorityRule.TwoThirdsOfPresent => 3L * t.Yes >= 2L * t.Present,
            MajorityRule.TwoThirdsOfAll => 3L * t.Yes >= 2L * t.All,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
        };
    }

    /// <summary>
    /// Delegates the rule counts who cast nothing: present but not voting under a rule of the present, absent or not
    /// voting under a rule of all; null for rules of the votes cast, where they do not count.
    /// </summary>
    public static int? NotVotingCounted(this MajorityRule rule, Tally t) => rule switch
    {
        MajorityRule.HalfOfPresent or MajorityRule.TwoThirdsOfPresent => Math.Max(0, t.Present - t.Cast),
        MajorityRule.HalfOfAll or MajorityRule.TwoThirdsOfAll => Math.Max(0, t.All - t.Cast),
        _ => null,
    };

    public static string ApiName(this VoteChoice choice) => choice.ToString().ToLowerInvariant();

    public static bool TryParseChoice(string? apiName, out VoteChoice choice)
    {
        choice = apiName switch
        {
            "yes" => VoteChoice.Yes,
            "no" => VoteChoice.No,
            "abstain" => VoteChoice.Abstain,
            _ => 0,
        };
        return choice != 0;
    }

    public static string Label(this VoteChoice choice) => DomainText.Get("Choice." + choice);
}
