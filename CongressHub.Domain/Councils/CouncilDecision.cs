using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Tracking;

namespace CongressHub.Domain.Councils;

/// <summary>Where a council's decision stands. <see cref="NoticeEnded"/> is never stored: an open notice past its end reads as ended.</summary>
public enum CouncilDecisionState
{
    /// <summary>Written by community staff or the convener; never shown publicly.</summary>
    Draft = 0,

    /// <summary>公示中: public on the community's page; residents comment.</summary>
    InNotice = 1,

    /// <summary>公示期满: waiting to be carried out or sent up to the street.</summary>
    NoticeEnded = 2,

    /// <summary>落实: the community carries it out as a tracked item.</summary>
    CarriedOut = 3,

    /// <summary>上报: what needs the street went up as an opinion, with the decision's history.</summary>
    SentUp = 4,
}

/// <summary>
/// What a community residents' council decided at its decision meeting (议事决策会): publicly noticed (公示) on the
/// community's page for 1–30 days, with moderated comments, then carried out by the community as a
/// <see cref="TrackedItem"/> of kind <see cref="TrackedKind.CouncilDecision"/>, or sent up to the street as an opinion.
/// A notice, once started, runs its full period: there is no ending it early.
/// </summary>
public sealed class CouncilDecision
{
    public const int TitleMaxLength = 80;
    public const int TextMaxLength = 20_000;
    public const int DefaultNoticeDays = 7;
    public const int MinNoticeDays = 1;
    public const int MaxNoticeDays = 30;

    private CouncilDecision() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int CommunityId { get; private set; }

    /// <summary>The council's decision meeting, when it was held in the app.</summary>
    public int? SessionId { get; private set; }

    public int? VoteId { get; private set; }

    /// <summary>The council's topic it settles (topics are kept by the council's own records).</summary>
    public int? TopicId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Markdown, rendered sanitized.</summary>
    public string Text { get; private set; } = "";

    public DateOnly DecidedOn { get; private set; }

    /// <summary>The length of the public notice, in days; the period starts when it is published.</summary>
    public int NoticeDays { get; private set; } = DefaultNoticeDays;

    public DateTime? NoticeStartsUtc { get; private set; }

    public DateTime? NoticeEndsUtc { get; private set; }

    /// <summary>The stored state; read <see cref="StateAt"/> for what it is now.</summary>
    public CouncilDecisionState State { get; private set; }

    /// <summary>The tracked item it became: the community's work, or the opinion sent up to the street.</summary>
    public int? TrackedItemId { get; private set; }

