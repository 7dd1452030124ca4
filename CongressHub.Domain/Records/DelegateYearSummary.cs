using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Records;

/// <summary>
/// A delegate's own summary of a year of service (年度履职小结), one per year, written by the delegate and shown with
/// their record: plain text, as residents read it on the public page.
/// </summary>
public sealed partial class DelegateYearSummary
{
    public const int TextMaxLength = 2000;

    private DelegateYearSummary() { }

    public int Id { get; private set; }

    public int DelegateId { get; private set; }

    public int Year { get; private set; }

    public string Text { get; private set; } = "";

    public DateTime UpdatedUtc { get; private set; }

    public static DelegateYearSummary Write(int delegateId, int year, string? text, DateTime nowUtc)
    {
        Validate(text);
        return new DelegateYearSummary { DelegateId = delegateId, Year = year, Text = text!.Trim(), UpdatedUtc = nowUtc };
    }

    public void Rewrite(string? text, DateTime nowUtc)
    {
        Validate(text);
        (Text, UpdatedUtc) = (text!.Trim(), nowUtc);
    }

    /// <summary>Required, at most <see cref="TextMaxLength"/> characters, and plain text: markup or a script is refused, not cleaned.</summary>
    public static void Validate(string? text) =>
        new Validator()
            .Require("Text", text, "Field.YearSummary")
            .MaxLength("Text", text, TextMaxLength, "Field.YearSummary")
            .Check(text is null || !Markup().IsMatch(text), "Text", "YearSummary.NoMarkup")
            .ThrowIfInvalid();

    // The same rule as residents' comments (ResolutionComment): "<b", "</", "<!", "<?" or "javascript:"; "a < b" stays text.
    [GeneratedRegex(@"<[/!?a-zA-Z]|javascript\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();
}

internal sealed class DelegateYearSummaryConfiguration : IEntityTypeConfiguration<DelegateYearSummary>
{
    public void Configure(EntityTypeBuilder<DelegateYearSummary> b)
    {
        b.ToTable("DelegateYearSummaries");
        b.Property(x => x.Text).HasMaxLength(DelegateYearSummary.TextMaxLength);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Cascade);
        // One summary a year for a delegate.
        b.HasIndex(x => new { x.DelegateId, x.Year }).IsUnique();
    }
}
