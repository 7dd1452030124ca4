using CongressHub.Domain.Common;

namespace CongressHub.Domain.Sessions;

/// <summary>A sitting of the congress: Draft → Published → Live → Adjourned → MinutesPublished.</summary>
public sealed class Session
{
    private Session() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    /// <summary>The voting body the session belongs to: a congress term or a community council.</summary>
    public int TermId { get; private set; }

    /// <summary>The community whose council meets; null for a sitting of the street congress.</summary>
    public int? CommunityId { get; private set; }

    public bool IsCouncilMeeting => CommunityId is not null;

    /// <summary>A meeting of the self-governance committee (its own term, no community).</summary>
    public bool IsCommitteeMeeting => Kind == SessionKind.CommitteeMeeting;

    /// <summary>A sitting of the street congress: not a council's nor the committee's meeting.</summary>
    public bool IsCongressSitting => !IsCouncilMeeting && !IsCommitteeMeeting;

    public SessionKind Kind { get; private set; }

    public string Title { get; private set; } = "";

    public DateTime ScheduledUtc { get; private set; }

    public string Place { get; private set; } = "";

    public SessionStatus Status { get; private set; }

    public int? CurrentItemId { get; private set; }

    /// <summary>The delegate's question the convener has put up on the projector.</summary>
    public int? ShownQuestionId { get; private set; }

    public DateTime? StartedUtc { get; private set; }

    public DateTime? AdjournedUtc { get; private set; }

    /// <summary>Seconds a speaker may speak unless the convener sets otherwise for a turn.</summary>
    public int SpeakingLimitSeconds { get; private set; } = 180;

    /// <summary>The secret in the projector link; a new one revokes the old link.</summary>
    public string ProjectorToken { get; private set; } = "";

    public string MinutesMarkdown { get; private set; } = "";

    /// <summary>When a leader signed the minutes off (签发), which publishes them.</summary>
    public DateTime? MinutesPublishedUtc { get; private set; }

    /// <summary>When the convener sent the minutes to the street's leaders for sign-off; null while they are being written.</summary>
    public DateTime? MinutesSubmittedUtc { get; private set; }

    /// <summary>The leader who signed the minutes off, as printed under them ("街道办事处主任 王建国").</summary>
    public string MinutesSignedOffBy { get; private set; } = "";

    /// <summary>Why a leader sent the minutes back to the convener; cleared when they are sent again.</summary>
    public string MinutesReturnNote { get; private set; } = "";

    public const int MinutesMaxLength = 100_000;
    public const int ReturnNoteMaxLength = 500;

    /// <summary>Set by the application on every change, so two conveners editing at once are told, not overwritten.</summary>
    public int Version { get; private set; }

    /// <summary>A draft session of a voting body: a council's kinds for a council, the committee's for the committee, else the congress's.</summary>
    public static Session Create(int streetId, int termId, SessionInput input, int? councilOf = null, bool ofCommittee = false)
    {
        input.Validate();
        if (input.Kind.IsCouncilMeeting() != councilOf is not null || input.Kind.IsCommitteeMeeting() != ofCommittee)
        {
            throw new ValidationFailedException([new FieldError(nameof(SessionInput.Kind), DomainText.Get("Validation.UnknownSessionKind"))]);
        }
        var s = new Session { StreetId = streetId, TermId = termId, CommunityId = councilOf, Status = SessionStatus.Draft, ProjectorToken = NewToken() };
        s.Apply(input);
        return s;
    }

    public void Update(SessionInput input)
    {
        if (Status is SessionStatus.Adjourned or SessionStatus.MinutesPublished)
        {
            throw DomainException.Because("Session.Over", Title);
        }
        input.Validate();
        if (input.Kind.IsCouncilMeeting() != IsCouncilMeeting || input.Kind.IsCommitteeMeeting() != IsCommitteeMeeting)
        {
            throw new ValidationFailedException([new FieldError(nameof(SessionInput.Kind), DomainText.Get("Validation.UnknownSessionKind"))]);
        }
        Apply(input);
        Touch();
    }

    public bool DoorsOpen => Status is SessionStatus.Published or SessionStatus.Live;

    public bool IsLive => Status == SessionStatus.Live;

    public void Publish(int itemCount)
    {
        if (Status != SessionStatus.Draft)
        {
            throw DomainException.Because("Session.PublishNotDraft", Title);
        }
        if (itemCount == 0)
        {
            throw DomainException.Because("Session.PublishEmpty", Title);
        }
        Status = SessionStatus.Published;
        Touch();
    }

    public void Start(DateTime nowUtc)
    {
        if (Status != SessionStatus.Published)
        {
            throw DomainException.Because("Session.StartNotPublished", Title);
        }
        Status = SessionStatus.Live;
        StartedUtc = nowUtc;
        Touch();
    }

    public void Adjourn(DateTime nowUtc)
    {
        if (Status != SessionStatus.Live)
        {
            throw DomainException.Because("Session.NotLive", Title);
        }
        Status = SessionStatus.Adjourned;
        AdjournedUtc = nowUtc;
        CurrentItemId = null;
        ShownQuestionId = null;
        Touch();
    }

