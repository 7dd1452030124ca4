using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;

namespace CongressHub.Domain.Sessions;

/// <summary>One point of a session's agenda: Pending → Current → Done, or Skipped.</summary>
public sealed class AgendaItem
{
    private AgendaItem() { }

    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public int Position { get; internal set; }

    public AgendaItemType Type { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Markdown; rendered with Markdig and sanitized before it reaches a page.</summary>
    public string Description { get; private set; } = "";

    public string Presenter { get; private set; } = "";

    public int PlannedMinutes { get; private set; }

    public AgendaItemStatus Status { get; private set; }

    public DateTime? StartedUtc { get; private set; }

    public DateTime? FinishedUtc { get; private set; }

    /// <summary>The motion this item puts to the vote, when it is a motion's item.</summary>
    public int? MotionId { get; private set; }

    /// <summary>The council topic this item of a council meeting discusses or decides.</summary>
    public int? TopicId { get; private set; }

    public static AgendaItem Create(int sessionId, int position, AgendaItemInput input)
    {
        input.Validate();
        var item = new AgendaItem { SessionId = sessionId, Position = position };
        item.Apply(input);
        return item;
    }

    /// <summary>The agenda item of a council topic: titled after it, its description the topic's text.</summary>
    public static AgendaItem ForTopic(int sessionId, int position, Topic topic)
    {
        var item = Create(sessionId, position, new AgendaItemInput(AgendaItemType.Other, topic.Title, topic.Description, topic.ProposerLabel ?? topic.ProposerKind.Label(), 20));
        item.TopicId = topic.Id;
        return item;
    }

    /// <summary>The agenda item of an admitted motion: a motion vote, titled after the motion.</summary>
    public static AgendaItem ForMotion(int sessionId, int position, int motionId, string title, string presenter) =>
        new()
        {
            SessionId = sessionId,
            Position = position,
            MotionId = motionId,
            Type = AgendaItemType.MotionVote,
            Title = title.Length > 120 ? title[..120] : title,
            Presenter = presenter.Length > 60 ? presenter[..60] : presenter,
            PlannedMinutes = 10,
        };

    public void Update(AgendaItemInput input)
    {
        if (Status is AgendaItemStatus.Done or AgendaItemStatus.Skipped)
        {
            throw DomainException.Because("Agenda.ItemClosed", Title);
        }
        input.Validate();
        Apply(input);
    }

    internal void Start(DateTime nowUtc)
    {
        if (Status != AgendaItemStatus.Pending)
        {
            throw DomainException.Because("Agenda.StartNotPending", Title);
        }
        Status = AgendaItemStatus.Current;
        StartedUtc = nowUtc;
    }

    internal void Finish(DateTime nowUtc)
    {
        if (Status != AgendaItemStatus.Current)
        {
            throw DomainException.Because("Agenda.FinishNotCurrent", Title);
        }
        Status = AgendaItemStatus.Done;
        FinishedUtc = nowUtc;
    }

    internal void Skip()
    {
        if (Status != AgendaItemStatus.Pending)
        {
            throw DomainException.Because("Agenda.SkipNotPending", Title);
        }
        Status = AgendaItemStatus.Skipped;
    }

    private void Apply(AgendaItemInput input)
    {
        Type = input.Type;
        Title = input.Title.Trim();
        Description = input.Description?.Trim() ?? "";
        Presenter = input.Presenter?.Trim() ?? "";
        PlannedMinutes = input.PlannedMinutes;
    }
}

public sealed record AgendaItemInput(AgendaItemType Type, string Title, string? Description, string? Presenter, int PlannedMinutes)
{
    public void Validate() =>
        new Validator()
            .Check(Enum.IsDefined(Type), nameof(Type), "Validation.UnknownAgendaType")
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, 120, "Field.Title")
            .MaxLength(nameof(Description), Description, 20_000, "Field.Description")
            .MaxLength(nameof(Presenter), Presenter, 60, "Field.Presenter")
            .Check(PlannedMinutes is >= 1 and <= 480, nameof(PlannedMinutes), "Validation.Range", DomainText.Get("Field.PlannedMinutes"), 1, 480)
            .ThrowIfInvalid();

    /// <summary>
    /// The usual agenda of a session of this kind: a regular session in the seed's order; an annual review opens with
    /// how delegates rate (each released report is added after it); an extraordinary session has none.
    /// </summary>
    public static IReadOnlyList<AgendaItemInput> TemplateFor(SessionKind kind) => kind switch
    {
        SessionKind.Regular => RegularSessionTemplate(),
        SessionKind.AnnualReview => [new(AgendaItemType.Other, DomainText.Get("AgendaTemplate.ReviewIntro"), null, null, 10)],
        _ => [],
    };

    /// <summary>The seed's order for a regular session: last session's follow-up first, motions last (DOMAIN.md).</summary>
    public static IReadOnlyList<AgendaItemInput> RegularSessionTemplate() =>
    [
        new(AgendaItemType.FollowUpReport, DomainText.Get("AgendaTemplate.FollowUp"), null, null, 15),
        new(AgendaItemType.OpinionReport, DomainText.Get("AgendaTemplate.Opinions"), null, null, 15),
        new(AgendaItemType.FloorSpeeches, DomainText.Get("AgendaTemplate.Floor"), null, null, 30),
        new(AgendaItemType.QuestionsAndAnswers, DomainText.Get("AgendaTemplate.Answers"), null, null, 30),
        new(AgendaItemType.Other, DomainText.Get("AgendaTemplate.Intentions"), null, null, 15),
        new(AgendaItemType.Other, DomainText.Get("AgendaTemplate.CommunityWork"), null, null, 20),
        new(AgendaItemType.MotionVote, DomainText.Get("AgendaTemplate.Motions"), null, null, 20),
    ];
}
