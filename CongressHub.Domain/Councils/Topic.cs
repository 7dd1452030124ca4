using System.Text.RegularExpressions;
using CongressHub.Domain.Common;

namespace CongressHub.Domain.Councils;

/// <summary>Where a topic stands: vetted (accepted, merged, declined or answered), then put on a meeting's agenda and decided there.</summary>
public enum TopicState
{
    /// <summary>Proposed by a resident or the community's staff, waiting to be vetted; residents may support it.</summary>
    Proposed = 1,

    /// <summary>Taken up for a council meeting of the kind named.</summary>
    Accepted = 2,

    /// <summary>Joined another topic of the same community, which carries its supports on.</summary>
    Merged = 3,

    /// <summary>Not taken up, with a public reason.</summary>
    Declined = 4,

    /// <summary>Answered publicly without being taken up (the question is settled by the answer).</summary>
    Answered = 5,

    /// <summary>On the agenda of a council meeting that has been called (<see cref="Topic.SessionId"/>).</summary>
    Scheduled = 6,

    /// <summary>Settled by a decision of the council, published for its notice (<see cref="Topic.DecisionId"/>).</summary>
    Decided = 7,
}

/// <summary>Who proposed a topic, as the proposer says.</summary>
public enum TopicProposer
{
    Resident = 1,

    /// <summary>A member of the community's residents' council.</summary>
    Member = 2,

    /// <summary>A local organisation (a volunteer team, a property management office, a school).</summary>
    Organisation = 3,

    Business = 4,
}

/// <summary>What is typed to propose a topic.</summary>
public sealed record TopicInput(string? Title, string? Description, TopicProposer? ProposerKind, string? ProposerLabel)
{
    public void Validate() => Checked().ThrowIfInvalid();

    /// <summary>The refusals of the input, for a form that adds its own.</summary>
    public Validator Checked() => new Validator()
        .Require("Title", Title, "Field.TopicTitle").MaxLength("Title", Title, Topic.TitleMaxLength, "Field.TopicTitle")
        .Require("Description", Description, "Field.TopicDescription").MaxLength("Description", Description, Topic.DescriptionMaxLength, "Field.TopicDescription")
        .Check(ProposerKind is { } k && Enum.IsDefined(k), "ProposerKind", "Topic.ProposerKindNeeded")
        .MaxLength("ProposerLabel", ProposerLabel, Topic.LabelMaxLength, "Field.ProposerLabel")
        .Check(!Topic.LooksLikeContact(ProposerLabel), "ProposerLabel", "Topic.LabelIsContact");
}

/// <summary>
/// A topic (议题) proposed to a community's residents' council: by a resident on the community's public page, or by the
/// community's staff. The community vets it: takes it up for a meeting, merges it into another topic, declines it with a
/// public reason, or answers it publicly. Residents support (附议) it; enough supports oblige the community to take it
/// up or answer it publicly (<see cref="CouncilOptions.SupportsToAnswer"/>).
/// </summary>
public sealed partial class Topic
{
    public const int TitleMaxLength = 80;
    public const int DescriptionMaxLength = 2000;
    public const int LabelMaxLength = 40;
    public const int ReasonMaxLength = 500;

    private Topic() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int CommunityId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Plain text or Markdown, shown through the sanitizing Markdown helper.</summary>
    public string Description { get; private set; } = "";

    public TopicProposer ProposerKind { get; private set; }

    /// <summary>The proposer's public label ("3号楼居民"), never a phone number or an e-mail address.</summary>
    public string? ProposerLabel { get; private set; }

