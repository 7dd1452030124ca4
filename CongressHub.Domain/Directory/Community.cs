using CongressHub.Domain.Common;

namespace CongressHub.Domain.Directory;

/// <summary>A neighbourhood of a street with its residents' committee (社区).</summary>
public sealed class Community : INamedRecord
{
    private Community() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public string Name { get; private set; } = "";

    public int SortOrder { get; private set; }

    /// <summary>The street officer in charge of the community (包干干部), who passes its opinions on to the street.</summary>
    public int? OfficerInChargeId { get; private set; }

    public static Community Create(int streetId, NamedInput input)
    {
        input.Validate();
        return new Community { StreetId = streetId, Name = input.Name.Trim(), SortOrder = input.SortOrder };
    }

    /// <summary>
    /// Puts <paramref name="officer"/> in charge of the community, or nobody: an officer of the same street who has not
    /// retired. An officer of another street is reported as unknown, as an id of another street leaks nothing.
    /// </summary>
    public void PutInCharge(Officer? officer)
    {
        if (officer is not null && officer.StreetId != StreetId)
        {
            throw new ValidationFailedException([new FieldError(nameof(OfficerInChargeId), DomainText.Get("Validation.UnknownOfficer"))]);
        }
        if (officer is { IsRetired: true })
        {
            throw new ValidationFailedException([new FieldError(nameof(OfficerInChargeId), DomainText.Get("Charge.OfficerRetired", officer.Name))]);
        }
        OfficerInChargeId = officer?.Id;
    }

    public void Update(NamedInput input)
    {
        input.Validate();
        Name = input.Name.Trim();
        SortOrder = input.SortOrder;
    }
}

/// <summary>A section of the street office (科室).</summary>
public sealed class Department : INamedRecord
{
    private Department() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public string Name { get; private set; } = "";

    public int SortOrder { get; private set; }

    public static Department Create(int streetId, NamedInput input)
    {
        input.Validate();
        return new Department { StreetId = streetId, Name = input.Name.Trim(), SortOrder = input.SortOrder };
    }

    public void Update(NamedInput input)
    {
        input.Validate();
        Name = input.Name.Trim();
        SortOrder = input.SortOrder;
    }
}

/// <summary>A street's record that is just a name and a place in lists: communities and departments.</summary>
public interface INamedRecord
{
    int Id { get; }

    int StreetId { get; }

    string Name { get; }

    void Update(NamedInput input);
}

/// <summary>Input for records that are just a name and a place in the list.</summary>
public sealed record NamedInput(string Name, int SortOrder = 0)
{
    public void Validate() =>
        new Validator()
            .Require(nameof(Name), Name, "Field.Name")
            .MaxLength(nameof(Name), Name, 60, "Field.Name")
            .Check(SortOrder is >= 0 and <= 9999, nameof(SortOrder), "Validation.Range", DomainText.Get("Field.SortOrder"), 0, 9999)
            .ThrowIfInvalid();
}