    /// <summary>Keeps the convener's text; true when it differs from what was kept before (a new version).</summary>
    public bool SaveMinutes(string markdown)
    {
        if (Status != SessionStatus.Adjourned)
        {
            throw DomainException.Because(Status == SessionStatus.MinutesPublished ? "Session.MinutesSignedOff" : "Session.MinutesNotAdjourned", Title);
        }
        if (MinutesSubmittedUtc is not null)
        {
            throw DomainException.Because("Session.MinutesWithLeaders");
        }
        if (markdown.Length > MinutesMaxLength)
        {
            throw new ValidationFailedException([new FieldError("Minutes", DomainText.Get("Validation.TooLong", DomainText.Get("Field.Minutes"), MinutesMaxLength))]);
        }
        if (markdown == MinutesMarkdown)
        {
            return false;
        }
        MinutesMarkdown = markdown;
        Touch();
        return true;
    }

    /// <summary>The convener sends the minutes to the street's leaders for sign-off; the text is fixed until they answer.</summary>
    public void SubmitMinutes(DateTime nowUtc)
    {
        if (Status != SessionStatus.Adjourned)
        {
            throw DomainException.Because(Status == SessionStatus.MinutesPublished ? "Session.MinutesSignedOff" : "Session.MinutesNotAdjourned", Title);
        }
        if (string.IsNullOrWhiteSpace(MinutesMarkdown))
        {
            throw DomainException.Because("Session.MinutesEmpty");
        }
        if (MinutesSubmittedUtc is not null)
        {
            throw DomainException.Because("Session.MinutesWithLeaders");
        }
        MinutesSubmittedUtc = nowUtc;
        MinutesReturnNote = "";
        Touch();
    }

    /// <summary>The minutes come back for editing: the convener takes them back (no note) or a leader returns them with one.</summary>
    public void ReturnMinutes(string note)
    {
        if (Status != SessionStatus.Adjourned || MinutesSubmittedUtc is null)
        {
            throw DomainException.Because("Session.MinutesNotWithLeaders");
        }
        if (note.Length > ReturnNoteMaxLength)
        {
            throw new ValidationFailedException([new FieldError("Note", DomainText.Get("Validation.TooLong", DomainText.Get("Field.ReturnNote"), ReturnNoteMaxLength))]);
        }
        MinutesSubmittedUtc = null;
        MinutesReturnNote = note;
        Touch();
    }

    /// <summary>A leader signs the minutes off (签发): they are published as they were sent.</summary>
    public void SignOffMinutes(string signer, DateTime nowUtc)
    {
        if (Status == SessionStatus.MinutesPublished)
        {
            throw DomainException.Because("Session.MinutesSignedOff", Title);
        }
        if (Status != SessionStatus.Adjourned)
        {
            throw DomainException.Because("Session.MinutesNotAdjourned", Title);
        }
        if (MinutesSubmittedUtc is null)
        {
            throw DomainException.Because("Session.MinutesNotWithLeaders");
        }
        Status = SessionStatus.MinutesPublished;
        MinutesPublishedUtc = nowUtc;
        MinutesSignedOffBy = signer;
        Touch();
    }

    public void SetSpeakingLimit(int seconds)
    {
        if (seconds is < 30 or > 3600)
        {
            throw new ValidationFailedException([new FieldError("SpeakingLimit", DomainText.Get("Validation.Range", DomainText.Get("Field.SpeakingLimit"), 30, 3600))]);
        }
        SpeakingLimitSeconds = seconds;
        Touch();
    }

    /// <summary>Makes an item current (or none); a hall question on the projector belonged to the item before and comes down.</summary>
    internal void SetCurrentItem(int? itemId)
    {
        if (itemId != CurrentItemId)
        {
            ShownQuestionId = null;
        }
        CurrentItemId = itemId;
        Touch();
    }

    public void ShowQuestion(int? questionId)
    {
        ShownQuestionId = questionId;
        Touch();
    }

    public void RenewProjectorToken()
    {
        ProjectorToken = NewToken();
        Touch();
    }

    /// <summary>Refuses the change when the convener's screen showed an older version than the stored one.</summary>
    public void EnsureVersion(int expected)
    {
        if (expected != Version)
        {
            throw DomainException.Because("Session.Conflict");
        }
    }

    public void RequireAgendaEditable()
    {
        if (Status is SessionStatus.Adjourned or SessionStatus.MinutesPublished)
        {
            throw DomainException.Because("Session.Over", Title);
        }
    }

    public void Touch() => Version++;

    private void Apply(SessionInput input)
    {
        Kind = input.Kind;
        Title = input.Title.Trim();
        ScheduledUtc = DateTime.SpecifyKind(input.ScheduledUtc, DateTimeKind.Utc);
        Place = input.Place.Trim();
    }

    private static string NewToken() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}

public sealed record SessionInput(SessionKind Kind, string Title, DateTime ScheduledUtc, string Place)
{
    public void Validate() =>
        new Validator()
            .Check(Enum.IsDefined(Kind), nameof(Kind), "Validation.UnknownSessionKind")
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, 80, "Field.Title")
            .Require(nameof(Place), Place, "Field.Place")
            .MaxLength(nameof(Place), Place, 80, "Field.Place")
            .ThrowIfInvalid();
}
