using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Common;

/// <summary>The benchmark's record of what each request asks of the database, and of the queries that read a whole table.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class QueryLogTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private QueryLog Log => _db.Get<QueryLog>();

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync(services: s => s.AddSingleton<QueryLog>());

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Record_QueryThatSearchesTextAnywhere_NamesTheTableItReadsWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        List<string> names;

        using (Log.Record("search"))
        {
            await using var db = _db.NewContext();
            names = await db.Streets.Where(s => s.NameEn.Contains("Xinghai")).Select(s => s.Name).ToListAsync(ct);
        }

        Assert.Equal(["星海街道"], names);
        var query = Assert.Single(Log.Find("search")!);
        Assert.Contains("Streets", query.Sql);
        Assert.Equal(["Streets"], query.TablesScanned);
        Assert.NotEmpty(query.Plan);
        // The one street, and the read that found the end.
        Assert.Equal(2, query.Rows);
    }

    [Fact]
    public async Task Record_AfterItCloses_RecordsNothingMore()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _db.NewContext();

        using (Log.Record("closed"))
        {
            await db.Streets.CountAsync(ct);
        }
        await db.Delegates.CountAsync(ct);

        var query = Assert.Single(Log.Find("closed")!);
        Assert.Contains("Streets", query.Sql);
        Assert.Null(Log.Find("never-recorded"));
    }
}

/// <summary>
/// SQLite's plans, whose names are the query's aliases. (PostgreSQL reads a table of a hundred rows whole by choice,
/// whatever its indexes, so a lookup is told from a scan on SQLite only.)
/// </summary>
public class QueryLogSqliteTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private QueryLog Log => _db.Get<QueryLog>();

    public async ValueTask InitializeAsync() =>
        _db = await TestDatabase.CreateAsync(engine: DatabaseEngine.Sqlite, services: s => s.AddSingleton<QueryLog>());

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Record_LookUpByKey_ReadsNoTableWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _db.NewContext();
        var ids = await db.Users.Select(u => u.Id).ToListAsync(ct);

        using (Log.Record("lookup"))
        {
            await db.Users.Where(u => u.Id == ids[0]).Select(u => u.UserName).SingleAsync(ct);
        }

        var query = Assert.Single(Log.Find("lookup")!);
        Assert.Empty(query.TablesScanned);
    }

    [Fact]
    public async Task Record_QueryThatReadsAWholeIndex_NamesItsTableApart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _db.NewContext();

        using (Log.Record("index"))
        {
            await db.Streets.Where(s => s.Name.Contains("星海")).Select(s => s.Name).ToListAsync(ct);
        }

        // Every entry of the index on the name is read: no table row, but as many reads as rows.
        var query = Assert.Single(Log.Find("index")!);
        Assert.Empty(query.TablesScanned);
        Assert.Equal(["Streets"], query.IndexesWalked);
    }
}
