using System.Linq.Expressions;
using CongressHub.Domain.Common;

namespace CongressHub.Domain.Tracking;

public enum TrackedKind
{
    /// <summary>民意: a resident's opinion, recorded by community staff or submitted on the public form.</summary>
    Opinion = 1,

    /// <summary>代表提问: a delegate's question or proposal in the hall, addressed to a department.</summary>
    Question = 2,

    /// <summary>社区协办: work the street asks a community to help with, as agreed by the congress.</summary>
    Task = 3,

    /// <summary>决议落实: carrying out a resolution the congress adopted.</summary>
    Resolution = 4,

    /// <summary>议事会决定落实: a community residents' council's decision, carried out by the community after its public notice.</summary>
    CouncilDecision = 5,
}

/// <summary>The states of CONTRACTS.md, in order.</summary>
public enum TrackedState
{
    Submitted = 0,
    Accepted = 1,
    Merged = 2,
    Declined = 3,
    Assigned = 4,
    Answered = 5,
    IntentionStated = 6,
    Decided = 7,
    InProgress = 8,
    Done = 9,
    Reported = 10,
    Rated = 11,
}

public enum OpinionCategory
{
    UrbanManagement = 1,
    Sanitation = 2,
    Safety = 3,
    CivilAffairs = 4,
    Utilities = 5,
    Transport = 6,
    Housing = 7,
    Other = 9,
}

/// <summary>The level of government an opinion concerns.</summary>
public enum GovernmentLevel
{
    Street = 1,
    District = 2,
    City = 3,
    Higher = 4,
}

/// <summary>How delegates rate an answer or a result reported back to them.</summary>
public enum Satisfaction
{
    Satisfied = 1,
    BasicallySatisfied = 2,
    NotSatisfied = 3,
}

/// <summary>
/// Something a department or community must carry out, with a traceable life from submission to the rating of its
/// reported result (CONTRACTS.md, <c>TrackedItem</c>): an opinion, a delegate's question, a task for a community.
/// Every move is refused with a reason when the current state does not allow it, and recorded by the service.
/// </summary>
public sealed class TrackedItem
{
    public const int TitleMaxLength = 120;
    public const int TextMaxLength = 4000;
    public const int NoteMaxLength = 2000;

    private TrackedItem() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public TrackedKind Kind { get; private set; }

    public TrackedState State { get; private set; }

    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    public OpinionCategory? Category { get; private set; }

    public GovernmentLevel? Level { get; private set; }

    /// <summary>The community an opinion comes from.</summary>
    public int? CommunityId { get; private set; }

    /// <summary>The month an opinion was collected in (its first day).</summary>
    public DateOnly? Month { get; private set; }

    /// <summary>The resident's name: private, never public.</summary>
    public string? ResidentName { get; private set; }

    /// <summary>The resident's contact: private, never public.</summary>
    public string? ResidentContact { get; private set; }

    /// <summary>
    /// A phone number or e-mail address the resident confirmed with a code to be told when the opinion is answered,
    /// decided and done: kept private, used for this opinion only, and forgotten when it closes.
    /// </summary>
    public string? NotifyContact { get; private set; }

    /// <summary>Whether it may appear on the public follow-up page (without personal data).</summary>
    public bool Publishable { get; private set; }

    /// <summary>True when a resident submitted it on the public form.</summary>
    public bool FromPublic { get; private set; }

    /// <summary>The delegate who asked (a hall question), or through whom a resident's opinion was brought.</summary>
    public int? DelegateId { get; private set; }

    /// <summary>The session it was raised in (a hall question, a task agreed by the congress).</summary>
    public int? SessionId { get; private set; }

    /// <summary>The responsible department, when assigned to one.</summary>
    public int? DepartmentId { get; private set; }

    /// <summary>The responsible community, when assigned to one (tasks).</summary>
    public int? AssignedCommunityId { get; private set; }

    public DateOnly? DueOn { get; private set; }

    public int? MergedIntoId { get; private set; }

    /// <summary>A community's task: the committee request it was assigned from (<see cref="Committee.CommitteeRequest"/>).</summary>
    public int? RequestId { get; private set; }

