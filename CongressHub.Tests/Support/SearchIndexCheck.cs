using CongressHub.Domain.Common;
using CongressHub.Domain.Search;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Support;

/// <summary>Compares the search index with what the records' texts give.</summary>
public static class SearchIndexCheck
{
    /// <summary>
    /// Where the index and the records disagree: a record's gram missing from the index, or a row of the index that no
    /// record's texts give. Empty when the index is complete and exact.
    /// </summary>
    public static async Task<List<string>> DifferencesAsync(CongressDbContext db)
    {
        var expected = new HashSet<(int, SearchKind, string, int)>();
        foreach (var r in await db.Resolutions.Select(r => new { r.Id, r.StreetId, r.Title, r.Text, r.Number }).ToListAsync())
        {
            expected.UnionWith(SearchText.Grams(r.Title, r.Text, r.Number).Select(g => (r.StreetId, SearchKind.Resolution, g, r.Id)));
        }
        foreach (var i in await db.TrackedItems.Select(i => new { i.Id, i.StreetId, i.Text, i.Answer, i.Decision }).ToListAsync())
        {
            expected.UnionWith(SearchText.Grams(i.Text, i.Answer, i.Decision).Select(g => (i.StreetId, SearchKind.TrackedItem, g, i.Id)));
        }
        var actual = (await db.SearchGrams.Where(g => g.Kind != SearchKind.ToFill).ToListAsync()).Select(g => (g.StreetId, g.Kind, g.Gram, g.ItemId)).ToHashSet();
        return expected.Except(actual).Select(x => $"missing {x}").Concat(actual.Except(expected).Select(x => $"stale {x}")).Take(20).ToList();
    }
}
