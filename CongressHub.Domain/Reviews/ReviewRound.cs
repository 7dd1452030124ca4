using CongressHub.Domain.Common;

namespace CongressHub.Domain.Reviews;

public enum ReviewState
{
    Prepared = 0,
    ReportsOpen = 1,
    Released = 2,
    RatingOpen = 3,
    RatingClosed = 4,
    Published = 5,
}

public enum ReporterKind
{
    /// <summary>街道办事处: the street office as a whole.</summary>
    StreetOffice = 1,

    /// <summary>科室: a department.</summary>
    Department = 2,

    /// <summary>主要领导: a main official.</summary>
    Official = 3,
}

/// <summary>How delegates grade a work report overall (CONTRACTS.md: satisfied + basically satisfied count as satisfied).</summary>
public enum Grade
{
    Satisfied = 1,
    BasicallySatisfied = 2,
    NotSatisfied = 3,
}

/// <summary>
/// The yearly work-report review (述职评议): Prepared → ReportsOpen → Released → RatingOpen → RatingClosed → Published.
/// The convener lists who reports and the criteria, officers write and submit their reports before the deadline,
/// the convener releases them to delegates, delegates present at the annual-review session rate them, the results
/// are published.
/// </summary>
public sealed class ReviewRound
{
    private ReviewRound() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int Year { get; private set; }

    /// <summary>The annual-review session the reports are rated in.</summary>
    public int? SessionId { get; private set; }

    public ReviewState State { get; private set; }

    public DateTime ReportsDueUtc { get; private set; }

    /// <summary>The criteria scored 1–5, one per line (履职尽责, 回应群众, 廉洁自律).</summary>
    public string Criteria { get; private set; } = "";

    /// <summary>Satisfaction rate (percent) at or above which a report is proposed for commendation.</summary>
    public double CommendAtOrAbove { get; private set; } = 90;

    /// <summary>Satisfaction rate (percent) below which the reporter is flagged for a follow-up talk.</summary>
    public double FlagBelow { get; private set; } = 60;

    public DateTime? PublishedUtc { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<string> CriteriaList => Criteria.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static ReviewRound Prepare(int streetId, ReviewRoundInput input)
    {
        input.Validate();
        var r = new ReviewRound { StreetId = streetId, State = ReviewState.Prepared };
        r.Apply(input);
        return r;
    }

    public void Update(ReviewRoundInput input)
    {
        if (State >= ReviewState.RatingOpen)
        {
            throw DomainException.Because("Review.Locked", Year, State.Label());
        }
        input.Validate();
        Apply(input);
    }

    public void OpenReports() => Move(ReviewState.ReportsOpen, ReviewState.Prepared);

    /// <summary>A new deadline for reports (the convener extends it for a late reporter).</summary>
    public void ExtendDeadline(DateTime dueUtc, DateTime nowUtc)
    {
        if (State is not (ReviewState.Prepared or ReviewState.ReportsOpen or ReviewState.Released))
        {
            throw DomainException.Because("Review.Locked", Year, State.Label());
        }
        if (dueUtc <= nowUtc)
        {
            throw new ValidationFailedException([new FieldError(nameof(ReportsDueUtc), DomainText.Get("Review.DeadlinePast"))]);
        }
        ReportsDueUtc = dueUtc;
        Version++;
    }

    public void Release() => Move(ReviewState.Released, ReviewState.ReportsOpen);

    public void OpenRating() => Move(ReviewState.RatingOpen, ReviewState.Released, ReviewState.RatingOpen);

    public void CloseRating() => Move(ReviewState.RatingClosed, ReviewState.RatingOpen);

    public void Publish(DateTime nowUtc)
    {
        Move(ReviewState.Published, ReviewState.RatingClosed);
        PublishedUtc = nowUtc;
    }

    public bool AcceptsReports(DateTime nowUtc) => State is ReviewState.Prepared or ReviewState.ReportsOpen or ReviewState.Released && nowUtc <= ReportsDueUtc;

    private void Move(ReviewState to, params ReviewState[] from)
    {
        if (!from.Contains(State))
        {
            throw DomainException.Because("Review.Refused", Year, State.Label(), to.Label());
        }
        State = to;
        Version++;
    }

    private void Apply(ReviewRoundInput input)
    {
        Year = input.Year;
        SessionId = input.SessionId;
        ReportsDueUtc = input.ReportsDueUtc;
        Criteria = string.Join('\n', input.Criteria.Select(c => c.Trim()).Where(c => c.Length > 0));
        CommendAtOrAbove = input.CommendAtOrAbove;
        FlagBelow = input.FlagBelow;
        Version++;
    }
}

/// <summary>One report of a round: the street office's, a department's or a main official's, written by its officer.</summary>
public sealed class WorkReport
{
    public const int TextMaxLength = 30_000;
    public const int FiguresMaxLength = 2_000;

