using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;

namespace CongressHub.Domain.Resolutions;

/// <summary>Where a published resolution stands, as residents filter by it.</summary>
public enum ResolutionStage
{
    /// <summary>公示中: its public-notice period is open.</summary>
    InNotice = 1,

    /// <summary>待落实: not yet assigned or not yet started.</summary>
    Waiting = 2,

    InProgress = 3,

    Done = 4,

    /// <summary>Reported back to the congress.</summary>
    Reported = 5,
}

public static class ResolutionStages
{
    /// <summary>The stage of carrying it out, from its implementation's state.</summary>
    public static ResolutionStage Of(TrackedState state) => state switch
    {
        TrackedState.Accepted or TrackedState.Assigned => ResolutionStage.Waiting,
        TrackedState.Done => ResolutionStage.Done,
        TrackedState.Reported or TrackedState.Rated => ResolutionStage.Reported,
        _ => ResolutionStage.InProgress,
    };

    public static TrackedState[] States(ResolutionStage stage) => stage switch
    {
        ResolutionStage.Waiting => [TrackedState.Accepted, TrackedState.Assigned],
        ResolutionStage.Done => [TrackedState.Done],
        ResolutionStage.Reported => [TrackedState.Reported, TrackedState.Rated],
        ResolutionStage.InProgress => [TrackedState.Answered, TrackedState.IntentionStated, TrackedState.Decided, TrackedState.InProgress],
        _ => [],
    };

    public static string Label(this ResolutionStage stage) => Common.DomainText.Get("ResolutionStage." + stage);
}

public sealed record ResolutionFilter(string? Search = null, int? Year = null, int? SessionId = null, ResolutionStage? Stage = null);

/// <summary>The vote that adopted it.</summary>
public sealed record ResolutionVote(int Yes, int No, int Abstain, int Present, int All, MajorityRule Rule, bool Secret);

public sealed record ResolutionNotice(NoticeState State, DateOnly? StartsOn, DateOnly? EndsOn, int Received, int Approved, int Rejected, int Pending, string? Outcome);

/// <summary>One step of a resolution's public record: adopted, published, then each move of its implementation.</summary>
public sealed record ResolutionStep(DateTime AtUtc, ResolutionStepKind Kind, TrackedState? To, string? Note);

public enum ResolutionStepKind
{
    Adopted = 1,
    Published = 2,
    Implementation = 3,
}

public sealed record PublicComment(DateTime AtUtc, string Text, string? Reply);

public sealed record PublicResolutionRow(string Number, string Title, string SessionTitle, DateTime SessionUtc, DateTime PublishedUtc,
    ResolutionStage Stage, int Progress, NoticeState Notice, DateOnly? NoticeEndsOn, string? Responsible);

public sealed record PublicResolutionList(string StreetSlug, string StreetName, IReadOnlyList<PublicResolutionRow> Items, int Total, int Page, int PageSize,
    IReadOnlyList<int> Years, IReadOnlyList<(int Id, string Title)> Sessions)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record PublicResolution(string StreetSlug, string StreetName, string Number, string Title, string Text,
    int SessionId, string SessionTitle, DateTime SessionUtc, bool MinutesPublished, ResolutionVote Vote, DateTime AdoptedUtc, DateTime PublishedUtc,
    string? Responsible, DateOnly? DueOn, bool Overdue, ResolutionStage Stage, TrackedState ImplementationState, int Progress,
    IReadOnlyList<ResolutionStep> History, ResolutionNotice Notice, IReadOnlyList<PublicComment> Comments, DateTime UpdatedUtc);

/// <summary>What the street's public home shows of resolutions and sessions.</summary>
public sealed record PublicResolutionsSummary(IReadOnlyList<PublicResolutionRow> Latest, IReadOnlyList<PublicResolutionRow> OpenNotices, NextSession? Next);

public sealed record NextSession(int Id, string Title, DateTime ScheduledUtc, string Place, bool Live);

/// <summary>An Atom entry: a published resolution, or the opening of its public notice.</summary>
public sealed record FeedEntry(string Number, string Title, string Summary, DateTime PublishedUtc, DateTime UpdatedUtc, bool IsNotice, DateOnly? NoticeEndsOn);

/// <param name="Anchor">The street's audit chain head as of last midnight, carried so that feed readers keep a copy outside the database.</param>
public sealed record ResolutionFeed(string StreetSlug, string StreetName, IReadOnlyList<FeedEntry> Entries, DateTime UpdatedUtc, Audit.AuditAnchor? Anchor);

// ---- in the app

public sealed record ResolutionRow(int Id, ResolutionStatus Status, string? Number, string Title, string SessionTitle, DateTime AdoptedUtc, DateTime? PublishedUtc,
    ResolutionStage Stage, NoticeState Notice, int PendingComments);

public sealed record StaffComment(int Id, DateTime AtUtc, string Text, CommentStatus Status, string? Reply, DateTime? ModeratedUtc);

/// <summary>
/// A resolution in the app. <paramref name="Adopted"/> (the motion's wording as adopted) and <paramref name="Versions"/>
/// (each saved wording, oldest first) are the conveners' only: null and empty for everyone else.
/// </summary>
public sealed record ResolutionDetail(int Id, ResolutionStatus Status, string? Number, string Title, string Text, int SessionId, string SessionTitle,
    int VoteId, ResolutionVote Vote, DateTime AdoptedUtc, DateTime? PublishedUtc, int ImplementationId, ResolutionStage Stage, string? Responsible,
    DateOnly? DueOn, ResolutionNotice Notice, IReadOnlyList<StaffComment> Comments, int Version, bool ResultPublished,
    ResolutionWording? Adopted, IReadOnlyList<ResolutionWordingVersion> Versions);

public sealed record ResolutionWording(string Title, string Text);

/// <summary>One saved wording of a draft: who saved it and when.</summary>
public sealed record ResolutionWordingVersion(int Id, DateTime AtUtc, string EditedBy, string Title, string Text);
