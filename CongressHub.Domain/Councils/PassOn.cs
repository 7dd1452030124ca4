using CongressHub.Domain.Common;

namespace CongressHub.Domain.Councils;

/// <summary>To whom an officer in charge passed something on.</summary>
public enum PassOnTarget
{
    /// <summary>街道领导: the street's leaders.</summary>
    Leaders = 1,

    /// <summary>A named department (科室) of the street.</summary>
    Department = 2,
}

/// <summary>
/// That the officer in charge of a community (包干干部) passed one of its opinions on to the street's leaders or to a
/// department (转呈), with an optional note. A record of its own, apart from the item's moves: it does not change the
/// item's state, and it can later point to a council topic as well.
/// </summary>
public sealed class PassOn
{
    public const int NoteMaxLength = 500;

    private PassOn() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int TrackedItemId { get; private set; }

    /// <summary>The officer in charge who passed it on.</summary>
    public int OfficerId { get; private set; }

    public PassOnTarget To { get; private set; }

    /// <summary>The department, when passed on to one.</summary>
    public int? DepartmentId { get; private set; }

    public string? Note { get; private set; }

    public DateTime WhenUtc { get; private set; }

    /// <summary>Records a pass-on of <paramref name="itemId"/> by <paramref name="officerId"/>; the input is checked first.</summary>
    public static PassOn Of(int streetId, int itemId, int officerId, PassOnInput input, DateTime nowUtc)
    {
        input.Validate();
        return new PassOn
        {
            StreetId = streetId,
            TrackedItemId = itemId,
            OfficerId = officerId,
            To = input.To,
            DepartmentId = input.To == PassOnTarget.Department ? input.DepartmentId : null,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            WhenUtc = nowUtc,
        };
    }
}

/// <summary>Where an officer in charge passes an item on, and what they add.</summary>
public sealed record PassOnInput(PassOnTarget To, int? DepartmentId, string? Note)
{
    public void Validate() =>
        new Validator()
            .Check(Enum.IsDefined(To), nameof(To), "Validation.Required", DomainText.Get("Field.PassOnTo"))
            .Check(To != PassOnTarget.Department || DepartmentId is not null, nameof(DepartmentId), "Validation.UnknownDepartment")
            .MaxLength(nameof(Note), Note, PassOn.NoteMaxLength, "Field.Note")
            .ThrowIfInvalid();
}
