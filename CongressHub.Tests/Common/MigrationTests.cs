using CongressHub.Domain;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

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
