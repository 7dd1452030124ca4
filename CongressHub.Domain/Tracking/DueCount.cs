using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Tracking;

/// <summary>
/// A street's items of one kind due on one day (merged and declined ones left out): how many, how many were answered
/// and done, and how many of those by that day. The district's comparison reads these instead of every item of its
/// streets' year. Kept by the save that changes an item (<see cref="DueCounts"/>), never written by a service.
/// </summary>
public sealed class DueCount
{
    public int StreetId { get; init; }

    public TrackedKind Kind { get; init; }

    public DateOnly DueOn { get; init; }

    public int All { get; init; }

    public int Answered { get; init; }

    public int AnsweredOnTime { get; init; }

    public int Done { get; init; }

    public int DoneOnTime { get; init; }
}

internal sealed class DueCountConfiguration : IEntityTypeConfiguration<DueCount>
{
    public void Configure(EntityTypeBuilder<DueCount> b)
    {
        // Created WITHOUT ROWID on SQLite by the migration: a range of the key is read with every column.
        b.HasKey(x => new { x.StreetId, x.Kind, x.DueOn });
        b.Property(x => x.Kind).HasConversion<int>();
    }
}

/// <summary>
/// Keeps <see cref="DueCount"/> in step with the items: before a save, what each added, changed or deleted item took
/// away from its old day and adds to its new one; after it, one upsert per day touched, in the save's transaction.
/// </summary>
internal static class DueCounts
{
    private static readonly string[] Counted =
        [nameof(TrackedItem.StreetId), nameof(TrackedItem.Kind), nameof(TrackedItem.DueOn), nameof(TrackedItem.State), nameof(TrackedItem.FirstAnsweredOn), nameof(TrackedItem.FirstDoneOn)];

    /// <summary>One day's change: added to each count (negative to take away).</summary>
    internal sealed record Delta(int StreetId, TrackedKind Kind, DateOnly DueOn, int All, int Answered, int AnsweredOnTime, int Done, int DoneOnTime);

    /// <summary>What the coming save changes in the counts, read before it (it forgets the old values).</summary>
    internal static List<Delta> Capture(ChangeTracker tracker)
    {
        var deltas = new List<Delta>();
        foreach (var entry in tracker.Entries<TrackedItem>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    Add(deltas, entry, original: false, sign: 1);
                    break;
                case EntityState.Deleted:
                    Add(deltas, entry, original: true, sign: -1);
                    break;
                case EntityState.Modified when Counted.Any(p => entry.Property(p).IsModified):
                    Add(deltas, entry, original: true, sign: -1);
                    Add(deltas, entry, original: false, sign: 1);
                    break;
            }
        }
        return deltas.GroupBy(d => (d.StreetId, d.Kind, d.DueOn))
            .Select(g => new Delta(g.Key.StreetId, g.Key.Kind, g.Key.DueOn, g.Sum(d => d.All), g.Sum(d => d.Answered), g.Sum(d => d.AnsweredOnTime), g.Sum(d => d.Done), g.Sum(d => d.DoneOnTime)))
            .Where(d => d is not { All: 0, Answered: 0, AnsweredOnTime: 0, Done: 0, DoneOnTime: 0 })
            // In key order, so that two saves touching the same days take their rows' locks in the same order.
            .OrderBy(d => d.StreetId).ThenBy(d => d.Kind).ThenBy(d => d.DueOn)
            .ToList();
    }

    private static void Add(List<Delta> deltas, EntityEntry<TrackedItem> entry, bool original, int sign)
    {
        T Value<T>(string property) => (T)(original ? entry.Property(property).OriginalValue : entry.Property(property).CurrentValue)!;
        var due = Value<DateOnly?>(nameof(TrackedItem.DueOn));
        var state = Value<TrackedState>(nameof(TrackedItem.State));
        if (due is not { } day || state is TrackedState.Merged or TrackedState.Declined)
        {
            return;
        }
        var answered = Value<DateOnly?>(nameof(TrackedItem.FirstAnsweredOn));
        var done = Value<DateOnly?>(nameof(TrackedItem.FirstDoneOn));
        deltas.Add(new Delta(Value<int>(nameof(TrackedItem.StreetId)), Value<TrackedKind>(nameof(TrackedItem.Kind)), day, sign,
            answered is null ? 0 : sign, answered <= day ? sign : 0, done is null ? 0 : sign, done <= day ? sign : 0));
    }

    /// <summary>One statement per day touched (the same on SQLite and PostgreSQL): numbers in the text, the day a parameter.</summary>
    internal static IEnumerable<(string Sql, object[] Args)> Commands(List<Delta> deltas) =>
        deltas.Select(d => (
            $$"""
            INSERT INTO "DueCounts" ("StreetId", "Kind", "DueOn", "All", "Answered", "AnsweredOnTime", "Done", "DoneOnTime")
            VALUES ({{d.StreetId}}, {{(int)d.Kind}}, {0}, {{d.All}}, {{d.Answered}}, {{d.AnsweredOnTime}}, {{d.Done}}, {{d.DoneOnTime}})
            ON CONFLICT ("StreetId", "Kind", "DueOn") DO UPDATE SET
              "All" = "DueCounts"."All" + excluded."All",
              "Answered" = "DueCounts"."Answered" + excluded."Answered",
              "AnsweredOnTime" = "DueCounts"."AnsweredOnTime" + excluded."AnsweredOnTime",
              "Done" = "DueCounts"."Done" + excluded."Done",
              "DoneOnTime" = "DueCounts"."DoneOnTime" + excluded."DoneOnTime"
            """,
            new object[] { d.DueOn }));

    /// <summary>
    /// Counts every item again from the items themselves (the same on SQLite and PostgreSQL): for the migration that
    /// adds the counts, and for databases written in bulk, past the saves that keep them.
    /// </summary>
    internal static readonly string RebuildSql = $"""
        DELETE FROM "DueCounts";
        INSERT INTO "DueCounts" ("StreetId", "Kind", "DueOn", "All", "Answered", "AnsweredOnTime", "Done", "DoneOnTime")
        SELECT "StreetId", "Kind", "DueOn", COUNT(*),
          COUNT("FirstAnsweredOn"), COUNT(CASE WHEN "FirstAnsweredOn" <= "DueOn" THEN 1 END),
          COUNT("FirstDoneOn"), COUNT(CASE WHEN "FirstDoneOn" <= "DueOn" THEN 1 END)
        FROM "TrackedItems"
        WHERE "DueOn" IS NOT NULL AND "State" <> {(int)TrackedState.Merged} AND "State" <> {(int)TrackedState.Declined}
        GROUP BY "StreetId", "Kind", "DueOn";
        """;
}
