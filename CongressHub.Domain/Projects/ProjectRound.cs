using CongressHub.Domain.Common;
using CongressHub.Domain.Voting;

namespace CongressHub.Domain.Projects;

/// <summary>Where a year's choice of livelihood projects stands.</summary>
public enum ProjectRoundState
{
    /// <summary>The street is putting its candidates together; nothing is public.</summary>
    Drafting = 0,

    /// <summary>Published for residents' comments (公示征求意见) until the period ends; the candidates are fixed.</summary>
    Published = 1,

    /// <summary>Put to the congress's ballot.</summary>
    Balloting = 2,

    /// <summary>Decided: each candidate's marks and outcome are final.</summary>
    Decided = 3,
}

/// <summary>Where a candidate project came from (民生实事项目征集).</summary>
public enum ProjectSource
{
    /// <summary>From residents' opinions (linked).</summary>
    Opinions = 1,

    /// <summary>From delegates' motions or suggestions.</summary>
    Delegates = 2,

    /// <summary>Proposed by a department of the street office.</summary>
    Department = 3,
}

/// <summary>
/// One year's livelihood projects chosen by the delegates' ballot (民生实事项目票决制): the street proposes more
/// candidates than will be chosen (差额), publishes them for residents' comments for a period, and the congress chooses
/// by secret ballot, each delegate marking up to <see cref="MaxMarks"/> of them (see <see cref="ProjectBallots"/>).
/// </summary>
public sealed class ProjectRound
{
    public const int TitleMaxLength = 120;

    private ProjectRound() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    /// <summary>The year the projects are carried out in.</summary>
    public int Year { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>K: how many candidates each delegate may mark at most.</summary>
    public int MaxMarks { get; private set; }

    /// <summary>What a candidate's marks must meet; more than half of all the term's delegates unless chosen otherwise.</summary>
    public MajorityRule Rule { get; private set; } = MajorityRule.HalfOfAll;

    /// <summary>The most the adopted projects may cost together, in whole yuan; null: no cap.</summary>
    public long? BudgetCap { get; private set; }

    /// <summary>The residents' comment period, in the street's calendar (set when published).</summary>
    public DateOnly? CommentsFrom { get; private set; }

    public DateOnly? CommentsUntil { get; private set; }

    public ProjectRoundState State { get; private set; }

    /// <summary>The congress's ballot, once put to it.</summary>
    public int? VoteId { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public int Version { get; private set; }

    public static ProjectRound Create(int streetId, ProjectRoundInput input, DateTime nowUtc)
    {
        input.Validate();
        var round = new ProjectRound { StreetId = streetId, CreatedUtc = nowUtc };
        round.Apply(input);
        return round;
    }

    public void Update(ProjectRoundInput input)
    {
        RequireDrafting();
        input.Validate();
        Apply(input);
    }

    /// <summary>
    /// Publishes the candidates for residents' comments until <paramref name="until"/>. The ballot must be able to
    /// choose: more candidates than a delegate may mark, and a budget cap (if any) that at least the cheapest fits in.
    /// </summary>
    public void Publish(IReadOnlyList<long> candidateCosts, DateOnly today, DateOnly until)
    {
        RequireDrafting();
        new Validator()
            .Check(candidateCosts.Count > MaxMarks, nameof(MaxMarks), "Projects.TooFewCandidates", MaxMarks, candidateCosts.Count)
            .Check(BudgetCap is not { } cap || candidateCosts.Count == 0 || cap >= candidateCosts.Min(), nameof(BudgetCap), "Projects.CapBelowCheapest")
            .Check(until >= today.AddDays(7) && until <= today.AddDays(90), nameof(CommentsUntil), "Projects.CommentPeriod", 7, 90)
            .ThrowIfInvalid();
        (CommentsFrom, CommentsUntil, State) = (today, until, ProjectRoundState.Published);
        Version++;
    }

    /// <summary>Put to the congress's secret ballot <paramref name="voteId"/>, once the residents' comment period has reached its last day.</summary>
    public void PutToBallot(int voteId, DateOnly today)
    {
        RequireReadyForBallot(today);
        (VoteId, State) = (voteId, ProjectRoundState.Balloting);
        Version++;
    }

    public void RequireReadyForBallot(DateOnly today)
    {
        if (State != ProjectRoundState.Published)
        {
            throw DomainException.Because(State == ProjectRoundState.Drafting ? "Projects.NotPublished" : "Projects.AlreadyBalloted", Title);
        }
        if (today < CommentsUntil)
        {
            throw DomainException.Because("Projects.CommentsOpen", Title, CommentsUntil!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Refuses a resident's comment outside the comment period.</summary>
    public void RequireOpenComments(DateOnly today)
    {
        if (State != ProjectRoundState.Published || today < CommentsFrom || today > CommentsUntil)
        {
            throw DomainException.Because("Projects.CommentsClosed", Title);
        }
    }

    internal void Decide()
    {
        State = ProjectRoundState.Decided;
        Version++;
    }

    public void RequireDrafting()
    {
        if (State != ProjectRoundState.Drafting)
        {
            throw DomainException.Because("Projects.NotDrafting", Title);
        }
    }

    private void Apply(ProjectRoundInput input)
    {
        Year = input.Year;
        Title = input.Title.Trim();
        MaxMarks = input.MaxMarks;
        Rule = input.Rule;
        BudgetCap = input.BudgetCap;
        Version++;
    }
}

public sealed record ProjectRoundInput(int Year, string Title, int MaxMarks, MajorityRule Rule = MajorityRule.HalfOfAll, long? BudgetCap = null)
{
    public void Validate() =>
        new Validator()
            .Check(Year is >= 2000 and <= 2100, nameof(Year), "Validation.Range", DomainText.Get("Field.ProjectYear"), 2000, 2100)
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, ProjectRound.TitleMaxLength, "Field.Title")
            .Check(MaxMarks is >= 1 and <= 30, nameof(MaxMarks), "Validation.Range", DomainText.Get("Field.MaxMarks"), 1, 30)
            .Check(Enum.IsDefined(Rule), nameof(Rule), "Validation.UnknownMajority", string.Join(", ", Majority.ApiNames))
            .Check(BudgetCap is null or (>= 1 and <= 100_000_000_000), nameof(BudgetCap), "Validation.Range", DomainText.Get("Field.BudgetCap"), 1, 100_000_000_000)
            .ThrowIfInvalid();
}
