using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;

namespace CongressHub.Domain.Resolutions;

public enum ResolutionStatus
{
    /// <summary>The motion was adopted; the convener checks and edits its wording, then publishes it. Never shown publicly.</summary>
    Draft = 0,

    /// <summary>Numbered and public; its implementation is tracked.</summary>
    Published = 1,
}

/// <summary>
/// What the congress decided (决议): an adopted motion, whose title and text the convener checks and edits as a draft
/// (every version kept, the motion's text kept as adopted), numbered <c>YYYY-Qn-NN</c> by the quarter of its session
/// when the convener publishes it, once the vote's result is published. Its implementation is a <see cref="TrackedItem"/> of kind Resolution
/// (the one model of work to carry out). It may carry a public-notice period (公示) during which residents comment.
/// </summary>
public sealed class Resolution
{
    public const int OutcomeMaxLength = 2000;
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 20_000;

    private Resolution() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int SessionId { get; private set; }

    /// <summary>The adopted motion; null for a livelihood project the congress chose by ballot.</summary>
    public int? MotionId { get; private set; }

    /// <summary>The livelihood project (民生实事项目) adopted by the congress's ballot; null for a motion's resolution.</summary>
    public int? ProjectId { get; private set; }

    public int VoteId { get; private set; }

    public ResolutionStatus Status { get; private set; }

    /// <summary><c>YYYY-Qn-NN</c>; null while a draft.</summary>
    public string? Number { get; private set; }

    public int Year { get; private set; }

    public int Quarter { get; private set; }

