using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Common;

public class MigrationTests
{
    [Fact]
    public async Task Model_HasNoChangesMissingFromTheMigrations()
    {
        await using var db = await TestDatabase.CreateAsync(demo: false);
        await using var ctx = db.NewContext();

        Assert.False(ctx.Database.HasPendingModelChanges(), "The model changed: add a migration under Migrations/Sqlite.");
        Assert.Empty(await ctx.Database.GetPendingMigrationsAsync());
    }

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