    private WorkReport() { }

    public int Id { get; private set; }

    public int RoundId { get; private set; }

    public ReporterKind Kind { get; private set; }

    public int? DepartmentId { get; private set; }

    /// <summary>The official reporting (Official), or the officer who writes for the office or department.</summary>
    public int? OfficerId { get; private set; }

    public string Title { get; private set; } = "";

    public int Position { get; private set; }

    /// <summary>Markdown; rendered with Markdig and sanitized.</summary>
    public string Text { get; private set; } = "";

    /// <summary>Key figures, one per line ("新增就业岗位：320").</summary>
    public string KeyFigures { get; private set; } = "";

    public DateTime? SubmittedUtc { get; private set; }

    /// <summary>Rating of this report is open (the convener opens and closes per report or all at once).</summary>
    public bool RatingOpen { get; private set; }

    public static WorkReport For(int roundId, ReporterKind kind, int? departmentId, int? officerId, string title, int position) =>
        new() { RoundId = roundId, Kind = kind, DepartmentId = departmentId, OfficerId = officerId, Title = title, Position = position };

    /// <summary>The officer saves and submits the report; it may be resubmitted until the deadline.</summary>
    public void Submit(string? text, string? keyFigures, ReviewRound round, DateTime nowUtc)
    {
        if (!round.AcceptsReports(nowUtc))
        {
            throw DomainException.Because(nowUtc > round.ReportsDueUtc ? "Review.ReportLate" : "Review.ReportsClosed", Title);
        }
        new Validator()
            .Require(nameof(Text), text, "Field.ReportText")
            .MaxLength(nameof(Text), text, TextMaxLength, "Field.ReportText")
            .MaxLength(nameof(KeyFigures), keyFigures, FiguresMaxLength, "Field.KeyFigures")
            .ThrowIfInvalid();
        Text = text!.Trim();
        KeyFigures = keyFigures?.Trim() ?? "";
        SubmittedUtc = nowUtc;
    }

    /// <summary>Keeps the writer's unfinished text; nobody else reads it until it is submitted.</summary>
    public void SaveDraft(string? text, string? keyFigures, ReviewRound round, DateTime nowUtc)
    {
        if (SubmittedUtc is not null)
        {
            throw DomainException.Because("Review.DraftAfterSubmit", Title);
        }
        if (!round.AcceptsReports(nowUtc))
        {
            throw DomainException.Because(nowUtc > round.ReportsDueUtc ? "Review.ReportLate" : "Review.ReportsClosed", Title);
        }
        new Validator()
            .MaxLength(nameof(Text), text, TextMaxLength, "Field.ReportText")
            .MaxLength(nameof(KeyFigures), keyFigures, FiguresMaxLength, "Field.KeyFigures")
            .ThrowIfInvalid();
        Text = text?.Trim() ?? "";
        KeyFigures = keyFigures?.Trim() ?? "";
    }

    public void SetRating(bool open, ReviewRound round)
    {
        if (round.State != ReviewState.RatingOpen)
        {
            throw DomainException.Because("Review.RatingNotOpen", round.Year);
        }
        RatingOpen = open;
    }
}

/// <summary>A delegate's right used: who rated a report, kept apart from what they gave (no time, no key to the rating).</summary>
public sealed class ReportRater
{
    private ReportRater() { }