    public string? DeclineReason { get; private set; }

    public string? Answer { get; private set; }

    public string? Intention { get; private set; }

    public string? Decision { get; private set; }

    public int Progress { get; private set; }

    /// <summary>The session whose follow-up report reported it back.</summary>
    public int? ReportedInSessionId { get; private set; }

    /// <summary>The session in whose hall it was answered, or the leaders stated their intention, on the spot (现场答复).</summary>
    public int? OnTheSpotSessionId { get; private set; }

    /// <summary>The officer who answered or stated the intention on the spot.</summary>
    public int? OnTheSpotOfficerId { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    /// <summary>
    /// The day (in the installation's zone, as <see cref="DueOn"/> is) it first reached <see cref="TrackedState.Answered"/>
    /// or a later state (an intention, a decision, work done), as its history records it: kept on the item so that the
    /// district's on-time rates are counted by the database from an index, without reading histories.
    /// </summary>
    public DateOnly? FirstAnsweredOn { get; private set; }

    /// <summary>The day it first reached <see cref="TrackedState.Done"/> or a later state.</summary>
    public DateOnly? FirstDoneOn { get; private set; }

    public int Version { get; private set; }

    public bool IsClosed => State is TrackedState.Merged or TrackedState.Declined or TrackedState.Rated;

    /// <summary>Still owed: assigned and not yet done (or reported).</summary>
    public bool IsOpenWork => IsOpenWorkState(State);

    public bool IsOverdue(DateOnly today) => IsOverdueOn(State, DueOn, today);

    /// <summary><see cref="IsOverdue"/> of an item read as its columns only.</summary>
    public static bool IsOverdueOn(TrackedState state, DateOnly? dueOn, DateOnly today) => IsOpenWorkState(state) && dueOn is { } due && due < today;

    private static bool IsOpenWorkState(TrackedState state) =>
        state is TrackedState.Assigned or TrackedState.Answered or TrackedState.IntentionStated or TrackedState.Decided or TrackedState.InProgress;

    /// <summary>The states of <see cref="IsOpenWork"/>, for queries.</summary>
    public static readonly TrackedState[] OpenWorkStates =
        [TrackedState.Assigned, TrackedState.Answered, TrackedState.IntentionStated, TrackedState.Decided, TrackedState.InProgress];

    /// <summary><see cref="IsOverdue"/> as a query asks it of the database.</summary>
    public static Expression<Func<TrackedItem, bool>> OverdueOn(DateOnly today) =>
        i => OpenWorkStates.Contains(i.State) && i.DueOn != null && i.DueOn < today;

    public static TrackedItem Opinion(int streetId, OpinionInput input, bool fromPublic, DateTime nowUtc)
    {
        input.Validate();
        return new TrackedItem
        {
            StreetId = streetId,
            Kind = TrackedKind.Opinion,
            State = TrackedState.Submitted,
            Title = TitleOf(input.Text),
            Text = input.Text.Trim(),
            Category = input.Category,
            Level = input.Level,
            CommunityId = input.CommunityId,
            Month = new DateOnly(input.Month.Year, input.Month.Month, 1),
            ResidentName = Blank(input.ResidentName),
            ResidentContact = Blank(input.ResidentContact),
            Publishable = input.Publishable,
            FromPublic = fromPublic,
            DelegateId = input.DelegateId,
            CreatedUtc = nowUtc,
            UpdatedUtc = nowUtc,
        };
    }

    public static TrackedItem Question(int streetId, int sessionId, int delegateId, QuestionInput input, DateTime nowUtc)
    {
        input.Validate();
        return new TrackedItem
        {
            StreetId = streetId,
            Kind = TrackedKind.Question,
            State = TrackedState.Submitted,
            Title = TitleOf(input.Text),
            Text = input.Text.Trim(),
            DelegateId = delegateId,
            SessionId = sessionId,
            DepartmentId = input.DepartmentId,
            Publishable = true,
            CreatedUtc = nowUtc,
            UpdatedUtc = nowUtc,
        };
    }

    /// <summary>A task the congress agreed for one community: assigned at once, organised by the self-governance committee.</summary>
    public static TrackedItem Task(int streetId, int? sessionId, int communityId, TaskInput input, DateTime nowUtc, int? requestId = null)
    {
        input.Validate();
        return new TrackedItem
        {
            RequestId = requestId,
            StreetId = streetId,
            Kind = TrackedKind.Task,
            State = TrackedState.Assigned,
            Title = input.Title.Trim(),
            Text = input.AgreedWay.Trim(),
            SessionId = sessionId,
            AssignedCommunityId = communityId,
            DueOn = input.DueOn,
            Publishable = true,
            CreatedUtc = nowUtc,
            UpdatedUtc = nowUtc,
        };
    }

    /// <summary>
    /// The implementation of an adopted motion: accepted at once (the congress decided it), waiting for a department
    /// or community; private until the resolution is published.
    /// </summary>
    internal static TrackedItem Implementation(int streetId, int sessionId, string title, string text, DateTime nowUtc) => new()
    {
        StreetId = streetId,
        Kind = TrackedKind.Resolution,
        State = TrackedState.Accepted,
        Title = title.Length <= TitleMaxLength ? title : title[..(TitleMaxLength - 1)] + "…",
        Text = text.Length <= TextMaxLength ? text : text[..(TextMaxLength - 1)] + "…",
        SessionId = sessionId,
        Publishable = false,
        CreatedUtc = nowUtc,
        UpdatedUtc = nowUtc,
    };

    /// <summary>
    /// A community residents' council's decision, carried out by the community itself after its public notice: assigned to
    /// it at once, public as the decision is.
    /// </summary>
    internal static TrackedItem CouncilWork(int streetId, int communityId, string title, string text, DateOnly dueOn, DateTime nowUtc) => new()
    {
        StreetId = streetId,
        Kind = TrackedKind.CouncilDecision,
        State = TrackedState.Assigned,
        Title = title.Length <= TitleMaxLength ? title : title[..(TitleMaxLength - 1)] + "…",
        Text = text.Length <= TextMaxLength ? text : text[..(TextMaxLength - 1)] + "…",
        CommunityId = communityId,
        AssignedCommunityId = communityId,
        DueOn = dueOn,
        Publishable = true,
        CreatedUtc = nowUtc,
        UpdatedUtc = nowUtc,
    };

    /// <summary>Work decided by the congress or a residents' council: carried out from assignment on, without an answer or a decision first.</summary>
    public bool IsDecidedWork => Kind is TrackedKind.Task or TrackedKind.Resolution or TrackedKind.CouncilDecision;

    /// <summary>A resolution's implementation becomes public under the resolution's wording as published.</summary>
    internal void MakePublic(string title, string text, DateTime nowUtc)
    {
        Title = title.Length <= TitleMaxLength ? title : title[..(TitleMaxLength - 1)] + "…";
        Text = text.Length <= TextMaxLength ? text : text[..(TextMaxLength - 1)] + "…";
        Publishable = true;
        UpdatedUtc = nowUtc;
        Version++;
    }

    // ---- triage (convener)

    public void Accept(DateTime nowUtc) => Move(TrackedState.Accepted, nowUtc, TrackedState.Submitted);

    public void MergeInto(TrackedItem target, DateTime nowUtc)
    {
        if (target.Id == Id || target.StreetId != StreetId)
        {
            throw DomainException.Because("Tracking.MergeSelf");
        }
        if (target.State is TrackedState.Merged or TrackedState.Declined)
        {
            throw DomainException.Because("Tracking.MergeTargetClosed", target.Title);
        }
        Move(TrackedState.Merged, nowUtc, TrackedState.Submitted, TrackedState.Accepted);
        MergedIntoId = target.Id;
    }

    public void Decline(string? reason, DateTime nowUtc)
    {
        RequireNote(reason, "Reason", "Field.Reason");
        Move(TrackedState.Declined, nowUtc, TrackedState.Submitted, TrackedState.Accepted);
        DeclineReason = reason!.Trim();
    }

    /// <summary>Assigns it to a department or a community with a due date (an accepted opinion, or a hall question at once).</summary>
    public void Assign(int? departmentId, int? communityId, DateOnly dueOn, DateOnly today, DateTime nowUtc)
    {
        if (departmentId is null == communityId is null)
        {
            throw new ValidationFailedException([new FieldError("Responsible", DomainText.Get("Tracking.OneResponsible"))]);
        }
        if (dueOn < today)
        {
            throw new ValidationFailedException([new FieldError("DueOn", DomainText.Get("Tracking.DueInPast"))]);
        }
        var from = Kind == TrackedKind.Question ? new[] { TrackedState.Submitted, TrackedState.Accepted, TrackedState.Assigned } : [TrackedState.Accepted, TrackedState.Assigned];
        Move(TrackedState.Assigned, nowUtc, from);
        (DepartmentId, AssignedCommunityId, DueOn) = (departmentId, communityId, dueOn);
    }

    /// <summary>
    /// The assignee hands an item that is not theirs back to triage with a reason (CONTRACTS: Assigned → Accepted); the
    /// convener then assigns it again.
    /// </summary>
    public void ReturnToTriage(string? reason, DateTime nowUtc)
    {
        RequireNote(reason, "Reason", "Field.Reason");
        Move(TrackedState.Accepted, nowUtc, TrackedState.Assigned);
        (DepartmentId, AssignedCommunityId, DueOn) = (null, null, null);
    }

    // ---- the responsible department or community

    /// <summary>The resident asked to be told about this opinion at a contact they confirmed.</summary>
    public void TellAt(string contact) => NotifyContact = contact;

    /// <summary>The opinion closed: the resident's contact for notices is no longer kept.</summary>
    public void ForgetNotifyContact() => NotifyContact = null;

    public void AnswerWith(string? answer, DateTime nowUtc)
    {
        RequireNote(answer, "Answer", "Field.Answer");
        Move(TrackedState.Answered, nowUtc, TrackedState.Assigned);
        Answer = answer!.Trim();
    }

    /// <summary>The leaders' stated intention when it needs study or approval (当场表态).</summary>
    public void StateIntention(string? intention, DateTime nowUtc)
    {
        RequireNote(intention, "Intention", "Field.Intention");
        Move(TrackedState.IntentionStated, nowUtc, TrackedState.Assigned, TrackedState.Answered);
        Intention = intention!.Trim();
    }

    /// <summary>
    /// Answered by an officer in the hall of <paramref name="sessionId"/> (科室现场答复): the answer as
    /// <see cref="AnswerWith"/> records it, and where and by whom it was given.
    /// </summary>
    public void AnswerOnTheSpot(int sessionId, int officerId, string? answer, DateTime nowUtc)
    {
        AnswerWith(answer, nowUtc);
        (OnTheSpotSessionId, OnTheSpotOfficerId) = (sessionId, officerId);
    }

    /// <summary>A leader's intention stated in the hall (领导表示意向): the item then waits for the decision.</summary>
    public void StateIntentionOnTheSpot(int sessionId, int officerId, string? intention, DateTime nowUtc)
    {
        StateIntention(intention, nowUtc);
        (OnTheSpotSessionId, OnTheSpotOfficerId) = (sessionId, officerId);
    }

    /// <summary>The decision (or the higher level's approval), recorded by the convener or a leading officer.</summary>
    public void Decide(string? decision, DateTime nowUtc)
    {
        RequireNote(decision, "Decision", "Field.Decision");
        Move(TrackedState.Decided, nowUtc, TrackedState.IntentionStated, TrackedState.Answered, TrackedState.Assigned);
        Decision = decision!.Trim();
    }

    /// <summary>Work under way, with how far it has come; may be recorded again as it moves on.</summary>
    public void RecordProgress(int percent, DateTime nowUtc)
    {
        if (percent is < 0 or > 99)
        {
            throw new ValidationFailedException([new FieldError("Progress", DomainText.Get("Validation.Range", DomainText.Get("Field.Progress"), 0, 99))]);
        }
        var from = IsDecidedWork ? new[] { TrackedState.Assigned, TrackedState.InProgress } : [TrackedState.Decided, TrackedState.InProgress];
        Move(TrackedState.InProgress, nowUtc, from);
        Progress = percent;
    }

    public void MarkDone(DateTime nowUtc)
    {
        var from = IsDecidedWork
            ? new[] { TrackedState.Assigned, TrackedState.InProgress }
            : [TrackedState.Answered, TrackedState.Decided, TrackedState.InProgress];
        Move(TrackedState.Done, nowUtc, from);
        Progress = 100;
    }

    // ---- back to the congress

    /// <summary>Reported back at a session's follow-up item: done work, or an answer given.</summary>
    public void ReportIn(int sessionId, DateTime nowUtc)
    {
        Move(TrackedState.Reported, nowUtc, TrackedState.Done, TrackedState.Answered);
        ReportedInSessionId = sessionId;
    }

    /// <summary>Delegates' ratings of the reported result are in: the item's loop is closed.</summary>
    public void CloseRating(DateTime nowUtc) => Move(TrackedState.Rated, nowUtc, TrackedState.Reported);

    private void Move(TrackedState to, DateTime nowUtc, params TrackedState[] from)
    {
        if (!from.Contains(State))
        {
            throw DomainException.Because("Tracking.Refused", Title, State.Label(), to.Label());
        }
        State = to;
        UpdatedUtc = nowUtc;
        Version++;
        if (to >= TrackedState.Answered)
        {
            FirstAnsweredOn ??= SessionTime.Day(nowUtc);
        }
        if (to >= TrackedState.Done)
        {
            FirstDoneOn ??= SessionTime.Day(nowUtc);
        }
    }

    private static void RequireNote(string? note, string field, string fieldKey) =>
        new Validator().Require(field, note, fieldKey).MaxLength(field, note, NoteMaxLength, fieldKey).ThrowIfInvalid();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A short title from the text's first line, for lists.</summary>
    private static string TitleOf(string text)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length <= 40 ? line : line[..40] + "…";
    }
}

