using CongressHub.Domain.Voting;
using FsCheck;
using FsCheck.Fluent;

namespace CongressHub.Tests.Voting;

/// <summary>Every majority rule against a plain reference computation in exact fractions, ties and zero votes included.</summary>
public class MajorityRuleTests
{
    /// <summary>The rules of CONTRACTS.md written as fractions: "more than half" is strict, "two thirds or more" is not.</summary>
    private static bool Reference(MajorityRule rule, int yes, int no, int abstain, int present, int all)
    {
        var cast = yes + no + abstain;
        if (cast == 0)
        {
            return false;
        }
        decimal share(int of) => of == 0 ? decimal.MaxValue : (decimal)yes / of;
        return rule switch
        {
            MajorityRule.YesOverNo => yes > no,
            MajorityRule.HalfOfCast => share(cast) > 0.5m,
            MajorityRule.HalfOfPresent => share(present) > 0.5m,
            MajorityRule.HalfOfAll => share(all) > 0.5m,
            MajorityRule.TwoThirdsOfCast => yes * 3 >= cast * 2,
            MajorityRule.TwoThirdsOfPresent => yes * 3 >= present * 2,
            MajorityRule.TwoThirdsOfAll => yes * 3 >= all * 2,
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    private static Gen<(MajorityRule Rule, Tally Tally)> Cases() =>
        from rule in Gen.Elements(Enum.GetValues<MajorityRule>())
        from yes in Gen.Choose(0, 60)
        from no in Gen.Choose(0, 60)
        from abstain in Gen.Choose(0, 20)
        from absentees in Gen.Choose(0, 20)
        from nonVoters in Gen.Choose(0, 10)
        let present = yes + no + abstain + nonVoters
        select (rule, new Tally(yes, no, abstain, present, present + absentees));

    [Fact]
    public void EveryRule_AgreesWithTheReference_OnRandomTallies() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
                c.Rule.Adopted(c.Tally) == Reference(c.Rule, c.Tally.Yes, c.Tally.No, c.Tally.Abstain, c.Tally.Present, c.Tally.All))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void EveryRule_WithNothingCast_AdoptsNothing() =>
        Prop.ForAll(Gen.Elements(Enum.GetValues<MajorityRule>()).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(),
                (rule, present) => !rule.Adopted(new Tally(0, 0, 0, present, present + 5)))
            .QuickCheckThrowOnFailure();

    [Theory]
    // 过半数 is strictly more than half: exactly half is not enough.
    [InlineData(MajorityRule.HalfOfCast, 10, 10, 0, 20, 40, false)]
    [InlineData(MajorityRule.HalfOfCast, 11, 10, 0, 21, 40, true)]
    [InlineData(MajorityRule.HalfOfPresent, 15, 0, 0, 30, 40, false)]
    [InlineData(MajorityRule.HalfOfPresent, 16, 0, 0, 30, 40, true)]
    [InlineData(MajorityRule.HalfOfAll, 20, 0, 0, 30, 40, false)]
    [InlineData(MajorityRule.HalfOfAll, 21, 0, 0, 30, 40, true)]
    // 三分之二以上 includes two thirds exactly.
    [InlineData(MajorityRule.TwoThirdsOfCast, 20, 10, 0, 30, 40, true)]
    [InlineData(MajorityRule.TwoThirdsOfCast, 19, 10, 0, 30, 40, false)]
    [InlineData(MajorityRule.TwoThirdsOfPresent, 20, 0, 0, 30, 40, true)]
    [InlineData(MajorityRule.TwoThirdsOfPresent, 19, 0, 0, 30, 40, false)]
    [InlineData(MajorityRule.TwoThirdsOfAll, 27, 0, 0, 30, 40, true)]
    [InlineData(MajorityRule.TwoThirdsOfAll, 26, 0, 0, 30, 40, false)]
    // A tie is not a majority; abstentions do not count against yes-over-no.
    [InlineData(MajorityRule.YesOverNo, 5, 5, 20, 30, 40, false)]
    [InlineData(MajorityRule.YesOverNo, 2, 1, 27, 30, 40, true)]
    public void Boundaries_AreDecidedAsTheCongressRulesSay(MajorityRule rule, int yes, int no, int abstain, int present, int all, bool adopted) =>
        Assert.Equal(adopted, rule.Adopted(new Tally(yes, no, abstain, present, all)));

    [Fact]
    public void ApiNames_RoundTrip_ForAllSevenRules()
    {
        var rules = Enum.GetValues<MajorityRule>();

        Assert.Equal(7, Majority.ApiNames.Count);
        Assert.All(rules, r => Assert.True(Majority.TryParse(r.ApiName(), out var back) && back == r));
        Assert.False(Majority.TryParse("most-votes", out _));
    }
}