    /// <summary>Proposed on the public page, without an account.</summary>
    public bool FromPublic { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public TopicState State { get; private set; }

    /// <summary>The meeting an accepted topic goes to.</summary>
    public CouncilMeetingKind? MeetingKind { get; private set; }

    public int? MergedIntoId { get; private set; }

    /// <summary>The council meeting whose agenda it is on, once scheduled.</summary>
    public int? SessionId { get; private set; }

    /// <summary>The council's decision that settled it, once published.</summary>
    public int? DecisionId { get; private set; }

    /// <summary>The public reason of a decline, or the public answer.</summary>
    public string? PublicReason { get; private set; }

    /// <summary>Set by the app on every move, so that two staff vetting one topic at once cannot both win.</summary>
    public int Version { get; private set; }

    /// <summary>A new proposed topic of <paramref name="communityId"/>.</summary>
    public static Topic Propose(int streetId, int communityId, TopicInput input, bool fromPublic, DateTime nowUtc)
    {
        input.Validate();
        return new Topic
        {
            StreetId = streetId, CommunityId = communityId, Title = input.Title!.Trim(), Description = input.Description!.Trim(),
            ProposerKind = input.ProposerKind!.Value, ProposerLabel = string.IsNullOrWhiteSpace(input.ProposerLabel) ? null : input.ProposerLabel.Trim(),
            FromPublic = fromPublic, CreatedUtc = nowUtc, UpdatedUtc = nowUtc, State = TopicState.Proposed,
        };
    }

    /// <summary>Whether residents may still support it: until it is decided or closed otherwise.</summary>
    public bool IsOpen => IsOpenState(State);

    public static bool IsOpenState(TopicState state) => state is TopicState.Proposed or TopicState.Accepted or TopicState.Scheduled;

    /// <summary>Takes it up for a council meeting of <paramref name="kind"/>.</summary>
    public void Accept(CouncilMeetingKind? kind, DateTime nowUtc)
    {
        if (kind is not { } k || !Enum.IsDefined(k))
        {
            throw new ValidationFailedException([new FieldError("MeetingKind", DomainText.Get("Topic.MeetingKindNeeded"))]);
        }
        Move(TopicState.Accepted, nowUtc);
        MeetingKind = k;
    }

    /// <summary>
    /// Puts an accepted topic on the agenda of the council meeting <paramref name="sessionId"/> of <paramref name="kind"/>;
    /// a topic already discussed at an earlier meeting (<paramref name="earlierMeetingOver"/>) may go on to the next one.
    /// </summary>
    public void Schedule(int sessionId, CouncilMeetingKind kind, bool earlierMeetingOver, DateTime nowUtc)
    {
        if (State != TopicState.Accepted && !(State == TopicState.Scheduled && earlierMeetingOver))
        {
            throw DomainException.Because("Topic.NotReadyForMeeting", Title, State.Label());
        }
        State = TopicState.Scheduled;
        SessionId = sessionId;
        MeetingKind = kind;
        Touch(nowUtc);
    }

    /// <summary>Its agenda item was taken off the meeting before it was discussed: it waits for another meeting.</summary>
    public void Unschedule(DateTime nowUtc)
    {
        if (State != TopicState.Scheduled)
        {
            return;
        }
        State = TopicState.Accepted;
        SessionId = null;
        Touch(nowUtc);
    }

    /// <summary>Settled by the published decision <paramref name="decisionId"/>; a topic not yet on an agenda may be decided too.</summary>
    public void Decide(int decisionId, DateTime nowUtc)
    {
        if (State is not (TopicState.Accepted or TopicState.Scheduled))
        {
            throw DomainException.Because("Topic.Refused", Title, State.Label(), TopicState.Decided.Label());
        }
        State = TopicState.Decided;
        DecisionId = decisionId;
        Touch(nowUtc);
    }

    /// <summary>Joins <paramref name="target"/>, another open topic of the same community.</summary>
    public void MergeInto(Topic target, DateTime nowUtc)
    {
        if (target.Id == Id || target.CommunityId != CommunityId || target.StreetId != StreetId)
        {
            throw new ValidationFailedException([new FieldError("TargetId", DomainText.Get("Topic.MergeOther"))]);
        }
        if (!target.IsOpen)
        {
            throw new ValidationFailedException([new FieldError("TargetId", DomainText.Get("Topic.MergeTargetClosed", target.Title))]);
        }
        Move(TopicState.Merged, nowUtc);
        MergedIntoId = target.Id;
    }

    /// <summary>Declines it; the reason is shown publicly.</summary>
    public void Decline(string? reason, DateTime nowUtc)
    {
        RequireReason(reason, "Field.DeclineReason");
        Move(TopicState.Declined, nowUtc);
        PublicReason = reason!.Trim();
    }

    /// <summary>Answers it publicly without taking it up; the answer is shown publicly.</summary>
    public void Answer(string? answer, DateTime nowUtc)
    {
        RequireReason(answer, "Field.PublicAnswer");
        Move(TopicState.Answered, nowUtc);
        PublicReason = answer!.Trim();
    }

    /// <summary>A label that holds an e-mail address or a run of digits a phone number could be.</summary>
    public static bool LooksLikeContact(string? label) =>
        !string.IsNullOrWhiteSpace(label) && (label.Contains('@', StringComparison.Ordinal) || PhoneLike().IsMatch(label));

    private void Move(TopicState to, DateTime nowUtc)
    {
        if (State != TopicState.Proposed)
        {
            throw DomainException.Because("Topic.Refused", Title, State.Label(), to.Label());
        }
        State = to;
        Touch(nowUtc);
    }

    private void Touch(DateTime nowUtc)
    {
        UpdatedUtc = nowUtc;
        Version++;
    }

    private static void RequireReason(string? reason, string fieldKey) =>
        new Validator().Require("Reason", reason, fieldKey).MaxLength("Reason", reason, ReasonMaxLength, fieldKey).ThrowIfInvalid();

    [GeneratedRegex(@"\d[\d\s\-]{5,}\d")]
    private static partial Regex PhoneLike();
}

/// <summary>
/// One resident's support (附议) of a topic: only a keyed hash of the confirmed phone or e-mail address
/// (<see cref="TopicService"/>), so that one address supports a topic once and the address itself is never kept.
/// </summary>
public sealed class TopicSupport
{
    private TopicSupport() { }

    public int Id { get; private set; }

    public int TopicId { get; private set; }

    /// <summary>HMAC-SHA256 of the street and the normalized address, in hex, under a key derived from the secrecy key file.</summary>
    public string ContactHash { get; private set; } = "";

    public static TopicSupport Of(int topicId, string contactHash) => new() { TopicId = topicId, ContactHash = contactHash };

    /// <summary>Moves to the topic this one's was merged into.</summary>
    internal void MoveTo(int topicId) => TopicId = topicId;
}

public static class TopicLabels
{
    public static string Label(this TopicState state) => DomainText.Get("TopicState." + state);

    public static string Label(this TopicProposer kind) => DomainText.Get("TopicProposer." + kind);

    public static string Label(this CouncilMeetingKind kind) => DomainText.Get("CouncilMeetingKind." + kind);
}
