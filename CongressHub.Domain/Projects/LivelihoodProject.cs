using CongressHub.Domain.Common;

namespace CongressHub.Domain.Projects;

/// <summary>
/// A candidate livelihood project of a year's round (民生实事候选项目): what it is, what it is estimated to cost in
/// whole yuan, the department responsible and where it came from, with the residents' opinions it answers. The ballot
/// gives it its marks and outcome.
/// </summary>
public sealed class LivelihoodProject
{
    /// <summary>A title stands on the ballot as a candidate's name.</summary>
    public const int TitleMaxLength = Voting.Candidate.NameMaxLength;
    public const int DescriptionMaxLength = 4000;

    private LivelihoodProject() { }

    public int Id { get; private set; }

    public int RoundId { get; private set; }

    public int StreetId { get; private set; }

    /// <summary>Its place on the published list and the ballot.</summary>
    public int Position { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>Estimated cost in whole yuan.</summary>
    public long EstimatedCost { get; private set; }

    public int DepartmentId { get; private set; }

    public ProjectSource Source { get; private set; }

    /// <summary>The ballot's marks for it, once decided.</summary>
    public int? Marks { get; private set; }

    public ProjectOutcome? Outcome { get; private set; }

    public int Version { get; private set; }

    public static LivelihoodProject Propose(int streetId, int roundId, int position, ProjectInput input)
    {
        input.Validate();
        var project = new LivelihoodProject { StreetId = streetId, RoundId = roundId, Position = position };
        project.Apply(input);
        return project;
    }

    public void Update(ProjectInput input)
    {
        input.Validate();
        Apply(input);
    }

    internal void Settle(int marks, ProjectOutcome outcome)
    {
        (Marks, Outcome) = (marks, outcome);
        Version++;
    }

    private void Apply(ProjectInput input)
    {
        Title = input.Title.Trim();
        Description = input.Description.Trim();
        EstimatedCost = input.EstimatedCost;
        DepartmentId = input.DepartmentId;
        Source = input.Source;
        Version++;
    }
}

/// <summary>A residents' opinion a candidate project answers.</summary>
public sealed class ProjectOpinion
{
    private ProjectOpinion() { }

    public int ProjectId { get; private set; }

    public int ItemId { get; private set; }

    public static ProjectOpinion Of(int projectId, int itemId) => new() { ProjectId = projectId, ItemId = itemId };
}

public sealed record ProjectInput(string Title, string Description, long EstimatedCost, int DepartmentId, ProjectSource Source, IReadOnlyList<int>? OpinionIds = null)
{
    public void Validate()
    {
        var opinions = OpinionIds ?? [];
        new Validator()
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, LivelihoodProject.TitleMaxLength, "Field.Title")
            .Require(nameof(Description), Description, "Field.ProjectDescription")
            .MaxLength(nameof(Description), Description, LivelihoodProject.DescriptionMaxLength, "Field.ProjectDescription")
            .Check(EstimatedCost is >= 1 and <= 10_000_000_000, nameof(EstimatedCost), "Validation.Range", DomainText.Get("Field.EstimatedCost"), 1, 10_000_000_000)
            .Check(DepartmentId > 0, nameof(DepartmentId), "Projects.DepartmentRequired")
            .Check(Enum.IsDefined(Source), nameof(Source), "Projects.UnknownSource")
            .Check(Source != ProjectSource.Opinions || opinions.Count > 0, nameof(OpinionIds), "Projects.OpinionsRequired")
            .Check(opinions.Distinct().Count() == opinions.Count && opinions.Count <= 50, nameof(OpinionIds), "Projects.OpinionsTwice")
            .ThrowIfInvalid();
    }
}
