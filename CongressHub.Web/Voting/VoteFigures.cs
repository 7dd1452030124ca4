using CongressHub.Domain.Voting;

namespace CongressHub.Web.Voting;

/// <summary>
/// The bars of a question's result: yes, no, abstain, and those the majority rule counts without a vote (present but not
/// voting, or absent), with the number a full bar stands for: the rule's basis (cast, present or all).
/// </summary>
public static class VoteFigures
{
    public sealed record Bar(string Key, int Count);

    public static (IReadOnlyList<Bar> Bars, int Basis) Of(int yes, int no, int abstain, int present, int all, MajorityRule? rule)
    {
        var tally = new Tally(yes, no, abstain, present, all);
        List<Bar> bars = [new("yes", yes), new("no", no), new("abstain", abstain)];
        var notVoting = rule?.NotVotingCounted(tally);
        if (notVoting is { } n)
        {
            bars.Add(new(IsOfAll(rule!.Value) ? "absent" : "notvoting", n));
        }
        return (bars, Math.Max(1, bars.Sum(b => b.Count)));
    }

    /// <summary>The label key of a bar: <c>Choice.Yes</c> … or the words for those counted without a vote.</summary>
    public static string LabelKey(Bar bar) => bar.Key switch
    {
        "yes" => "Choice.Yes",
        "no" => "Choice.No",
        "abstain" => "Choice.Abstain",
        "absent" => "Charts.AbsentOrNotVoting",
        _ => "Charts.NotVoting",
    };

    private static bool IsOfAll(MajorityRule rule) => rule is MajorityRule.HalfOfAll or MajorityRule.TwoThirdsOfAll;
}
