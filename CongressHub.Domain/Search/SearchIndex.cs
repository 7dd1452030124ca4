using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Search;

/// <summary>
/// Keeps the search index (<see cref="SearchGram"/>) in step with the records, and narrows a search to the items that
/// have its grams before the exact comparison reads them. Every save of the context goes through
/// <see cref="Capture"/> and <see cref="Commands"/> (<see cref="CongressDbContext"/>), so no service has to remember it.
/// </summary>
internal static class SearchIndex
{
    // The fields each search compares (ResolutionService.PublicListAsync, TrackingService.Filter): a field searched
    // there must be listed here, or its words are not found.
    private static readonly string[] ResolutionFields = [nameof(Resolution.Title), nameof(Resolution.Text), nameof(Resolution.Number)];
    private static readonly string[] TrackedItemFields = [nameof(TrackedItem.Text), nameof(TrackedItem.Answer), nameof(TrackedItem.Decision)];

    private const int RowsPerStatement = 500;
    private const int ItemsPerFillBatch = 2000;

    /// <summary>A record whose grams change with the save: added, deleted, or with a searched field changed.</summary>
    internal sealed record Pending(EntityEntry Entry, SearchKind Kind, string[] Fields, int Id, int StreetId, IReadOnlySet<string>? Old, bool Deleted);

    /// <summary>The records of the coming save whose grams change, read before the save (it forgets what was there).</summary>
    internal static List<Pending> Capture(ChangeTracker tracker)
    {
        var pending = new List<Pending>();
        foreach (var entry in tracker.Entries())
        {
            var (kind, fields) = entry.Entity switch
            {
                Resolution => (SearchKind.Resolution, ResolutionFields),
                TrackedItem => (SearchKind.TrackedItem, TrackedItemFields),
                _ => (SearchKind.ToFill, null),
            };
            if (fields is null)
            {
                continue;
            }
            switch (entry.State)
            {
                case EntityState.Added:
                    pending.Add(new Pending(entry, kind, fields, 0, 0, null, false));
                    break;
                case EntityState.Modified when fields.Any(f => entry.Property(f).IsModified):
                case EntityState.Deleted:
                    pending.Add(new Pending(entry, kind, fields, (int)entry.Property("Id").OriginalValue!, (int)entry.Property("StreetId").OriginalValue!,
                        SearchText.Grams(fields.Select(f => (string?)entry.Property(f).OriginalValue)), entry.State == EntityState.Deleted));
                    break;
            }
        }
        return pending;
    }

    /// <summary>
    /// The statements that bring the index in step with <paramref name="saved"/>, run after the save in its transaction
    /// (an added record has its id only then): the grams a record no longer has are deleted, and all it has are written,
    /// those already there left as they are.
    /// </summary>
    internal static IEnumerable<(string Sql, object[] Args)> Commands(IEnumerable<Pending> saved)
    {
        var rows = new List<(int StreetId, SearchKind Kind, string Gram, int ItemId)>();
        foreach (var p in saved)
        {
            var grams = p.Deleted ? new HashSet<string>() : SearchText.Grams(p.Fields.Select(f => (string?)p.Entry.Property(f).CurrentValue));
            var id = p.Deleted ? p.Id : (int)p.Entry.Property("Id").CurrentValue!;
            var street = p.Deleted ? p.StreetId : (int)p.Entry.Property("StreetId").CurrentValue!;
            foreach (var chunk in (p.Old ?? new HashSet<string>()).Where(g => !grams.Contains(g)).Chunk(RowsPerStatement))
            {
                var list = string.Join(", ", chunk.Select((_, i) => $"{{{i}}}"));
                yield return ($"""DELETE FROM "SearchGrams" WHERE "StreetId" = {p.StreetId} AND "Kind" = {(int)p.Kind} AND "ItemId" = {p.Id} AND "Gram" IN ({list})""", chunk);
            }
            rows.AddRange(grams.Select(g => (street, p.Kind, g, id)));
        }
        foreach (var command in Inserts(rows))
        {
            yield return command;
        }
    }

    /// <summary>
    /// Items of <paramref name="streetId"/> that have the grams of <paramref name="terms"/>: all that contain them, and a
    /// few more. A join on the candidates' ids rather than <c>Id IN (…)</c>: SQLite, without statistics, would rather
    /// read all the street's items by its street index and test each against the list than look the candidates up.
    /// </summary>
    internal static IQueryable<Resolution> Narrow(this IQueryable<Resolution> q, CongressDbContext db, int streetId, IEnumerable<string> terms) =>
        Candidates(db, streetId, SearchKind.Resolution, terms) is { } ids ? q.Join(ids, r => r.Id, id => id, (r, _) => r) : q;

    /// <inheritdoc cref="Narrow(IQueryable{Resolution}, CongressDbContext, int, IEnumerable{string})"/>
    internal static IQueryable<TrackedItem> Narrow(this IQueryable<TrackedItem> q, CongressDbContext db, int streetId, IEnumerable<string> terms) =>
        Candidates(db, streetId, SearchKind.TrackedItem, terms) is { } ids ? q.Join(ids, i => i.Id, id => id, (i, _) => i) : q;