/// <summary>One move of an item: who, when, from what to what, and why.</summary>
public sealed class TrackedEvent
{
    private TrackedEvent() { }

    public int Id { get; private set; }

    public int ItemId { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>Who acted as written: older rows hold the account name; empty for a resident on the public form.</summary>
    public string Who { get; private set; } = "";

    /// <summary>The acting account, resolved to a name and post when read; null for older rows and residents.</summary>
    public string? UserId { get; private set; }

    public TrackedState From { get; private set; }

    public TrackedState To { get; private set; }

    /// <summary>Why, as written: a person's words, or a system note in the writer's language (all that older rows have).</summary>
    public string? Note { get; private set; }

    /// <summary>A system note's message key and arguments (<see cref="SystemText"/>), rendered in the reader's language.</summary>
    public string? NoteKey { get; private set; }

    public string? NoteArgs { get; private set; }

    /// <summary>The note in the current UI culture.</summary>
    public string? NoteDisplay => NoteKey is null ? Note : SystemText.Render(NoteKey, NoteArgs, Note);

    public static TrackedEvent Of(int itemId, string who, TrackedState from, TrackedState to, string? note, DateTime nowUtc) =>
        new() { ItemId = itemId, Who = who, From = from, To = to, Note = note, AtUtc = nowUtc };

    /// <summary>A move by a signed-in person; the note is theirs or a system text.</summary>
    public static TrackedEvent By(int itemId, Actor actor, TrackedState from, TrackedState to, TrackedNote? note, DateTime nowUtc)
    {
        var args = note?.Key is null ? null : SystemText.Args(note.Args ?? []);
        return new()
        {
            ItemId = itemId, UserId = actor.UserId, Who = SystemText.Fit(actor.DisplayName ?? actor.UserName ?? "", 120), From = from, To = to, AtUtc = nowUtc,
            Note = note?.Key is { } key ? SystemText.Fit(SystemText.Render(key, args), TrackedItem.NoteMaxLength) : note?.Text, NoteKey = note?.Key, NoteArgs = args,
        };
    }
}

/// <summary>Why a move was made: what a person wrote, or a system text by key and arguments.</summary>
public sealed record TrackedNote(string? Text, string? Key = null, object?[]? Args = null)
{
    public static TrackedNote? Written(string? text) => text is null ? null : new(text);

