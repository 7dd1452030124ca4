using CongressHub.Domain.Common;

namespace CongressHub.Domain.Districts;

/// <summary>What the district did with a street (区级检查、评定、表彰).</summary>
public enum InspectionKind
{
    /// <summary>检查: an inspection of the street's congress work, with findings.</summary>
    Inspection = 1,

    /// <summary>评定: an evaluation with a grade.</summary>
    Evaluation = 2,

    /// <summary>表彰: a commendation.</summary>
    Commendation = 3,
}

/// <summary>The grade of an evaluation (评定等次).</summary>
public enum InspectionGrade
{
    Excellent = 1,
    Good = 2,
    Adequate = 3,
    Poor = 4,
}

/// <summary>
/// A district's inspection, evaluation or commendation of one of its streets, with its findings in Markdown. It is
/// public: the street's public home and its convener's overview show it.
/// </summary>
public sealed class Inspection
{
    public const int TitleMaxLength = 120;
    public const int FindingsMaxLength = 4000;

    private Inspection() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    /// <summary>The district that recorded it, as its streets name it.</summary>
    public string District { get; private set; } = "";

    public InspectionKind Kind { get; private set; }

    /// <summary>An evaluation's grade; null for an inspection or a commendation.</summary>
    public InspectionGrade? Grade { get; private set; }

    public string Title { get; private set; } = "";

    public string Findings { get; private set; } = "";

    /// <summary>The day it took place, in the street's calendar.</summary>
    public DateOnly HeldOn { get; private set; }

    /// <summary>Who recorded it, as the district's account is named.</summary>
    public string RecordedBy { get; private set; } = "";

    public DateTime RecordedUtc { get; private set; }

    public static Inspection Record(string district, InspectionInput input, string recordedBy, DateOnly today, DateTime nowUtc)
    {
        input.Validate(today);
        return new Inspection
        {
            StreetId = input.StreetId,
            District = district,
            Kind = input.Kind,
            Grade = input.Kind == InspectionKind.Evaluation ? input.Grade : null,
            Title = input.Title.Trim(),
            Findings = input.Findings.Trim(),
            HeldOn = input.HeldOn,
            RecordedBy = recordedBy,
            RecordedUtc = nowUtc,
        };
    }
}

public sealed record InspectionInput(int StreetId, InspectionKind Kind, string Title, string Findings, DateOnly HeldOn, InspectionGrade? Grade = null)
{
    public void Validate(DateOnly today) =>
        new Validator()
            .Check(StreetId > 0, nameof(StreetId), "Validation.InspectionStreet")
            .Check(Enum.IsDefined(Kind), nameof(Kind), "Validation.UnknownInspectionKind")
            .Require(nameof(Title), Title, "Field.Title")
            .MaxLength(nameof(Title), Title, Inspection.TitleMaxLength, "Field.Title")
            .Require(nameof(Findings), Findings, "Field.Findings")
            .MaxLength(nameof(Findings), Findings, Inspection.FindingsMaxLength, "Field.Findings")
            .Check(HeldOn <= today, nameof(HeldOn), "Validation.InspectionInFuture")
            .Check(HeldOn.Year >= 2000, nameof(HeldOn), "Validation.InspectionTooEarly")
            .Check(Kind != InspectionKind.Evaluation || Grade is { } g && Enum.IsDefined(g), nameof(Grade), "Validation.InspectionGrade")
            .ThrowIfInvalid();
}

public static class InspectionLabels
{
    public static string Label(this InspectionKind kind) => DomainText.Get("InspectionKind." + kind);

    public static string Label(this InspectionGrade grade) => DomainText.Get("InspectionGrade." + grade);
}
