using CongressHub.Domain.Common;

namespace CongressHub.Domain.Directory;

/// <summary>A street leader, department head or assigned cadre (干部).</summary>
public sealed class Officer
{
    private Officer() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Position, e.g. 街道办事处主任.</summary>
    public string Position { get; private set; } = "";

    public int? DepartmentId { get; private set; }

    /// <summary>A street leader may record decisions on behalf of the street's leaders.</summary>
    public bool IsLeader { get; private set; }

    public string? Phone { get; private set; }

    public string? UserId { get; private set; }

    public DateTime? RetiredUtc { get; private set; }

    public bool IsRetired => RetiredUtc is not null;

    public static Officer Create(int streetId, OfficerInput input)
    {
        input.Validate();
        var o = new Officer { StreetId = streetId };
        o.Apply(input);
        return o;
    }

    public void Update(OfficerInput input)
    {
        if (IsRetired)
        {
            throw DomainException.Because("Officer.RetiredCannotChange", Name);
        }
        input.Validate();
        Apply(input);
    }

    public void LinkAccount(string userId) => UserId = userId;

    public void Retire(DateTime nowUtc)
    {
        if (IsRetired)
        {
            throw DomainException.Because("Officer.AlreadyRetired", Name);
        }
        RetiredUtc = nowUtc;
    }

    private void Apply(OfficerInput input)
    {
        Name = input.Name.Trim();
        Position = input.Position.Trim();
        DepartmentId = input.DepartmentId;
        IsLeader = input.IsLeader;
        Phone = ContactRules.Normalize(input.Phone);
    }
}

public sealed record OfficerInput(string Name, string Position, int? DepartmentId, bool IsLeader, string? Phone)
{
    public void Validate() =>
        new Validator()
            .Require(nameof(Name), Name, "Field.PersonName")
            .MaxLength(nameof(Name), Name, 40, "Field.PersonName")
            .Require(nameof(Position), Position, "Field.Position")
            .MaxLength(nameof(Position), Position, 60, "Field.Position")
            .Check(ContactRules.IsValidPhone(Phone), nameof(Phone), "Validation.Phone", Phone)
            .ThrowIfInvalid();
}
