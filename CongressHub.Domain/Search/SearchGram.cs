using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Search;

/// <summary>Which records a gram belongs to.</summary>
public enum SearchKind
{
    /// <summary>
    /// Not a record: the one row (street 0, item 0, gram "") that says the index is still to be filled from the records,
    /// which a migration adds to a new or upgraded database and the start removes once the index is filled.
    /// </summary>
    ToFill = 0,

    /// <summary>A resolution (<see cref="Resolutions.Resolution"/>): its title, text and number.</summary>
    Resolution = 1,

    /// <summary>A tracked item (<see cref="Tracking.TrackedItem"/>): its text, answer and decision.</summary>
    TrackedItem = 2,
}

/// <summary>
/// One row of the search index (table <c>SearchGrams</c>): record <see cref="ItemId"/> of <see cref="Kind"/> in street
/// <see cref="StreetId"/> has <see cref="Gram"/> in its searched texts, as <see cref="SearchText.Grams"/> cuts them.
/// The key (StreetId, Kind, Gram, ItemId) is the only index: a search reads the items of one street that have a gram,
/// or a gram starting with a character, from it alone. The app keeps the table in step with the records in the
/// transaction that saves them (<see cref="SearchIndex"/>). A tool that writes records in bulk writes their rows too,
/// one per distinct gram of <see cref="SearchText.Grams"/>, and deletes the <see cref="SearchKind.ToFill"/> row
/// afterwards; left in place, that row makes the next start rebuild the whole index from the records.
/// </summary>
public sealed class SearchGram
{
    /// <summary>A gram is one or two characters, and a character up to two UTF-16 units.</summary>
    public const int GramMaxLength = 4;

    public int StreetId { get; init; }

    public SearchKind Kind { get; init; }

    public string Gram { get; init; } = "";

    public int ItemId { get; init; }
}

internal sealed class SearchGramConfiguration : IEntityTypeConfiguration<SearchGram>
{
    public void Configure(EntityTypeBuilder<SearchGram> b)
    {
        b.HasKey(x => new { x.StreetId, x.Kind, x.Gram, x.ItemId });
        b.Property(x => x.Kind).HasConversion<int>();
        b.Property(x => x.Gram).HasMaxLength(SearchGram.GramMaxLength);
    }
}
