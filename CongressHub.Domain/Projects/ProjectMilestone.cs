using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;

namespace CongressHub.Domain.Projects;

/// <summary>
/// A planned step of an adopted project's implementation (实施节点): what is to be reached by when, and how far along
/// the work is once it is (percent). The responsible department plans its steps and marks each one reached; reaching
/// one records that progress on the project's implementation, and the last step (100 %) marks it done.
/// </summary>
public sealed class ProjectMilestone
{
    public const int TitleMaxLength = 60;

    private ProjectMilestone() { }

    public int Id { get; private set; }

    public int ProjectId { get; private set; }

    public int StreetId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>The day it is planned to be reached by, in the street's calendar.</summary>
    public DateOnly DueOn { get; private set; }

    /// <summary>How far the work is once it is reached, 1–100.</summary>
    public int Percent { get; private set; }

    /// <summary>The day it was reached; null while still ahead.</summary>
    public DateOnly? ReachedOn { get; private set; }

    public static ProjectMilestone Plan(LivelihoodProject project, MilestoneInput input, IReadOnlyList<ProjectMilestone> planned)
    {
        input.Validate(planned);
        return new ProjectMilestone { ProjectId = project.Id, StreetId = project.StreetId, Title = input.Title.Trim(), DueOn = input.DueOn, Percent = input.Percent };
    }

    /// <summary>Marked reached on <paramref name="today"/>; once only.</summary>
    public void Reach(DateOnly today)
    {
        if (ReachedOn is not null)
        {
            throw DomainException.Because("Projects.MilestoneReached", Title);
        }
        ReachedOn = today;
    }

    /// <summary>A reached step stays on the record.</summary>
    public void RequireAhead()
    {
        if (ReachedOn is not null)
        {
            throw DomainException.Because("Projects.MilestoneReached", Title);
        }
    }

    /// <summary>
    /// The percent the plan says the work should have reached by <paramref name="today"/>: that of the last step due by
    /// then, 0 before the first.
    /// </summary>
    public static int PlannedBy(IEnumerable<(DateOnly DueOn, int Percent)> milestones, DateOnly today) =>
        milestones.Where(m => m.DueOn <= today).Select(m => m.Percent).DefaultIfEmpty(0).Max();
}

public sealed record MilestoneInput(string Title, DateOnly DueOn, int Percent)
{
    /// <summary>
    /// A step's title and percent; the plan must read in order: a later step further along than an earlier one, and
    /// no two steps at the same percent.
    /// </summary>
    public void Validate(IReadOnlyList<ProjectMilestone> planned)
    {
        new Validator()
            .Require(nameof(Title), Title, "Field.MilestoneTitle")
            .MaxLength(nameof(Title), Title, ProjectMilestone.TitleMaxLength, "Field.MilestoneTitle")
            .Check(Percent is >= 1 and <= 100, nameof(Percent), "Validation.Range", DomainText.Get("Field.Progress"), 1, 100)
            .Check(DueOn.Year is >= 2000 and <= 2100, nameof(DueOn), "Validation.Range", DomainText.Get("Field.DueOn"), 2000, 2100)
            .ThrowIfInvalid();
        new Validator()
            .Check(planned.All(m => m.Percent != Percent), nameof(Percent), "Projects.MilestonePercentTaken", Percent)
            .Check(planned.All(m => m.DueOn < DueOn == m.Percent < Percent || m.DueOn == DueOn), nameof(DueOn), "Projects.MilestoneOrder")
            .ThrowIfInvalid();
    }
}

/// <summary>
/// A resident's comment on a published round while its comment period is open (公示征求意见), on the round or one of its
/// candidates. Anonymous and plain text as a resolution's comment is (<see cref="ResolutionComment.Validate"/>); held
/// for moderation, only approved ones appear publicly, with the convener's reply if any.
/// </summary>
public sealed class ProjectComment
{
    private ProjectComment() { }

    public int Id { get; private set; }

    public int RoundId { get; private set; }

    /// <summary>The candidate it is about; null for the round as a whole.</summary>
    public int? ProjectId { get; private set; }

    public string Text { get; private set; } = "";

    public CommentStatus Status { get; private set; }

    public string? Reply { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? ModeratedUtc { get; private set; }

    public static ProjectComment Submit(int roundId, int? projectId, string? text, DateTime nowUtc)
    {
        ResolutionComment.Validate(text);
        return new ProjectComment { RoundId = roundId, ProjectId = projectId, Text = text!.Trim(), Status = CommentStatus.Pending, CreatedUtc = nowUtc };
    }

    public void Moderate(bool approve, string? reply, DateTime nowUtc)
    {
        ResolutionComment.ValidateReply(reply);
        Status = approve ? CommentStatus.Approved : CommentStatus.Rejected;
        Reply = string.IsNullOrWhiteSpace(reply) ? null : reply.Trim();
        ModeratedUtc = nowUtc;
    }
}