    public TrackedItem? TrackedItem { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    /// <summary>When it was carried out or sent up.</summary>
    public DateTime? ClosedUtc { get; private set; }

    public int Version { get; private set; }

    public bool IsPublished => State != CouncilDecisionState.Draft;

    public CouncilDecisionState StateAt(DateTime nowUtc) =>
        State == CouncilDecisionState.InNotice && NoticeEndsUtc is { } end && nowUtc >= end ? CouncilDecisionState.NoticeEnded : State;

    public static CouncilDecision Draft(int streetId, int communityId, CouncilDecisionInput input, DateOnly today, DateTime nowUtc)
    {
        var d = new CouncilDecision { StreetId = streetId, CommunityId = communityId, State = CouncilDecisionState.Draft, CreatedUtc = nowUtc };
        d.Apply(input, today);
        return d;
    }

    /// <summary>Changes a draft; refused once it is in notice.</summary>
    public void Edit(CouncilDecisionInput input, DateOnly today)
    {
        if (State != CouncilDecisionState.Draft)
        {
            throw DomainException.Because("CouncilDecision.NotDraft", Title);
        }
        Apply(input, today);
        Version++;
    }

    /// <summary>Publishes the draft on the community's page: its notice period starts now and runs <see cref="NoticeDays"/> days.</summary>
    public void Publish(DateTime nowUtc)
    {
        if (State != CouncilDecisionState.Draft)
        {
            throw DomainException.Because("CouncilDecision.AlreadyPublished", Title);
        }
        State = CouncilDecisionState.InNotice;
        NoticeStartsUtc = nowUtc;
        NoticeEndsUtc = nowUtc.AddDays(NoticeDays);
        Version++;
    }

    /// <summary>After the notice: the community carries it out as <paramref name="work"/>.</summary>
    public void CarryOut(TrackedItem work, DateTime nowUtc) => Close(CouncilDecisionState.CarriedOut, work, nowUtc);

    /// <summary>After the notice: what needs the street goes up as <paramref name="opinion"/>.</summary>
    public void SendUp(TrackedItem opinion, DateTime nowUtc) => Close(CouncilDecisionState.SentUp, opinion, nowUtc);

    /// <summary>Refuses a move after the notice while the notice still runs, or once the decision was carried out or sent up.</summary>
    public void RequireNoticeEnded(DateTime nowUtc)
    {
        switch (StateAt(nowUtc))
        {
            case CouncilDecisionState.Draft:
                throw DomainException.Because("CouncilDecision.NotPublished", Title);
            case CouncilDecisionState.InNotice:
                throw DomainException.Because("CouncilDecision.NoticeRunning", Title, SessionTime.FormatDateTime(NoticeEndsUtc!.Value));
            case CouncilDecisionState.CarriedOut or CouncilDecisionState.SentUp:
                throw DomainException.Because("CouncilDecision.AlreadyClosed", Title);
        }
    }

    /// <summary>Refuses a resident's comment outside the notice period.</summary>
    public void RequireOpenNotice(DateTime nowUtc)
    {
        if (StateAt(nowUtc) != CouncilDecisionState.InNotice)
        {
            throw DomainException.Because("CouncilDecision.CommentsClosed", Title);
        }
    }

    /// <summary>Refuses a change made on a screen that showed an older version than the stored one.</summary>
    public void EnsureVersion(int expected)
    {
        if (expected != Version)
        {
            throw DomainException.Because("CouncilDecision.Conflict");
        }
    }

    private void Close(CouncilDecisionState to, TrackedItem item, DateTime nowUtc)
    {
        RequireNoticeEnded(nowUtc);
        State = to;
        TrackedItem = item;
        ClosedUtc = nowUtc;
        Version++;
    }

    private void Apply(CouncilDecisionInput input, DateOnly today)
    {
        input.Validate(today);
        Title = input.Title!.Trim();
        Text = input.Text!.Trim();
        DecidedOn = input.DecidedOn!.Value;
        NoticeDays = input.NoticeDays;
        (SessionId, VoteId, TopicId) = (input.SessionId, input.VoteId, input.TopicId);
    }
}

/// <summary>What community staff write of a decision: its title and text, the day it was decided and how long its notice runs.</summary>
public sealed record CouncilDecisionInput(string? Title, string? Text, DateOnly? DecidedOn, int NoticeDays = CouncilDecision.DefaultNoticeDays,
    int? SessionId = null, int? VoteId = null, int? TopicId = null)
{
    public void Validate(DateOnly today) =>
        new Validator()
            .Require(nameof(Title), Title, "Field.DecisionTitle")
            .MaxLength(nameof(Title), Title, CouncilDecision.TitleMaxLength, "Field.DecisionTitle")
            .Require(nameof(Text), Text, "Field.DecisionText")
            .MaxLength(nameof(Text), Text, CouncilDecision.TextMaxLength, "Field.DecisionText")
            .Check(DecidedOn is not null, nameof(DecidedOn), "Validation.Required", DomainText.Get("Field.DecidedOn"))
            .Check(DecidedOn is null || DecidedOn <= today, nameof(DecidedOn), "CouncilDecision.DecidedInFuture")
            .Check(NoticeDays is >= CouncilDecision.MinNoticeDays and <= CouncilDecision.MaxNoticeDays, nameof(NoticeDays), "Validation.Range",
                DomainText.Get("Field.NoticeDays"), CouncilDecision.MinNoticeDays, CouncilDecision.MaxNoticeDays)
            .ThrowIfInvalid();
}

/// <summary>
/// A resident's comment during a council decision's public notice, kept by the rules of <see cref="ResolutionComment"/>:
/// anonymous, plain text only, held for moderation, shown publicly only once approved.
/// </summary>
public sealed class CouncilDecisionComment
{
    private CouncilDecisionComment() { }

    public int Id { get; private set; }

    public int DecisionId { get; private set; }

    public string Text { get; private set; } = "";

    public CommentStatus Status { get; private set; }

    public string? Reply { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? ModeratedUtc { get; private set; }

    public static CouncilDecisionComment Submit(int decisionId, string? text, DateTime nowUtc)
    {
        ResolutionComment.Validate(text);
        return new CouncilDecisionComment { DecisionId = decisionId, Text = text!.Trim(), Status = CommentStatus.Pending, CreatedUtc = nowUtc };
    }

    public void Moderate(bool approve, string? reply, DateTime nowUtc)
    {
        ResolutionComment.ValidateReply(reply);
        Status = approve ? CommentStatus.Approved : CommentStatus.Rejected;
        Reply = string.IsNullOrWhiteSpace(reply) ? null : reply.Trim();
        ModeratedUtc = nowUtc;
    }
}