    public static TrackedNote System(string key, params object?[] args) => new(null, key, args);
}

/// <summary>A delegate's rating of an item reported back at a session's follow-up; one per delegate, item and session.</summary>
public sealed class FollowUpRating
{
    private FollowUpRating() { }

    public int ItemId { get; private set; }

    public int SessionId { get; private set; }

    public int DelegateId { get; private set; }

    public Satisfaction Grade { get; private set; }

    public static FollowUpRating Of(int itemId, int sessionId, int delegateId, Satisfaction grade) =>
        new() { ItemId = itemId, SessionId = sessionId, DelegateId = delegateId, Grade = grade };
}

/// <summary>A community's month marked compiled (汇总上报) by its staff.</summary>
public sealed class MonthCompilation
{
    private MonthCompilation() { }

    public int CommunityId { get; private set; }

    public DateOnly Month { get; private set; }

    public DateTime CompiledUtc { get; private set; }

    public string Who { get; private set; } = "";

    public static MonthCompilation Of(int communityId, DateOnly month, string who, DateTime nowUtc) =>
        new() { CommunityId = communityId, Month = new DateOnly(month.Year, month.Month, 1), Who = who, CompiledUtc = nowUtc };
}

/// <summary>
/// An opinion as recorded or submitted. <paramref name="DelegateId"/>: brought through a delegate (码上见代表, the
/// resident reached the form from the delegate's page); its community is then the delegate's, or none for a delegate
/// elected without a community, whose opinions go straight to the convener's triage.
/// </summary>
public sealed record OpinionInput(int? CommunityId, DateOnly Month, string Text, OpinionCategory Category, GovernmentLevel Level, string? ResidentName, string? ResidentContact, bool Publishable,
    int? DelegateId = null)
{
    public void Validate() =>
        new Validator()
            .Require(nameof(Text), Text, "Field.OpinionText")
            .MaxLength(nameof(Text), Text, TrackedItem.TextMaxLength, "Field.OpinionText")
            .Check(Enum.IsDefined(Category), nameof(Category), "Validation.UnknownCategoryOfOpinion")
            .Check(Enum.IsDefined(Level), nameof(Level), "Validation.UnknownLevel")
            .MaxLength(nameof(ResidentName), ResidentName, 40, "Field.ResidentName")
            .MaxLength(nameof(ResidentContact), ResidentContact, 60, "Field.ResidentContact")
            .ThrowIfInvalid();
}

public sealed record QuestionInput(string Text, int DepartmentId)
{
    public void Validate() =>
        new Validator()
            .Require(nameof(Text), Text, "Field.QuestionText")
            .MaxLength(nameof(Text), Text, TrackedItem.TextMaxLength, "Field.QuestionText")
            .Check(DepartmentId > 0, nameof(DepartmentId), "Validation.ChooseDepartment")
            .ThrowIfInvalid();
}

public sealed record TaskInput(string Title, string AgreedWay, IReadOnlyList<int> CommunityIds, DateOnly DueOn)
{
    public void Validate() =>
        new Validator()
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, TrackedItem.TitleMaxLength, "Field.Title")
            .Require(nameof(AgreedWay), AgreedWay, "Field.AgreedWay")
            .MaxLength(nameof(AgreedWay), AgreedWay, TrackedItem.TextMaxLength, "Field.AgreedWay")
            .Check(CommunityIds.Count > 0, nameof(CommunityIds), "Tracking.NoCommunities")
            .ThrowIfInvalid();
}

public static class TrackingLabels
{
    public static string Label(this TrackedState state) => DomainText.Get("TrackedState." + state);

    public static string Label(this TrackedKind kind) => DomainText.Get("TrackedKind." + kind);

    public static string Label(this OpinionCategory category) => DomainText.Get("OpinionCategory." + category);

    public static string Label(this GovernmentLevel level) => DomainText.Get("GovernmentLevel." + level);

    public static string Label(this Satisfaction grade) => DomainText.Get("Satisfaction." + grade);
}
