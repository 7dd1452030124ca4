using CongressHub.Domain.Common;

namespace CongressHub.Domain.Committee;

/// <summary>Where a request for communities' help stands with the committee.</summary>
public enum CommitteeRequestState
{
    /// <summary>待商议: sent to the committee, which has not yet agreed how it is done.</summary>
    Submitted = 0,

    /// <summary>已分派: agreed and assigned to communities, whose tasks the committee follows.</summary>
    Assigned = 1,

    /// <summary>已办结: every community's task done, closed with a summary sent back to whoever asked.</summary>
    Closed = 2,

    /// <summary>未采纳: the committee declined it, with its reason.</summary>
    Declined = 3,
}

/// <summary>
/// A department's (or the congress's) request for communities' help (协办请求). It goes to the resident self-governance
/// committee, not straight to the communities (seed 三.2: 自治委员会负责组织社区协办): the committee discusses it, agrees how it is
/// done, assigns it to communities with due dates as tracked tasks, follows them, and closes it with a summary that goes
/// back to the department.
/// </summary>
public sealed class CommitteeRequest
{
    public const int TitleMaxLength = Tracking.TrackedItem.TitleMaxLength;
    public const int TextMaxLength = 2000;
    public const int NoteMaxLength = Tracking.TrackedItem.NoteMaxLength;

    private CommitteeRequest() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    /// <summary>The department asking; none when the congress agreed the work at a session (the convener sends it).</summary>
    public int? DepartmentId { get; private set; }

    /// <summary>The session that agreed the work, when it came from the congress.</summary>
    public int? SessionId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>What is needed from the communities, in the asker's words.</summary>
    public string Need { get; private set; } = "";

    /// <summary>By when the asker needs it done, if they said.</summary>
    public DateOnly? WantedBy { get; private set; }

    /// <summary>Who sent it (their display name), kept as it was.</summary>
    public string RequestedBy { get; private set; } = "";

    public CommitteeRequestState State { get; private set; }

    /// <summary>How the committee agreed it is done; given to each community with its task.</summary>
    public string? AgreedWay { get; private set; }

    /// <summary>The committee's reason for declining, or its summary on closing: what goes back to the asker.</summary>
    public string? Outcome { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public int Version { get; private set; }

    public static CommitteeRequest Submit(int streetId, int? departmentId, string requestedBy, CommitteeRequestInput input, DateTime nowUtc)
    {
        input.Validate();
        return new CommitteeRequest
        {
            StreetId = streetId,
            DepartmentId = departmentId,
            SessionId = input.SessionId,
            Title = input.Title.Trim(),
            Need = input.Need.Trim(),
            WantedBy = input.WantedBy,
            RequestedBy = requestedBy,
            State = CommitteeRequestState.Submitted,
            CreatedUtc = nowUtc,
            UpdatedUtc = nowUtc,
        };
    }

    /// <summary>Agreed and assigned (again, to further communities, while it is being followed).</summary>
    public void Assign(string agreedWay, DateTime nowUtc)
    {
        Require(CommitteeRequestState.Submitted, CommitteeRequestState.Assigned);
        AgreedWay = agreedWay.Trim();
        State = CommitteeRequestState.Assigned;
        Touch(nowUtc);
    }

    public void Decline(string reason, DateTime nowUtc)
    {
        Require(CommitteeRequestState.Submitted);
        new Validator().Require("Outcome", reason, "Field.Reason").MaxLength("Outcome", reason, NoteMaxLength, "Field.Reason").ThrowIfInvalid();
        Outcome = reason.Trim();
        State = CommitteeRequestState.Declined;
        Touch(nowUtc);
    }

    /// <summary>Closed with a summary, once every community's task is done (<paramref name="allDone"/>).</summary>
    public void Close(string summary, bool allDone, DateTime nowUtc)
    {
        Require(CommitteeRequestState.Assigned);
        if (!allDone)
        {
            throw DomainException.Because("CommitteeWork.NotAllDone");
        }
        new Validator().Require("Outcome", summary, "CommitteeWork.Summary").MaxLength("Outcome", summary, NoteMaxLength, "CommitteeWork.Summary").ThrowIfInvalid();
        Outcome = summary.Trim();
        State = CommitteeRequestState.Closed;
        Touch(nowUtc);
    }

    private void Require(params CommitteeRequestState[] states)
    {
        if (!states.Contains(State))
        {
            throw DomainException.Because("CommitteeWork.WrongState", State.Label());
        }
    }

    private void Touch(DateTime nowUtc)
    {
        UpdatedUtc = nowUtc;
        Version++;
    }
}

/// <summary>A line of the committee's discussion of a request (商议记录): who said or agreed what, and when.</summary>
public sealed class CommitteeRequestNote
{
    private CommitteeRequestNote() { }

    public int Id { get; private set; }

    public int RequestId { get; private set; }

    public string Who { get; private set; } = "";

    public string Text { get; private set; } = "";

    public DateTime AtUtc { get; private set; }

    public static CommitteeRequestNote Write(int requestId, string who, string text, DateTime nowUtc)
    {
        new Validator().Require("Text", text, "CommitteeWork.Note").MaxLength("Text", text, CommitteeRequest.NoteMaxLength, "CommitteeWork.Note").ThrowIfInvalid();
        return new CommitteeRequestNote { RequestId = requestId, Who = who, Text = text.Trim(), AtUtc = nowUtc };
    }
}

public sealed record CommitteeRequestInput(string Title, string Need, DateOnly? WantedBy = null, int? DepartmentId = null, int? SessionId = null)
{
    public void Validate() =>
        new Validator()
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, CommitteeRequest.TitleMaxLength, "Field.Title")
            .Require(nameof(Need), Need, "CommitteeWork.Need")
            .MaxLength(nameof(Need), Need, CommitteeRequest.TextMaxLength, "CommitteeWork.Need")
            .ThrowIfInvalid();
}

public static class CommitteeRequestLabels
{
    public static string Label(this CommitteeRequestState state) => DomainText.Get("CommitteeRequestState." + state);
}
