namespace CongressHub.Domain.Reviews;

/// <summary>One report's result: raters, each grade's share, the satisfaction rate, average score per criterion, comments.</summary>
public sealed record ReportResult(
    int ReportId,
    ReporterKind Kind,
    string Title,
    int? DepartmentId,
    int? OfficerId,
    int Raters,
    int Satisfied,
    int BasicallySatisfied,
    int NotSatisfied,
    IReadOnlyList<double?> AverageScores,
    IReadOnlyList<string> Comments)
{
    /// <summary>Whether the report was submitted at all: one never submitted was not reported on (未述职), not unrated.</summary>
    public bool Submitted { get; init; } = true;

    /// <summary>(satisfied + basically satisfied) / raters, in percent; null with no raters (CONTRACTS.md).</summary>
    public double? SatisfactionRate => Raters == 0 ? null : 100.0 * (Satisfied + BasicallySatisfied) / Raters;

    public double? Share(Grade grade) => Raters == 0 ? null : 100.0 * grade switch
    {
        Grade.Satisfied => Satisfied,
        Grade.BasicallySatisfied => BasicallySatisfied,
        _ => NotSatisfied,
    } / Raters;
}

public enum Standing
{
    None = 0,

    /// <summary>At or above the round's commendation threshold: proposed for commendation.</summary>
    Commend = 1,

    /// <summary>Below the round's flag threshold: a follow-up talk.</summary>
    FollowUpTalk = 2,
}

public sealed record RankedResult(int Rank, ReportResult Result, Standing Standing);

public static class ReviewMath
{
    /// <summary>Aggregates one report's anonymous ratings.</summary>
    public static ReportResult Aggregate(WorkReport report, IReadOnlyList<ReportRating> ratings, int criteria)
    {
        var averages = Enumerable.Range(0, criteria).Select(i =>
        {
            var scores = ratings.Select(r => r.ScoreList).Where(s => s.Count > i).Select(s => s[i]).ToList();
            return scores.Count == 0 ? (double?)null : scores.Average();
        }).ToList();
        return new ReportResult(report.Id, report.Kind, report.Title, report.DepartmentId, report.OfficerId, ratings.Count,
            ratings.Count(r => r.Grade == Grade.Satisfied), ratings.Count(r => r.Grade == Grade.BasicallySatisfied), ratings.Count(r => r.Grade == Grade.NotSatisfied),
            averages, ratings.Where(r => r.Comment is not null).Select(r => r.Comment!).ToList())
        {
            Submitted = report.SubmittedUtc is not null,
        };
    }

    /// <summary>
    /// Ranks by satisfaction rate, highest first; equal rates share a rank and the next rank skips (1, 2, 2, 4).
    /// Reports nobody rated come last, unranked (rank 0). Rates are compared exactly as fractions, not rounded.
    /// </summary>
    public static IReadOnlyList<RankedResult> Rank(IEnumerable<ReportResult> results, double commendAtOrAbove, double flagBelow)
    {
        var rated = results.Where(r => r.Raters > 0)
            .OrderByDescending(r => r, RateComparer.Instance).ThenBy(r => r.Title, StringComparer.Ordinal).ToList();
        var ranked = new List<RankedResult>();
        for (var i = 0; i < rated.Count; i++)
        {
            var rank = i > 0 && RateComparer.Instance.Compare(rated[i], rated[i - 1]) == 0 ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new RankedResult(rank, rated[i], StandingOf(rated[i], commendAtOrAbove, flagBelow)));
        }
        ranked.AddRange(results.Where(r => r.Raters == 0).OrderBy(r => r.Title, StringComparer.Ordinal).Select(r => new RankedResult(0, r, Standing.None)));
        return ranked;
    }

    public static Standing StandingOf(ReportResult r, double commendAtOrAbove, double flagBelow)
    {
        if (r.Raters == 0)
        {
            return Standing.None;
        }
        // Compare (s + b) / n with the threshold without rounding: 100·(s + b) against threshold·n.
        var satisfied = 100.0 * (r.Satisfied + r.BasicallySatisfied);
        return satisfied >= commendAtOrAbove * r.Raters ? Standing.Commend
            : satisfied < flagBelow * r.Raters ? Standing.FollowUpTalk
            : Standing.None;
    }

    /// <summary>Orders results by satisfaction rate compared as exact fractions: (s₁ + b₁)·n₂ against (s₂ + b₂)·n₁.</summary>
    private sealed class RateComparer : IComparer<ReportResult>
    {
        public static readonly RateComparer Instance = new();

        public int Compare(ReportResult? x, ReportResult? y) =>
            ((long)(x!.Satisfied + x.BasicallySatisfied) * y!.Raters).CompareTo((long)(y.Satisfied + y.BasicallySatisfied) * x.Raters);
    }
}
