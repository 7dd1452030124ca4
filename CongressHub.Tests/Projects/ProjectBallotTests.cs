using CongressHub.Domain.Projects;
using CongressHub.Domain.Voting;
using FsCheck;
using FsCheck.Fluent;

namespace CongressHub.Tests.Projects;

/// <summary>
/// The K-of-N and budget arithmetic of the livelihood projects ballot against a plain reference: passing by the round's
/// rule as the congress's fractions say, and the budget gone down rank by rank in every order that equal marks allow,
/// a tie being exactly a group whose orders choose differently.
/// </summary>
public class ProjectBallotTests
{
    private sealed record Case(List<ProjectCount> Counts, MajorityRule Rule, int Cast, int Present, int All, long? Cap);

    /// <summary>Random rounds with few distinct mark counts and costs, so that ties and near fits are common.</summary>
    private static Gen<Case> Cases() =>
        from all in Gen.Choose(5, 60)
        from present in Gen.Choose(1, all)
        from cast in Gen.Choose(0, present)
        from n in Gen.Choose(1, 7)
        from marks in Gen.ListOf(Gen.Choose(0, Math.Max(0, cast)).Select(m => m - m % 3), n)
        from costs in Gen.ListOf(Gen.Elements(10L, 20L, 30L, 50L, 80L), n)
        from rule in Gen.Elements(Enum.GetValues<MajorityRule>())
        from cap in Gen.Elements<long?>(null, 0L, 30L, 60L, 100L, 150L, 1000L)
        select new Case(marks.Zip(costs, (m, c) => (m, c)).Select((x, i) => new ProjectCount(i + 1, x.m, x.c)).ToList(), rule, cast, present, all, cap);

    /// <summary>Passing as CONTRACTS.md's fractions say, with the candidate's marks for and the other ballots against.</summary>
    private static bool PassesReference(int marks, MajorityRule rule, int cast, int present, int all)
    {
        if (marks == 0 || cast == 0)
        {
            return false;
        }
        var against = cast - marks;
        return rule switch
        {
            MajorityRule.YesOverNo => marks > against,
            MajorityRule.HalfOfCast => 2 * marks > cast,
            MajorityRule.HalfOfPresent => 2 * marks > present,
            MajorityRule.HalfOfAll => 2 * marks > all,
            MajorityRule.TwoThirdsOfCast => 3 * marks >= 2 * cast,
            MajorityRule.TwoThirdsOfPresent => 3 * marks >= 2 * present,
            _ => 3 * marks >= 2 * all,
        };
    }

    private static IEnumerable<List<T>> Orders<T>(List<T> items) =>
        items.Count <= 1 ? [items] : items.SelectMany((x, i) => Orders(items.Where((_, j) => j != i).ToList()).Select(rest => rest.Prepend(x).ToList()));

    /// <summary>
    /// Greedy down the ranking, group by group of equal marks; every order of a group is tried: when all orders adopt the
    /// same set the group is settled, otherwise those any order adopts are tied and everything below waits.
    /// </summary>
    private static Dictionary<int, ProjectOutcome> Reference(Case c)
    {
        var outcome = c.Counts.ToDictionary(p => p.Id, _ => ProjectOutcome.Rejected);
        var passing = c.Counts.Where(p => PassesReference(p.Marks, c.Rule, c.Cast, c.Present, c.All)).ToList();
        if (c.Cap is null)
        {
            passing.ForEach(p => outcome[p.Id] = ProjectOutcome.Adopted);
            return outcome;
        }
        var left = c.Cap.Value;
        var waiting = false;
        foreach (var group in passing.GroupBy(p => p.Marks).OrderByDescending(g => g.Key).Select(g => g.ToList()))
        {
            if (waiting)
            {
                group.ForEach(p => outcome[p.Id] = ProjectOutcome.AwaitingRunoff);
                continue;
            }
            var results = Orders(group).Select(order =>
            {
                var remaining = left;
                var adopted = new SortedSet<int>();
                foreach (var p in order.Where(p => p.Cost <= remaining))
                {
                    adopted.Add(p.Id);
                    remaining -= p.Cost;
                }
                return (Adopted: adopted, Left: remaining);
            }).ToList();
            if (results.All(r => r.Adopted.SetEquals(results[0].Adopted)))
            {
                group.ForEach(p => outcome[p.Id] = results[0].Adopted.Contains(p.Id) ? ProjectOutcome.Adopted : ProjectOutcome.OverBudget);
                left = results[0].Left;
            }
            else
            {
                var someOrder = results.SelectMany(r => r.Adopted).ToHashSet();
                group.ForEach(p => outcome[p.Id] = someOrder.Contains(p.Id) ? ProjectOutcome.Tied : ProjectOutcome.OverBudget);
                waiting = true;
            }
        }
        return outcome;
    }

