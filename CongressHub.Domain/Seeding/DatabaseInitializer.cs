using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Search;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Seeding;

/// <summary>Brings the database to the latest migration, makes sure the roles exist, and seeds the demo streets into an empty database.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Secrecy secrecy, ILogger<DatabaseInitializer> log)
{
    /// <param name="seedDemo">Seed the demo streets into an empty database.</param>
    /// <param name="adminPassword">Without the demo, the first city admin account (<c>admin</c>) is created with this password.</param>
    public Task InitializeAsync(bool seedDemo, string? adminPassword = null, CancellationToken ct = default) =>
        RunAloneAsync(db => InitializeLockedAsync(db, seedDemo, adminPassword, ct), ct);

    /// <summary>
    /// Brings the database to the latest migration and makes sure the roles exist; nothing else (no demo, no account,
    /// no secrecy key). Returns the migrations it applied, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        IReadOnlyList<string> applied = [];
        await RunAloneAsync(async db => applied = await MigrateLockedAsync(db, ct), ct);
        return applied;
    }

    private async Task RunAloneAsync(Func<CongressDbContext, Task> work, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the database file: readers no longer wait for the writer.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        if (DatabaseEngine.IsPostgres(db))
        {
            // Nodes starting together: one migrates and seeds, the others wait for it and then find nothing to do.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0}, 0)", [(int)LockSpace.Initializer], ct);
            try
            {
                await work(db);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0}, 0)", [(int)LockSpace.Initializer], CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
            return;
        }
        await work(db);
    }

    private async Task<IReadOnlyList<string>> MigrateLockedAsync(CongressDbContext db, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            log.LogInformation("Bringing the database up to date ({Count} migrations)…", pending.Count);
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
        await SearchIndex.FillAsync(db, log, ct);
        return pending;
    }

    private async Task InitializeLockedAsync(CongressDbContext db, bool seedDemo, string? adminPassword, CancellationToken ct)
    {
        await MigrateLockedAsync(db, ct);
        // The secrecy key file is read (or made) now, so that a wrong one stops the start, not a close in the hall.
        await secrecy.CheckAsync(db, ct);

        if (seedDemo && !await db.Streets.AnyAsync(ct))
        {
            log.LogInformation("Seeding the demo city: two streets with their delegates, sessions, opinions and resolutions…");
            await DemoSeeder.SeedAsync(db, time.GetUtcNow().UtcDateTime, ct);
            log.LogInformation("Demo city ready: sign in as convener (or delegate01, officer03, staff01, admin) with the password {Password}", DemoSeeder.Password);
        }

        var adminRole = await db.Roles.Where(r => r.Name == Roles.CityAdmin).Select(r => r.Id).SingleAsync(ct);
        if (!string.IsNullOrWhiteSpace(adminPassword) && !await db.UserRoles.AnyAsync(ur => ur.RoleId == adminRole, ct))
        {
            var admin = new CongressUser
            {
                UserName = "admin",
                NormalizedUserName = "ADMIN",
                DisplayName = "City admin",
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
            };
            admin.PasswordHash = new PasswordHasher<CongressUser>().HashPassword(admin, adminPassword);
            db.Users.Add(admin);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = admin.Id, RoleId = adminRole });
            await db.SaveChangesAsync(ct);
        }
    }
}
