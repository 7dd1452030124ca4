using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Seeding;

/// <summary>Brings the database to the latest migration, makes sure the roles exist, and seeds the demo streets into an empty database.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time)
{
    public async Task InitializeAsync(bool seedDemo, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the database file: readers no longer wait for the writer.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync(ct);

        foreach (var role in Roles.All)
        {
            if (!await db.Roles.AnyAsync(r => r.Name == role, ct))
            {
                db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
            }
        }
        await db.SaveChangesAsync(ct);

        if (seedDemo && !await db.Streets.AnyAsync(ct))
        {
            await DemoSeeder.SeedAsync(db, time.GetUtcNow().UtcDateTime, ct);
        }
    }
}