    [Fact]
    public void TheBallot_AgreesWithTheReference_OnRandomCountsCostsAndCaps() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
            {
                var decided = ProjectBallots.Decide(c.Counts, c.Rule, c.Cast, c.Present, c.All, c.Cap);
                var expected = Reference(c);
                return c.Counts.All(p => decided[p.Id] == expected[p.Id]);
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void UnderACap_WhatIsAdoptedNeverCostsMoreThanIt_AndWithoutOneEveryPassingProjectIsAdopted() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
            {
                var decided = ProjectBallots.Decide(c.Counts, c.Rule, c.Cast, c.Present, c.All, c.Cap);
                var adopted = c.Counts.Where(p => decided[p.Id] == ProjectOutcome.Adopted).ToList();
                return c.Cap is { } cap
                    ? adopted.Sum(p => p.Cost) <= cap
                    : adopted.Count == c.Counts.Count(p => ProjectBallots.Passes(p.Marks, c.Rule, c.Cast, c.Present, c.All));
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void MoreThanHalfOfAllDelegates_IsStrict_AndRankingSkipsWhatNoLongerFits()
    {
        // 40 delegates, 34 present and voting; 21 marks pass (more than 20), 20 do not.
        var counts = new List<ProjectCount> { new(1, 30, 600_000), new(2, 25, 500_000), new(3, 22, 150_000), new(4, 21, 900_000), new(5, 20, 10_000) };

        var decided = ProjectBallots.Decide(counts, MajorityRule.HalfOfAll, 34, 34, 40, 1_000_000);

        // 600k adopted (400k left), 500k skipped, 150k adopted (250k left), 900k skipped; 10k never passed.
        Assert.Equal([ProjectOutcome.Adopted, ProjectOutcome.OverBudget, ProjectOutcome.Adopted, ProjectOutcome.OverBudget, ProjectOutcome.Rejected],
            counts.Select(c => decided[c.Id]));
    }

    [Fact]
    public void EqualMarks_AtTheLastPlaceUnderTheCap_AreFlaggedForARunoff_AndThoseBelowWait()
    {
        var counts = new List<ProjectCount> { new(1, 30, 500_000), new(2, 26, 300_000), new(3, 26, 300_000), new(4, 24, 50_000) };

        var decided = ProjectBallots.Decide(counts, MajorityRule.HalfOfAll, 34, 34, 40, 1_000_000);

        // 500k adopted, 500k left: either of the two 300k projects fits, not both.
        Assert.Equal([ProjectOutcome.Adopted, ProjectOutcome.Tied, ProjectOutcome.Tied, ProjectOutcome.AwaitingRunoff], counts.Select(c => decided[c.Id]));
        // Equal marks that all fit are no tie.
        Assert.All(ProjectBallots.Decide(counts, MajorityRule.HalfOfAll, 34, 34, 40, 2_000_000), d => Assert.Equal(ProjectOutcome.Adopted, d.Value));
    }
}
