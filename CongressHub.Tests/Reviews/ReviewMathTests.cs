using CongressHub.Domain.Reviews;
using FsCheck;
using FsCheck.Fluent;

namespace CongressHub.Tests.Reviews;

/// <summary>Satisfaction rate, averages, thresholds and ranking with ties.</summary>
public class ReviewMathTests
{
    private static ReportResult Result(string title, int s, int b, int n) =>
        new(title.GetHashCode(), ReporterKind.Department, title, null, null, s + b + n, s, b, n, [], []);

    [Fact]
    public void SatisfactionRate_IsSatisfiedPlusBasicallyOverRaters()
    {
        var r = Result("民政科", 20, 7, 3);

        Assert.Equal(90.0, r.SatisfactionRate);
        Assert.Equal(10.0, r.Share(Grade.NotSatisfied));
        Assert.Null(Result("无人评议", 0, 0, 0).SatisfactionRate);
    }

    [Theory]
    [InlineData(9, 0, 1, Standing.Commend)]        // exactly 90 %: at or above the line
    [InlineData(8, 0, 1, Standing.None)]           // 88.9 % is below 90: not commended
    [InlineData(3, 0, 2, Standing.None)]           // 60 % exactly is not below 60
    [InlineData(2, 0, 2, Standing.FollowUpTalk)]   // 50 %
    public void Thresholds_AreComparedExactly(int s, int b, int n, Standing expected)
    {
        var standing = ReviewMath.StandingOf(Result("x", s, b, n), 90, 60);

        Assert.Equal(expected, standing);
    }

    [Fact]
    public void Rank_EqualRatesShareARank_AndTheNextRankSkips_UnratedComeLast()
    {
        var ranked = ReviewMath.Rank(
        [
            Result("甲", 9, 1, 0),   // 100 %
            Result("乙", 4, 0, 1),   // 80 %
            Result("丙", 8, 0, 2),   // 80 %
            Result("丁", 1, 0, 1),   // 50 %
            Result("戊", 0, 0, 0),   // nobody rated
        ], 90, 60);

        Assert.Equal([1, 2, 2, 4, 0], ranked.Select(r => r.Rank));
        Assert.Equal([Standing.Commend, Standing.None, Standing.None, Standing.FollowUpTalk, Standing.None], ranked.Select(r => r.Standing));
        Assert.Equal("戊", ranked[^1].Result.Title);
    }

    [Fact]
    public void Aggregate_AveragesEachCriterion_AndKeepsCommentsWithoutNames()
    {
        var report = WorkReport.For(1, ReporterKind.Department, 3, 4, "城市管理科", 2);
        var ratings = new[]
        {
            ReportRating.Give(1, new RatingInput(Grade.Satisfied, [5, 4, 5], "路灯修得快"), 3),
            ReportRating.Give(1, new RatingInput(Grade.NotSatisfied, [2, 3, 4], null), 3),
        };

        var r = ReviewMath.Aggregate(report, ratings, 3);

        Assert.Equal([3.5, 3.5, 4.5], r.AverageScores);
        Assert.Equal(["路灯修得快"], r.Comments);
        Assert.Equal(50.0, r.SatisfactionRate);
    }

    [Fact]
    public void Rank_OrdersByRate_AndEqualRanksMeanEqualRates_OnRandomResults() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(0, 12).Three()).Select(l => l.Select((t, i) => Result($"r{i}", t.Item1, t.Item2, t.Item3)).ToList()).ToArbitrary(),
            results =>
            {
                var ranked = ReviewMath.Rank(results, 90, 60).Where(r => r.Rank > 0).ToList();
                var ordered = ranked.Zip(ranked.Skip(1)).All(p => p.First.Result.SatisfactionRate >= p.Second.Result.SatisfactionRate - 1e-9);
                var ties = ranked.Zip(ranked.Skip(1)).All(p => (p.First.Rank == p.Second.Rank) == (Math.Abs(p.First.Result.SatisfactionRate!.Value - p.Second.Result.SatisfactionRate!.Value) < 1e-9));
                var skips = ranked.Select((r, i) => r.Rank == ranked.FindIndex(x => x.Rank == r.Rank) + 1).All(x => x);
                return ordered && ties && skips && ranked.Count == results.Count(r => r.Raters > 0);
            })
        .QuickCheckThrowOnFailure();
}