    /// <summary>
    /// The ids of the street's items of <paramref name="kind"/> that have every gram the terms need, each once, read
    /// from the index's key alone; null when the terms give the index nothing to look for.
    /// </summary>
    internal static IQueryable<int>? Candidates(CongressDbContext db, int streetId, SearchKind kind, IEnumerable<string> terms)
    {
        var query = SearchText.Query(terms);
        var lists = new List<IQueryable<int>>();
        foreach (var gram in query.Grams)
        {
            lists.Add(db.SearchGrams.Where(g => g.StreetId == streetId && g.Kind == kind && g.Gram == gram).Select(g => g.ItemId));
        }
        foreach (var start in query.Starts)
        {
            var grams = db.SearchGrams.Where(g => g.StreetId == streetId && g.Kind == kind && g.Gram.CompareTo(start) >= 0);
            if (SearchText.After(start) is { } after)
            {
                grams = grams.Where(g => g.Gram.CompareTo(after) < 0);
            }
            lists.Add(grams.Select(g => g.ItemId).Distinct());
        }
        if (lists.Count == 0)
        {
            return null;
        }
        // Each gram's list of items comes from the key in the order of the items. SQLite, which has no statistics of
        // the grams, merges the sorted lists (INTERSECT) in one pass over each. PostgreSQL would hash every list whole
        // for an INTERSECT; joined, its statistics tell it which gram is rarest, and it starts there and looks the
        // others up in the key.
        var postgres = DatabaseEngine.IsPostgres(db);
        return lists.Skip(1).Aggregate(lists[0], (ids, next) => postgres ? ids.Join(next, a => a, b => b, (a, _) => a) : ids.Intersect(next));
    }

    /// <summary>
    /// Fills the index from the records when the <see cref="SearchKind.ToFill"/> row asks for it (a new or upgraded
    /// database), in batches, and removes that row last: a start stopped halfway fills it again from the beginning.
    /// </summary>
    internal static async Task FillAsync(CongressDbContext db, ILogger log, CancellationToken ct)
    {
        if (!await db.SearchGrams.AnyAsync(g => g.Kind == SearchKind.ToFill, ct))
        {
            return;
        }
        await db.SearchGrams.Where(g => g.Kind != SearchKind.ToFill).ExecuteDeleteAsync(ct);
        var resolutions = await FillAsync(db, SearchKind.Resolution, last => db.Resolutions.AsNoTracking().Where(r => r.Id > last).OrderBy(r => r.Id).Take(ItemsPerFillBatch)
            .Select(r => new FillRow(r.Id, r.StreetId, new[] { r.Title, r.Text, r.Number })), ct);
        var items = await FillAsync(db, SearchKind.TrackedItem, last => db.TrackedItems.AsNoTracking().Where(i => i.Id > last).OrderBy(i => i.Id).Take(ItemsPerFillBatch)
            .Select(i => new FillRow(i.Id, i.StreetId, new[] { i.Text, i.Answer, i.Decision })), ct);
        await db.SearchGrams.Where(g => g.Kind == SearchKind.ToFill).ExecuteDeleteAsync(ct);
        if (resolutions + items > 0)
        {
            log.LogInformation("Search index filled: {Resolutions} resolutions, {Items} tracked items.", resolutions, items);
        }
    }

    private sealed record FillRow(int Id, int StreetId, string?[] Texts);

    private static async Task<int> FillAsync(CongressDbContext db, SearchKind kind, Func<int, IQueryable<FillRow>> batch, CancellationToken ct)
    {
        var (last, count) = (0, 0);
        while (true)
        {
            var rows = await batch(last).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return count;
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var (sql, args) in Inserts(rows.SelectMany(r => SearchText.Grams(r.Texts).Select(g => (r.StreetId, kind, g, r.Id)))))
            {
                await db.Database.ExecuteSqlRawAsync(sql, args, ct);
            }
            await tx.CommitAsync(ct);
            (last, count) = (rows[^1].Id, count + rows.Count);
        }
    }

    // The ids and kinds are numbers written into the statement; only the grams, which are text, are parameters.
    private static IEnumerable<(string Sql, object[] Args)> Inserts(IEnumerable<(int StreetId, SearchKind Kind, string Gram, int ItemId)> rows) =>
        rows.Chunk(RowsPerStatement).Select(chunk => (
            """INSERT INTO "SearchGrams" ("StreetId", "Kind", "Gram", "ItemId") VALUES """
                + string.Join(", ", chunk.Select((r, i) => $"({r.StreetId}, {(int)r.Kind}, {{{i}}}, {r.ItemId})"))
                + " ON CONFLICT DO NOTHING",
            chunk.Select(r => (object)r.Gram).ToArray()));
}
