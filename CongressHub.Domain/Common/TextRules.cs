using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CongressHub.Domain.Common;

/// <summary>
/// What no text people or residents write may hold: control characters (NUL and the rest; newline and tab only where a
/// text may have several lines) and the marks that turn the direction of text (U+202A–U+202E, U+2066–U+2069,
/// U+200E, U+200F, U+061C), with which a name can show as something else on a card, a projector, a CSV file or a log.
/// </summary>
/// <remarks>
/// One rule for every record, checked when a context saves (<see cref="CongressDbContext"/>): a name, title or text
/// added or changed through any service, form or the API is refused with the field named, and nothing is written.
/// The audit chain and the key ring are the system's own records and are left alone.
/// </remarks>
public static class TextRules
{
    /// <summary>Properties that hold one line (names and the like): newline and tab are refused there too.</summary>
    private static readonly HashSet<string> SingleLine = new(StringComparer.Ordinal)
    {
        "Name", "NameEn", "DisplayName", "UserName", "Phone", "ResidentName", "ResidentContact", "Slug", "Position", "Presenter", "Place", "District",
    };

    /// <summary>Field labels where the property's own name would say too little.</summary>
    private static readonly Dictionary<(string Entity, string Property), string> Labels = new()
    {
        [("TrackedItem", "Text")] = "Field.OpinionText",
        [("Motion", "Text")] = "Field.MotionText",
        [("Resolution", "Title")] = "Field.ResolutionTitle",
        [("Resolution", "Text")] = "Field.ResolutionText",
        [("ResolutionVersion", "Title")] = "Field.ResolutionTitle",
        [("ResolutionVersion", "Text")] = "Field.ResolutionText",
        [("WorkReport", "Text")] = "Field.ReportText",
        [("Candidate", "Name")] = "Field.CandidateName",
        [("CongressDelegate", "Name")] = "Field.PersonName",
        [("Officer", "Name")] = "Field.PersonName",
        [("CommitteeMember", "Name")] = "Field.PersonName",
    };

    /// <summary>Whether <paramref name="c"/> may stand in a text (<paramref name="multiLine"/>: one of several lines).</summary>
    public static bool IsAllowed(char c, bool multiLine) => c switch
    {
        '\n' or '\r' or '\t' => multiLine,
        < ' ' or '\u007F' => false,
        >= '\u0080' and <= '\u009F' => false,
        >= '\u202A' and <= '\u202E' => false,
        >= '\u2066' and <= '\u2069' => false,
        '\u200E' or '\u200F' or '\u061C' => false,
        _ => true,
    };

    public static bool IsClean(string? text, bool multiLine) => text is null || text.All(c => IsAllowed(c, multiLine));

    /// <summary>Whether a field of this name holds one line (a name, a phone number) rather than a text.</summary>
    public static bool IsSingleLine(string field) => SingleLine.Contains(field);

    /// <summary>
    /// <paramref name="text"/> without the characters a stored text may not hold: for what is only looked for and never
    /// stored (search words), where a refusal would help nobody and PostgreSQL refuses a NUL in any query.
    /// </summary>
    public static string Strip(string text) => text.All(c => IsAllowed(c, multiLine: false)) ? text : new string(text.Where(c => IsAllowed(c, multiLine: false)).ToArray());

    /// <summary>Refuses, with each field named, a save that would write a text with a character of the kinds above.</summary>
    internal static void CheckSaving(ChangeTracker tracker)
    {
        List<FieldError>? errors = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || entry.Entity is Audit.AuditEntry or DataProtectionKey)
            {
                continue;
            }
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is not string text || entry.State == EntityState.Modified && !property.IsModified)
                {
                    continue;
                }
                var name = property.Metadata.Name;
                if (!IsClean(text, multiLine: !IsSingleLine(name)))
                {
                    (errors ??= []).Add(new FieldError(name, DomainText.Get("Validation.ControlCharacters", DomainText.Get(LabelKey(entry.Metadata.ClrType.Name, name)))));
                }
            }
        }
        if (errors is not null)
        {
            throw new ValidationFailedException(errors.DistinctBy(e => e.Field).ToList());
        }
    }

    private static string LabelKey(string entity, string property) =>
        Labels.TryGetValue((entity, property), out var key) ? key
        : DomainText.Resources.GetString("Field." + property) is not null ? "Field." + property
        : "Field.Text";
}
