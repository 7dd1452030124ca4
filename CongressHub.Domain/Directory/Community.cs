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

    public static Community Create(int streetId, NamedInput input)
    {
        input.Validate();
        return new Community { StreetId = streetId, Name = input.Name.Trim(), SortOrder = input.SortOrder };
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
