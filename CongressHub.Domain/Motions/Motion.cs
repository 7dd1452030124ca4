using CongressHub.Domain.Common;

namespace CongressHub.Domain.Motions;

public enum MotionStatus
{
    Draft = 0,
    Submitted = 1,
    Admitted = 2,
    Adopted = 3,
    Rejected = 4,
    Returned = 5,
    Withdrawn = 6,
}

/// <summary>
/// A text a delegate proposes to the congress (议案): Draft → Submitted → Admitted → Decided (Adopted / Rejected), or
/// Returned / Withdrawn. Its vote is a separate entity; the motion is the text and its path to the agenda.
/// </summary>
public sealed class Motion
{
    public const int TitleMaxLength = 120;
    public const int TextMaxLength = 20_000;
    public const int ReasonMaxLength = 500;

    private Motion() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int TermId { get; private set; }

    public int SponsorId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Markdown; rendered with Markdig and sanitized before it reaches a page.</summary>
    public string Text { get; private set; } = "";

    public MotionStatus Status { get; private set; }

    /// <summary>Why the convener returned it.</summary>
    public string? ReturnReason { get; private set; }

    public int? SessionId { get; private set; }

    public int? AgendaItemId { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? SubmittedUtc { get; private set; }

    public DateTime? DecidedUtc { get; private set; }

    public bool IsDecided => Status is MotionStatus.Adopted or MotionStatus.Rejected;

    public static Motion Draft(int streetId, int termId, int sponsorId, MotionInput input, DateTime nowUtc)
    {
        input.Validate();
        return new Motion
        {
            StreetId = streetId,
            TermId = termId,
            SponsorId = sponsorId,
            Title = input.Title.Trim(),
            Text = input.Text.Trim(),
            Status = MotionStatus.Draft,
            CreatedUtc = nowUtc,
        };
    }

    /// <summary>The sponsor edits a draft, or revises a returned motion (which makes it a draft again).</summary>
    public void Edit(MotionInput input)
    {
        if (Status is not (MotionStatus.Draft or MotionStatus.Returned))
        {
            throw DomainException.Because("Motion.EditNotDraft", Title, Status.Label());
        }
        input.Validate();
        Title = input.Title.Trim();
        Text = input.Text.Trim();
        Status = MotionStatus.Draft;
    }

    /// <summary>Sponsored: other delegates can see and co-sign it now.</summary>
    public void Submit(DateTime nowUtc)
    {
        if (Status != MotionStatus.Draft)
        {
            throw DomainException.Because("Motion.SubmitNotDraft", Title, Status.Label());
        }
        Status = MotionStatus.Submitted;
        SubmittedUtc = nowUtc;
        ReturnReason = null;
    }

    public void RequireCosignable()
    {
        if (Status != MotionStatus.Submitted)
        {
            throw DomainException.Because("Motion.CosignNotSubmitted", Title, Status.Label());
        }
    }

    public void Withdraw()
    {
        if (Status is not (MotionStatus.Draft or MotionStatus.Submitted or MotionStatus.Returned))
        {
            throw DomainException.Because("Motion.WithdrawTooLate", Title, Status.Label());
        }
        Status = MotionStatus.Withdrawn;
    }

    /// <summary>The convener puts it on a session's agenda, once enough delegates have co-signed.</summary>
    public void Admit(int cosigners, int needed, int sessionId, int agendaItemId)
    {
        RequireAdmissible(cosigners, needed);
        Status = MotionStatus.Admitted;
        SessionId = sessionId;
        AgendaItemId = agendaItemId;
    }

    public void RequireAdmissible(int cosigners, int needed)
    {
        if (Status != MotionStatus.Submitted)
        {
            throw DomainException.Because("Motion.AdmitNotSubmitted", Title, Status.Label());
        }
        if (cosigners < needed)
        {
            throw DomainException.Because("Motion.TooFewCosigners", Title, cosigners, needed);
        }
    }

    public void Return(string? reason)
    {
        if (Status != MotionStatus.Submitted)
        {
            throw DomainException.Because("Motion.ReturnNotSubmitted", Title, Status.Label());
        }
        new Validator()
            .Require("Reason", reason, "Field.Reason")
            .MaxLength("Reason", reason, ReasonMaxLength, "Field.Reason")
            .ThrowIfInvalid();
        Status = MotionStatus.Returned;
        ReturnReason = reason!.Trim();
    }

    /// <summary>Set when its vote closes, by the result of that vote.</summary>
    public void Decide(bool adopted, DateTime nowUtc)
    {
        if (Status != MotionStatus.Admitted)
        {
            throw DomainException.Because("Motion.DecideNotAdmitted", Title, Status.Label());
        }
        Status = adopted ? MotionStatus.Adopted : MotionStatus.Rejected;
        DecidedUtc = nowUtc;
    }

    public void RequireVotable()
    {
        if (Status != MotionStatus.Admitted)
        {
            throw DomainException.Because("Motion.NotAdmitted", Title, Status.Label());
        }
    }
}

/// <summary>A delegate's co-signature (附议) of a submitted motion; one per delegate and motion.</summary>
public sealed class Cosignature
{
    private Cosignature() { }

    public int MotionId { get; private set; }

    public int DelegateId { get; private set; }

    public DateTime AtUtc { get; private set; }

    public static Cosignature Of(int motionId, int delegateId, DateTime nowUtc) => new() { MotionId = motionId, DelegateId = delegateId, AtUtc = nowUtc };
}

public sealed record MotionInput(string Title, string Text)
{
    public void Validate() =>
        new Validator()
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, Motion.TitleMaxLength, "Field.Title")
            .Require(nameof(Text), Text, "Field.MotionText")
            .MaxLength(nameof(Text), Text, Motion.TextMaxLength, "Field.MotionText")
            .ThrowIfInvalid();
}

public static class MotionLabels
{
    public static string Label(this MotionStatus status) => DomainText.Get("MotionStatus." + status);
}
