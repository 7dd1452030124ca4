using System.Text.RegularExpressions;
using CongressHub.Domain.Common;

namespace CongressHub.Domain.Streets;

/// <summary>The jurisdiction that holds one congress: the tenant of every street-owned record.</summary>
public sealed partial class Street
{
    private Street() { }

    public int Id { get; private set; }

    /// <summary>Short Latin name used in public URLs: <c>/s/{slug}</c>.</summary>
    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public string District { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public static Street Create(StreetInput input, DateTime nowUtc)
    {
        input.Validate();
        var street = new Street { CreatedUtc = nowUtc };
        street.Update(input);
        return street;
    }

    public void Update(StreetInput input)
    {
        input.Validate();
        Slug = input.Slug.Trim().ToLowerInvariant();
        Name = input.Name.Trim();
        NameEn = (input.NameEn ?? "").Trim();
        District = (input.District ?? "").Trim();
    }

    public static bool IsValidSlug(string? slug) => slug is not null && SlugPattern().IsMatch(slug);

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex SlugPattern();
}

public sealed record StreetInput(string Slug, string Name, string? NameEn = null, string? District = null)
{
    public void Validate()
    {
        var v = new Validator();
        v.Require(nameof(Slug), Slug, "Field.Slug");
        if (!string.IsNullOrWhiteSpace(Slug))
        {
            v.Check(Street.IsValidSlug(Slug.Trim().ToLowerInvariant()), nameof(Slug), "Validation.Slug");
        }
        v.Require(nameof(Name), Name, "Field.Name").MaxLength(nameof(Name), Name, 60, "Field.Name");
        v.MaxLength(nameof(NameEn), NameEn, 80, "Field.NameEn");
        v.MaxLength(nameof(District), District, 60, "Field.District");
        v.ThrowIfInvalid();
    }
}
