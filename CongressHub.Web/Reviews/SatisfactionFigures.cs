using CongressHub.Domain.Reviews;

namespace CongressHub.Web.Reviews;

/// <summary>Each department's satisfaction rate in every published year up to the round's, from the results' year-over-year history.</summary>
public static class SatisfactionFigures
{
    public sealed record Department(string Name, IReadOnlyList<(int Year, double? Rate)> Years);

    /// <summary>In the order of the ranking.</summary>
    public static IReadOnlyList<Department> Of(ReviewResultsView view) =>
        view.Departments
            .Select(r => new Department(r.Result.Title,
                view.History.TryGetValue(ReviewService.KeyOf(r.Result), out var points) ? points : [(view.Year, r.Result.SatisfactionRate)]))
            .ToList();

    /// <summary>Every year that any department has a point in, oldest first.</summary>
    public static IReadOnlyList<int> Years(IReadOnlyList<Department> departments) =>
        departments.SelectMany(d => d.Years.Select(p => p.Year)).Distinct().Order().ToList();
}
