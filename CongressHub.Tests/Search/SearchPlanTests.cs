using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Search;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Search;

/// <summary>What SQLite plans for a search: the street's records reached through the index's key, never a whole table read.</summary>
public class SearchPlanTests
{
    [Fact]
    public async Task ASearch_OnSqlite_ReadsTheStreetsRecordsThroughTheIndex_NotWholeTables()
    {
        await using var test = await TestDatabase.CreateAsync(engine: DatabaseEngine.Sqlite);
        await using var db = test.NewContext();
        var street = await db.Streets.Where(s => s.Slug == "shiyan").Select(s => s.Id).SingleAsync();

        foreach (var search in (string[])["电梯", "电", "加装电梯2026"])
        {
            var items = TrackingService.Filter(db, street, db.TrackedItems.Where(i => i.StreetId == street), new TrackingFilter(Search: search), new DateOnly(2026, 11, 26));
            var resolutions = db.Resolutions.Where(r => r.StreetId == street).Narrow(db, street, [search]);

            foreach (var plan in (string[])[await PlanAsync(db, items), await PlanAsync(db, resolutions)])
            {
                Assert.Matches(@"SEARCH \w+ USING PRIMARY KEY \(StreetId=\? AND Kind=\? AND Gram", plan);
                Assert.Matches(@"SEARCH \w+ USING INTEGER PRIMARY KEY \(rowid=\?\)", plan);
                // The only rows read in full are the candidates' ids, gathered from the index first.
                var routines = Regex.Matches(plan, @"CO-ROUTINE (\w+)").Select(m => m.Groups[1].Value).ToHashSet();
                Assert.All(Regex.Matches(plan, @"SCAN (\w+)").Select(m => m.Groups[1].Value), scanned => Assert.Contains(scanned, routines));
            }
        }
    }

    private static async Task<string> PlanAsync<T>(CongressDbContext db, IQueryable<T> query)
    {
        var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }
        return string.Join("\n", lines);
    }
}