    /// <summary>NN: the order of publication within the street's quarter; 0 while a draft.</summary>
    public int Sequence { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>The current wording, in Markdown (rendered sanitized); the adopted one stays on the motion.</summary>
    public string Text { get; private set; } = "";

    public int Yes { get; private set; }

    public int No { get; private set; }

    public int Abstain { get; private set; }

    public int Present { get; private set; }

    public int All { get; private set; }

    public MajorityRule Rule { get; private set; }

    public bool Secret { get; private set; }

    public DateTime AdoptedUtc { get; private set; }

    public DateTime? PublishedUtc { get; private set; }

    /// <summary>The tracked item that follows its implementation.</summary>
    public int ImplementationId { get; private set; }

    public TrackedItem Implementation { get; private set; } = null!;

    /// <summary>First day of the public-notice period (公示), in the street's local calendar.</summary>
    public DateOnly? NoticeStartsOn { get; private set; }

    /// <summary>Last day residents may comment.</summary>
    public DateOnly? NoticeEndsOn { get; private set; }

    /// <summary>How the comments received were handled, stated by the convener once the notice ends.</summary>
    public string? NoticeOutcome { get; private set; }

    public int Version { get; private set; }

    public bool IsPublished => Status == ResolutionStatus.Published;

    public bool HasNotice => NoticeStartsOn is not null;

    public NoticeState NoticeOn(DateOnly today) => NoticeStartsOn is not { } start || NoticeEndsOn is not { } end ? NoticeState.None
        : today < start ? NoticeState.Upcoming
        : today <= end ? NoticeState.Open
        : NoticeState.Closed;

    /// <summary>The draft made when an adopted motion's vote closes, with its implementation waiting to be assigned.</summary>
    public static Resolution Draft(Vote vote, string title, string text, DateTime nowUtc)
    {
        if (vote.Adopted != true || vote.MotionId is null || vote.Rule is null)
        {
            throw new InvalidOperationException("Only an adopted motion's vote becomes a resolution.");
        }
        return new Resolution
        {
            StreetId = vote.StreetId,
            SessionId = vote.SessionId,
            MotionId = vote.MotionId.Value,
            VoteId = vote.Id,
            Status = ResolutionStatus.Draft,
            Title = title,
            Text = text,
            Yes = vote.Yes,
            No = vote.No,
            Abstain = vote.Abstain,
            Present = vote.Present,
            All = vote.All,
            Rule = vote.Rule.Value,
            Secret = vote.Secret,
            AdoptedUtc = nowUtc,
            Implementation = TrackedItem.Implementation(vote.StreetId, vote.SessionId, title, text, nowUtc),
        };
    }

    /// <summary>
    /// The draft a livelihood project adopted by the congress's ballot becomes: its marks stand for it, the ballots not
    /// marking it against; its implementation is assigned at once to the project's department, due by the end of its year.
    /// </summary>
    public static Resolution ForProject(Vote vote, int projectId, MajorityRule rule, int marks, int cast, string title, string text,
        int departmentId, DateOnly dueOn, DateOnly today, DateTime nowUtc)
    {
        if (!vote.IsElection || !vote.IsClosed)
        {
            throw new InvalidOperationException("Only a closed projects ballot adopts projects.");
        }
        var implementation = TrackedItem.Implementation(vote.StreetId, vote.SessionId, title, text, nowUtc);
        implementation.Assign(departmentId, null, dueOn < today ? today : dueOn, today, nowUtc);
        return new Resolution
        {
            StreetId = vote.StreetId,
            SessionId = vote.SessionId,
            ProjectId = projectId,
            VoteId = vote.Id,
            Status = ResolutionStatus.Draft,
            Title = title.Length <= TitleMaxLength ? title : title[..TitleMaxLength],
            Text = text.Length <= TextMaxLength ? text : text[..TextMaxLength],
            Yes = marks,
            No = cast - marks,
            Present = vote.Present,
            All = vote.All,
            Rule = rule,
            Secret = vote.Secret,
            AdoptedUtc = nowUtc,
            Implementation = implementation,
        };
    }

    /// <summary>The quarter a session held at <paramref name="sessionUtc"/> belongs to, in the street's calendar.</summary>
    public static (int Year, int Quarter) QuarterOf(DateTime sessionUtc)
    {
        var local = SessionTime.Local(sessionUtc);
        return (local.Year, (local.Month - 1) / 3 + 1);
    }

    public static string FormatNumber(int year, int quarter, int sequence) => $"{year:0000}-Q{quarter}-{sequence:00}";

    /// <summary>Refuses a change made on a screen that showed an older version than the stored one.</summary>
    public void EnsureVersion(int expected)
    {
        if (expected != Version)
        {
            throw DomainException.Because("Resolution.Conflict", Title);
        }
    }

    /// <summary>
    /// The convener's corrected wording of the draft, kept as a new version; the motion keeps the text as adopted.
    /// Refused once published, when invalid, or when it changes nothing.
    /// </summary>
    public ResolutionVersion Edit(string? title, string? text, string editedBy, DateTime nowUtc)
    {
        if (IsPublished)
        {
            throw DomainException.Because("Resolution.EditPublished", Number);
        }
        new Validator()
            .Require(nameof(Title), title, "Field.ResolutionTitle")
            .MaxLength(nameof(Title), title, TitleMaxLength, "Field.ResolutionTitle")
            .Require(nameof(Text), text, "Field.ResolutionText")
            .MaxLength(nameof(Text), text, TextMaxLength, "Field.ResolutionText")
            .ThrowIfInvalid();
        var (newTitle, newText) = (title!.Trim(), text!.Trim());
        if (newTitle == Title && newText == Text)
        {
            throw DomainException.Because("Resolution.Unchanged");
        }
        (Title, Text) = (newTitle, newText);
        Version++;
        return ResolutionVersion.Of(Id, Title, Text, editedBy, nowUtc);
    }

    /// <summary>
    /// Publishes it under the next number of its quarter, once its vote's result is published; its implementation
    /// becomes public too, under the published wording. No edit is possible afterwards.
    /// </summary>
    public void Publish(Vote vote, int year, int quarter, int sequence, DateTime nowUtc)
    {
        if (IsPublished)
        {
            throw DomainException.Because("Resolution.AlreadyPublished", Number ?? Title);
        }
        if (vote.Id != VoteId || vote.State != VoteState.Published)
        {
            throw DomainException.Because("Resolution.VoteNotPublished", Title);
        }
        (Year, Quarter, Sequence) = (year, quarter, sequence);
        Number = FormatNumber(year, quarter, sequence);
        Status = ResolutionStatus.Published;
        PublishedUtc = nowUtc;
        Implementation.MakePublic(Title, Text, nowUtc);
        Version++;
    }

    /// <summary>
    /// Sets or changes the public-notice period. Refused once comments were received (residents commented under
    /// the announced dates) or once it has ended.
    /// </summary>
    public void SetNotice(DateOnly? startsOn, DateOnly? endsOn, DateOnly today, int commentsReceived)
    {
        if (NoticeOn(today) == NoticeState.Closed)
        {
            throw DomainException.Because("Resolution.NoticeEnded", Title);
        }
        if (commentsReceived > 0)
        {
            throw DomainException.Because("Resolution.NoticeHasComments", Title);
        }
        if (startsOn is null && endsOn is null)
        {
            (NoticeStartsOn, NoticeEndsOn) = (null, null);
            Version++;
            return;
        }
        new Validator()
            .Check(startsOn is not null, "NoticeStartsOn", "Validation.Required", DomainText.Get("Field.NoticeStartsOn"))
            .Check(endsOn is not null, "NoticeEndsOn", "Validation.Required", DomainText.Get("Field.NoticeEndsOn"))
            .ThrowIfInvalid();
        new Validator()
            .Check(endsOn >= startsOn, "NoticeEndsOn", "Resolution.NoticeEndBeforeStart")
            .Check(endsOn >= today, "NoticeEndsOn", "Resolution.NoticeEndInPast")
            .Check(endsOn!.Value.DayNumber - startsOn!.Value.DayNumber <= 90, "NoticeEndsOn", "Resolution.NoticeTooLong", 90)
            .ThrowIfInvalid();
        (NoticeStartsOn, NoticeEndsOn) = (startsOn, endsOn);
        Version++;
    }

    /// <summary>States how the comments were handled; only once the notice has ended.</summary>
    public void StateNoticeOutcome(string? outcome, DateOnly today)
    {
        if (NoticeOn(today) != NoticeState.Closed)
        {
            throw DomainException.Because("Resolution.NoticeNotEnded", Title);
        }
        new Validator().Require("Outcome", outcome, "Field.NoticeOutcome").MaxLength("Outcome", outcome, OutcomeMaxLength, "Field.NoticeOutcome").ThrowIfInvalid();
        NoticeOutcome = outcome!.Trim();
        Version++;
    }

    /// <summary>Refuses a comment outside the notice period.</summary>
    public void RequireOpenNotice(DateOnly today)
    {
        if (!IsPublished || NoticeOn(today) != NoticeState.Open)
        {
            throw DomainException.Because("Resolution.CommentsClosed", Number ?? Title);
        }
    }
}

/// <summary>One saved wording of a draft resolution: who saved it, when, and the title and text it saved.</summary>
public sealed class ResolutionVersion
{
    private ResolutionVersion() { }

