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

    /// <summary>A member of a community's council: always of that community.</summary>
    public static CongressDelegate CreateMember(int streetId, int councilId, int communityId, CouncilMemberInput input)
    {
        input.Validate();
        var d = new CongressDelegate { StreetId = streetId, TermId = councilId };
        d.ApplyMember(communityId, input);
        return d;
    }

    public void UpdateMember(int communityId, CouncilMemberInput input)
    {
        if (IsRetired)
        {
            throw DomainException.Because("Delegate.RetiredCannotChange", Name);
        }
        input.Validate();
        ApplyMember(communityId, input);
    }

    private void ApplyMember(int communityId, CouncilMemberInput input)
    {
        Name = input.Name.Trim();
        Category = input.Category;
        CommunityId = communityId;
        Phone = ContactRules.Normalize(input.Phone);
    }

    public void LinkAccount(string? userId) => UserId = userId;

    /// <summary>A member's seat on the committee's body, kept in step with the committee by <c>CommitteeService</c>.</summary>
    internal static CongressDelegate CommitteeSeat(int streetId, int bodyId) => new() { StreetId = streetId, TermId = bodyId };

    /// <summary>Copies the member's congress seat (or only their name); a member elected again sits again.</summary>
    internal void CopySeat(string name, DelegateCategory category, string? phone, int? communityId, string? userId)
    {
        (Name, Category, Phone, CommunityId, UserId) = (name, category, phone, communityId, userId);
        (RetiredUtc, RetiredReason) = (null, null);
    }

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
            .Check(DelegateCategories.All.Contains(Category), nameof(Category), "Validation.UnknownCategory", Category)
            .Check(ContactRules.IsValidPhone(Phone), nameof(Phone), "Validation.Phone", Phone);
        if (Enum.IsDefined(Category) && Category.NeedsCommunity() && CommunityId is null)
        {
            v.Add(nameof(CommunityId), DomainText.Get("Validation.CommunityRequired", Category.Label()));
        }
        return v;
    }
}

/// <summary>A member of a community's residents' council; <paramref name="Account"/> is the user name of the member's own account, if any.</summary>
public sealed record CouncilMemberInput(string Name, DelegateCategory Category, string? Phone, string? Account = null)
{
    public void Validate() =>
        new Validator()
            .Require(nameof(Name), Name, "Field.PersonName")
            .MaxLength(nameof(Name), Name, 40, "Field.PersonName")
            .Check(DelegateCategories.Council.Contains(Category), nameof(Category), "Validation.UnknownCategory", Category)
            .Check(ContactRules.IsValidPhone(Phone), nameof(Phone), "Validation.Phone", Phone)
            .ThrowIfInvalid();
}
