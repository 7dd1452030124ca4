using CongressHub.Domain.Common;

namespace CongressHub.Domain.Directory;

/// <summary>A member of the street residents' congress for one term.</summary>
public sealed class CongressDelegate
{
    private CongressDelegate() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int TermId { get; private set; }

    public string Name { get; private set; } = "";

    public DelegateCategory Category { get; private set; }

    public int? CommunityId { get; private set; }

    public string? Phone { get; private set; }

    /// <summary>The sign-in account (a password account, or a code-only account for a card).</summary>
    public string? UserId { get; private set; }

    public DateTime? RetiredUtc { get; private set; }

    public string? RetiredReason { get; private set; }

    public bool IsRetired => RetiredUtc is not null;

    public static CongressDelegate Create(int streetId, int termId, DelegateInput input)
    {
        input.Validate();
        var d = new CongressDelegate { StreetId = streetId, TermId = termId };
        d.Apply(input);
        return d;
    }

    public void Update(DelegateInput input)
    {
        if (IsRetired)
        {
            throw DomainException.Because("Delegate.RetiredCannotChange", Name);
        }
        input.Validate();
        Apply(input);
    }

    public void LinkAccount(string userId) => UserId = userId;

    /// <summary>Retires the delegate: they stay in the record but no longer count toward quorum.</summary>
    public void Retire(string? reason, DateTime nowUtc)
    {
        if (IsRetired)
        {
            throw DomainException.Because("Delegate.AlreadyRetired", Name);
        }
        var r = reason?.Trim();
        if (r is { Length: > 200 })
        {
            throw new ValidationFailedException([new FieldError("Reason", DomainText.Get("Validation.TooLong", DomainText.Get("Field.Reason"), 200))]);
        }
        RetiredUtc = nowUtc;
        RetiredReason = string.IsNullOrEmpty(r) ? null : r;
    }

    private void Apply(DelegateInput input)
    {
        Name = input.Name.Trim();
        Category = input.Category;
        CommunityId = input.CommunityId;
        Phone = ContactRules.Normalize(input.Phone);
    }
}

public sealed record DelegateInput(string Name, DelegateCategory Category, int? CommunityId, string? Phone)
{
    public void Validate() => Check().ThrowIfInvalid();

    public Validator Check()
    {
        var v = new Validator()
            .Require(nameof(Name), Name, "Field.PersonName")
            .MaxLength(nameof(Name), Name, 40, "Field.PersonName")
            .Check(Enum.IsDefined(Category), nameof(Category), "Validation.UnknownCategory", Category)
            .Check(ContactRules.IsValidPhone(Phone), nameof(Phone), "Validation.Phone", Phone);
        if (Enum.IsDefined(Category) && Category.NeedsCommunity() && CommunityId is null)
        {
            v.Add(nameof(CommunityId), DomainText.Get("Validation.CommunityRequired", Category.Label()));
        }
        return v;
    }
}
