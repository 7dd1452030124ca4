using CongressHub.Domain;
using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CongressHub.Tests.Common;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class MigrationTests
{
    [Fact]
    public async Task Model_HasNoChangesMissingFromTheMigrations()
    {
        await using var db = await TestDatabase.CreateAsync(demo: false);
        await using var ctx = db.NewContext();

        Assert.False(ctx.Database.HasPendingModelChanges(), $"The model changed: add a migration with scripts/migrations.sh ({db.Engine}).");
        Assert.Empty(await ctx.Database.GetPendingMigrationsAsync());
    }

    [Theory]
    [InlineData(DatabaseEngine.Sqlite, "Data Source=unused.db")]
    [InlineData(DatabaseEngine.Postgres, "Host=127.0.0.1;Database=unused")]
    public void Model_OnEitherProvider_HasNoChangesMissingFromItsMigrations(string provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<CongressDbContext>();
        DependencyInjection.Use(options, provider, connectionString);
        using var ctx = new CongressDbContext(options.Options);

        Assert.False(ctx.Database.HasPendingModelChanges(), $"The model changed: add a migration to both providers with scripts/migrations.sh ({provider}).");
        Assert.NotEmpty(ctx.Database.GetMigrations());
        Assert.All(ctx.Database.GetMigrations(), id => Assert.DoesNotContain(id, provider == DatabaseEngine.Sqlite ? PostgresMigrations() : SqliteMigrations()));
    }

    [Fact]
    public async Task SecretTables_OnSqlite_KeepNoRowid_AfterEveryMigration()
    {
        await using var db = await TestDatabase.CreateAsync(demo: false, engine: DatabaseEngine.Sqlite);
        await using var ctx = db.NewContext();

        // A migration that made SQLite rebuild one of these tables would silently drop WITHOUT ROWID.
        var ddl = await ctx.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name IN ('Ballots', 'ReportRatings')").ToListAsync();

        Assert.Equal(2, ddl.Count);
        Assert.All(ddl, sql => Assert.EndsWith("WITHOUT ROWID", sql.TrimEnd().TrimEnd(';').TrimEnd()));
    }

    [Fact]
    public async Task FirstAnsweredAndDoneDays_OfItemsKeptBefore_AreTakenFromTheirHistories()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = db.NewContext();
        var migrator = ctx.GetService<IMigrator>();
        var migrations = ctx.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_FirstAnsweredAndDoneDays", StringComparison.Ordinal)) - 1];
        var expected = await ExpectedFirstTimesAsync(ctx);

        // Back to the schema without the times, and forward again: the migration fills them from the histories.
        await migrator.MigrateAsync(before);
        await migrator.MigrateAsync();
        ctx.ChangeTracker.Clear();
        var filled = await ctx.TrackedItems.AsNoTracking().ToDictionaryAsync(i => i.Id, i => (i.FirstAnsweredOn, i.FirstDoneOn));

        Assert.Contains(expected.Values, t => t.Answered is not null);
        Assert.Contains(expected.Values, t => t.Done is not null);
        Assert.Contains(expected.Values, t => t.Answered is null);
        Assert.Equal(expected.Count, filled.Count);
        Assert.All(expected, e => Assert.Equal((e.Value.Answered, e.Value.Done), filled[e.Key]));
    }

    /// <summary>The moves of the seeded items set the same times as their histories record.</summary>
    [Fact]
    public async Task FirstAnsweredAndDoneDays_OfTheDemo_AgreeWithTheHistories()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = db.NewContext();
        var expected = await ExpectedFirstTimesAsync(ctx);
        var kept = await ctx.TrackedItems.AsNoTracking().ToDictionaryAsync(i => i.Id, i => (i.FirstAnsweredOn, i.FirstDoneOn));

        Assert.All(expected, e => Assert.Equal((e.Value.Answered, e.Value.Done), kept[e.Key]));
    }

    /// <summary>Each item's first answered and first done day in the installation's zone, from its history.</summary>
    private static async Task<Dictionary<int, (DateOnly? Answered, DateOnly? Done)>> ExpectedFirstTimesAsync(CongressDbContext ctx)
    {
        var events = await ctx.TrackedEvents.AsNoTracking().Select(e => new { e.ItemId, e.To, e.AtUtc }).ToListAsync();
        var ids = await ctx.TrackedItems.Select(i => i.Id).ToListAsync();
        DateOnly? First(int id, TrackedState reached) =>
            events.Where(e => e.ItemId == id && e.To >= reached).Select(e => (DateTime?)e.AtUtc).Min() is { } at ? SessionTime.Day(at) : null;
        return ids.ToDictionary(id => id, id => (First(id, TrackedState.Answered), First(id, TrackedState.Done)));
    }

    private static HashSet<string> SqliteMigrations() => MigrationsOf(DatabaseEngine.Sqlite, "Data Source=unused.db");

    private static HashSet<string> PostgresMigrations() => MigrationsOf(DatabaseEngine.Postgres, "Host=127.0.0.1;Database=unused");

    private static HashSet<string> MigrationsOf(string provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<CongressDbContext>();
        DependencyInjection.Use(options, provider, connectionString);
        using var ctx = new CongressDbContext(options.Options);
        return ctx.Database.GetMigrations().ToHashSet();
    }
}

/// <summary>SQLite's connection settings (the default engine); PostgreSQL enforces keys and logs by itself.</summary>
public class SqliteConnectionTests
{
    [Fact]
    public async Task Connection_EnforcesForeignKeys_AndTheFileIsInWalMode()
    {
        await using var db = await TestDatabase.CreateAsync(demo: false);
        await using var ctx = db.NewContext();
        await ctx.Database.OpenConnectionAsync();

        var foreignKeys = await ctx.Database.SqlQueryRaw<long>("SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync();
        var journal = await ctx.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        var busy = await ctx.Database.SqlQueryRaw<long>("SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync();

        Assert.Equal(1, foreignKeys);
        Assert.Equal("wal", journal);
        Assert.Equal(5000, busy);
    }
}

/// <summary>PostgreSQL's connection settings, on the test run's PostgreSQL server.</summary>
public class PostgresConnectionTests
{
    [Fact]
    public async Task Connection_PricesARandomReadAsOnSsd_SoThatAStreetsPageReadsItsOwnIndex()
    {
        await using var db = await TestDatabase.CreateAsync(demo: false, engine: DatabaseEngine.Postgres);
        await using var ctx = db.NewContext();

        var cost = await ctx.Database.SqlQueryRaw<string>("SELECT current_setting('random_page_cost') AS \"Value\"").SingleAsync();

        Assert.Equal("1.1", cost);
    }

    [Theory]
    [InlineData("Host=db;Database=congress", "-c random_page_cost=1.1")]
    [InlineData("Host=db;Database=congress;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c random_page_cost=1.1")]
    [InlineData("Host=db;Database=congress;Options=-c random_page_cost=2", "-c random_page_cost=2")]
    public void PlannerCosts_AreAdded_UnlessTheDeploymentSetsThem(string connectionString, string options) =>
        Assert.Equal(options, new Npgsql.NpgsqlConnectionStringBuilder(DependencyInjection.WithPlannerCosts(connectionString)).Options);
}