    public int Id { get; private set; }

    public int ResolutionId { get; private set; }

    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    /// <summary>The user name of the convener who saved it.</summary>
    public string EditedBy { get; private set; } = "";

    public DateTime EditedUtc { get; private set; }

    internal static ResolutionVersion Of(int resolutionId, string title, string text, string editedBy, DateTime nowUtc) =>
        new() { ResolutionId = resolutionId, Title = title, Text = text, EditedBy = editedBy, EditedUtc = nowUtc };
}

public enum NoticeState
{
    None = 0,
    Upcoming = 1,
    Open = 2,
    Closed = 3,
}

public enum CommentStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
}

/// <summary>
/// A resident's comment during a resolution's public notice. Anonymous: it carries neither a name nor an address.
/// Held for moderation; only approved comments appear publicly, with the convener's reply if any.
/// </summary>
public sealed partial class ResolutionComment
{
    public const int TextMaxLength = 1000;
    public const int ReplyMaxLength = 1000;

    private ResolutionComment() { }

    public int Id { get; private set; }

    public int ResolutionId { get; private set; }

    public string Text { get; private set; } = "";

    public CommentStatus Status { get; private set; }

    public string? Reply { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? ModeratedUtc { get; private set; }

    public static ResolutionComment Submit(int resolutionId, string? text, DateTime nowUtc)
    {
        Validate(text);
        return new ResolutionComment { ResolutionId = resolutionId, Text = text!.Trim(), Status = CommentStatus.Pending, CreatedUtc = nowUtc };
    }

    /// <summary>Plain text only: a comment that carries markup or a script is refused, not cleaned and stored.</summary>
    public static void Validate(string? text) =>
        new Validator()
            .Require("Text", text, "Field.Comment")
            .MaxLength("Text", text, TextMaxLength, "Field.Comment")
            .Check(text is null || !Markup().IsMatch(text), "Text", "Comment.NoMarkup")
            .ThrowIfInvalid();

    /// <summary>A moderator's public reply: plain text, as the comment itself.</summary>
    public static void ValidateReply(string? reply) =>
        new Validator().MaxLength("Reply", reply, ReplyMaxLength, "Field.Reply")
            .Check(reply is null || !Markup().IsMatch(reply), "Reply", "Comment.NoMarkup")
            .ThrowIfInvalid();

    public void Moderate(bool approve, string? reply, DateTime nowUtc)
    {
        ValidateReply(reply);
        Status = approve ? CommentStatus.Approved : CommentStatus.Rejected;
        Reply = string.IsNullOrWhiteSpace(reply) ? null : reply.Trim();
        ModeratedUtc = nowUtc;
    }

    // A tag, a comment or a declaration opening as browsers read them: "<b", "</", "<!", "<?"; "a < b" and "<3" stay plain text.
    [GeneratedRegex(@"<[/!?a-zA-Z]|javascript\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();
}
