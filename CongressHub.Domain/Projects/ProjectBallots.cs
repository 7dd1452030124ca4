using CongressHub.Domain.Voting;

namespace CongressHub.Domain.Projects;

/// <summary>What the ballot decided for one candidate project (民生实事项目票决).</summary>
public enum ProjectOutcome
{
    /// <summary>Not marked by enough delegates under the round's rule.</summary>
    Rejected = 0,

    /// <summary>Chosen: marked by enough delegates and, under a budget cap, within it.</summary>
    Adopted = 1,

    /// <summary>Marked by enough delegates but its cost no longer fits the budget left when its turn came.</summary>
    OverBudget = 2,

    /// <summary>Tied with others at a place the budget cannot give all of them: a run-off among the tied decides.</summary>
    Tied = 3,

    /// <summary>Marked by enough delegates, ranked below a tie: whether it fits waits for the run-off.</summary>
    AwaitingRunoff = 4,
}

/// <summary>One candidate's count and cost, as the ballot decides it.</summary>
public readonly record struct ProjectCount(int Id, int Marks, long Cost);

/// <summary>
/// The arithmetic of a livelihood projects ballot: each delegate present marks up to K of the N candidates; a
/// candidate passes when its marks meet the round's majority rule (by default more than half of all the term's
/// delegates, 票决制), counting a ballot that marks it as for and one that does not as against. Passing candidates are
/// ranked by marks. Without a budget cap every passing candidate is adopted. Under a cap (whole yuan) the ranking is
/// gone down, adopting each that still fits in what is left and skipping one that does not; candidates with equal
/// marks whose order would change which of them fit are flagged for a run-off, and those ranked below them wait for it.
/// </summary>
public static class ProjectBallots
{
    public static IReadOnlyDictionary<int, ProjectOutcome> Decide(IReadOnlyList<ProjectCount> counts, MajorityRule rule, int ballotsCast, int present, int all, long? budgetCap)
    {
        var outcome = counts.ToDictionary(c => c.Id, _ => ProjectOutcome.Rejected);
        var passing = counts.Where(c => Passes(c.Marks, rule, ballotsCast, present, all)).ToList();
        if (budgetCap is not { } cap)
        {
            passing.ForEach(c => outcome[c.Id] = ProjectOutcome.Adopted);
            return outcome;
        }
        Fill(passing.GroupBy(c => c.Marks).OrderByDescending(g => g.Key).Select(g => g.ToList()), cap, outcome);
        return outcome;
    }

    /// <summary>
    /// A run-off among the tied: they are ranked by the run-off's marks, then those that waited for it in their first
    /// ranking, and the ranking is gone down in what the budget has <paramref name="left"/> after the projects already
    /// adopted, as the first ballot does; equal run-off marks whose order still decides are tied again.
    /// </summary>
    public static IReadOnlyDictionary<int, ProjectOutcome> DecideRunoff(IReadOnlyList<ProjectCount> tied, IReadOnlyList<ProjectCount> waiting, long left)
    {
        var outcome = tied.Concat(waiting).ToDictionary(c => c.Id, _ => ProjectOutcome.Rejected);
        Fill(tied.GroupBy(c => c.Marks).OrderByDescending(g => g.Key).Select(g => g.ToList())
            .Concat(waiting.GroupBy(c => c.Marks).OrderByDescending(g => g.Key).Select(g => g.ToList())), left, outcome);
        return outcome;
    }

    /// <summary>Goes down ranked groups of passing candidates within what is left of the budget.</summary>
    private static void Fill(IEnumerable<List<ProjectCount>> ranked, long left, Dictionary<int, ProjectOutcome> outcome)
    {
        var waiting = false;
        foreach (var group in ranked)
        {
            if (waiting)
            {
                group.ForEach(c => outcome[c.Id] = ProjectOutcome.AwaitingRunoff);
                continue;
            }
            // Those that fit on their own: when they all fit together, every order of the group adopts all of them;
            // when they do not, some order leaves out each one of them, so their order (a run-off) decides.
            var fitting = group.Where(c => c.Cost <= left).ToList();
            group.Where(c => c.Cost > left).ToList().ForEach(c => outcome[c.Id] = ProjectOutcome.OverBudget);
            if (fitting.Sum(c => c.Cost) <= left)
            {
                fitting.ForEach(c => outcome[c.Id] = ProjectOutcome.Adopted);
                left -= fitting.Sum(c => c.Cost);
            }
            else
            {
                fitting.ForEach(c => outcome[c.Id] = ProjectOutcome.Tied);
                waiting = true;
            }
        }
    }

    /// <summary>Whether a candidate's marks meet the rule: a ballot marking it counts for, one not marking it against.</summary>
    public static bool Passes(int marks, MajorityRule rule, int ballotsCast, int present, int all) =>
        marks > 0 && rule.Adopted(new Tally(marks, ballotsCast - marks, 0, present, all));
}