    public int ReportId { get; private set; }

    public int DelegateId { get; private set; }

    public static ReportRater Of(int reportId, int delegateId) => new() { ReportId = reportId, DelegateId = delegateId };
}

/// <summary>
/// What a delegate gave a report: a grade, scores 1–5 per criterion (in the round's order) and an optional comment.
/// Anonymous like a secret ballot: sealed while the report's rating is open (<see cref="Secrecy"/>), stored here at
/// close under a new random key, in a random order, with no delegate and no time.
/// </summary>
public sealed class ReportRating
{
    public const int CommentMaxLength = 500;

    private ReportRating() { }

    public Guid Id { get; private set; }

    public int ReportId { get; private set; }

    public Grade Grade { get; private set; }

    /// <summary>Scores 1–5 per criterion, comma-separated in the round's order.</summary>
    public string Scores { get; private set; } = "";

    public string? Comment { get; private set; }

    public IReadOnlyList<int> ScoreList => Scores.Length == 0 ? [] : Scores.Split(',').Select(int.Parse).ToList();

    /// <summary>What the rating's seal holds while the report's rating is open: grade|scores|comment.</summary>
    internal string SealedContent() => $"{(int)Grade}|{Scores}|{Comment}";

    /// <summary>A rating as it comes out of its seal when the report's rating closes, under a new random key.</summary>
    internal static ReportRating Unsealed(int reportId, string content)
    {
        var parts = content.Split('|', 3);
        return new ReportRating
        {
            Id = Guid.NewGuid(),
            ReportId = reportId,
            Grade = (Grade)int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            Scores = parts[1],
            Comment = parts[2].Length == 0 ? null : parts[2],
        };
    }

    public static ReportRating Give(int reportId, RatingInput input, int criteria)
    {
        input.Validate(criteria);
        return new ReportRating
        {
            Id = Guid.NewGuid(),
            ReportId = reportId,
            Grade = input.Grade,
            Scores = string.Join(',', input.Scores),
            Comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim(),
        };
    }
}

public sealed record ReviewRoundInput(int Year, int? SessionId, DateTime ReportsDueUtc, IReadOnlyList<string> Criteria, double CommendAtOrAbove = 90, double FlagBelow = 60)
{
    public void Validate()
    {
        var criteria = Criteria.Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        new Validator()
            .Check(Year is >= 2000 and <= 2100, nameof(Year), "Validation.Range", DomainText.Get("Field.Year"), 2000, 2100)
            .Check(criteria.Count is >= 1 and <= 10, nameof(Criteria), "Review.CriteriaCount")
            .Check(criteria.All(c => c.Length <= 40), nameof(Criteria), "Validation.TooLong", DomainText.Get("Field.Criterion"), 40)
            .Check(criteria.Distinct(StringComparer.Ordinal).Count() == criteria.Count, nameof(Criteria), "Review.CriteriaTwice")
            .Check(CommendAtOrAbove is >= 0 and <= 100 && FlagBelow is >= 0 and <= 100 && FlagBelow <= CommendAtOrAbove, nameof(CommendAtOrAbove), "Review.Thresholds")
            .ThrowIfInvalid();
    }
}

public sealed record RatingInput(Grade Grade, IReadOnlyList<int> Scores, string? Comment)
{
    public void Validate(int criteria) =>
        new Validator()
            .Check(Enum.IsDefined(Grade), nameof(Grade), "Validation.UnknownGrade")
            .Check(Scores.Count == criteria, nameof(Scores), "Review.ScoreEach", criteria)
            .Check(Scores.All(s => s is >= 1 and <= 5), nameof(Scores), "Review.ScoreRange")
            .MaxLength(nameof(Comment), Comment, ReportRating.CommentMaxLength, "Field.Comment")
            .ThrowIfInvalid();
}

public static class ReviewLabels
{
    public static string Label(this ReviewState state) => DomainText.Get("ReviewState." + state);

    public static string Label(this Grade grade) => DomainText.Get("Grade." + grade);

    public static string Label(this ReporterKind kind) => DomainText.Get("ReporterKind." + kind);
}
