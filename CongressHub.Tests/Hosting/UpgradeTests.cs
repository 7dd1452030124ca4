using System.Net;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using CongressHub.Web.Hosting.Commands;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Hosting;

/// <summary>
/// A new version started on an old database migrates it and serves it. Each fixture under <c>Fixtures/upgrade/</c> is
/// the <c>backup</c> of an earlier version's demo city (made by scripts/upgrade-fixture.sh at that version), one per
/// engine: restored as an office would restore it, then this version's app starts on it.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public sealed class UpgradeTests : IAsyncDisposable
{
    private readonly string _folder = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-tests", Guid.NewGuid().ToString("N"))).FullName;
    private string? _postgres;

    private static bool Postgres => TestEngine.Current == DatabaseEngine.Postgres;

    public static TheoryData<string> Versions => [.. System.IO.Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Fixtures", "upgrade")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task AnEarlierVersionsDatabase_IsMigratedAtStart_AndServesWhatItHeld(string version)
    {
        var backup = Path.Combine(AppContext.BaseDirectory, "Fixtures", "upgrade", version, Postgres ? "postgres" : "sqlite");
        var databasePath = Path.Combine(_folder, "congresshub.db");
        _postgres = Postgres ? TestEngine.PostgresDatabase("t_" + Guid.NewGuid().ToString("N")) : null;
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = TestEngine.Current,
            ["ConnectionStrings:CongressHub"] = _postgres ?? $"Data Source={databasePath}",
            ["DataProtection:KeysFolder"] = Postgres ? "" : Path.Combine(_folder, "keys"),
            ["Demo:Seed"] = "false",
        };
        var arguments = settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
        var output = new StringWriter();
        Assert.True(await CongressCommands.RunAsync(["restore", backup, .. arguments], CommandConsole.Into(output)) == 0, output.ToString());
        await AddTermNoticeAsync(databasePath);

        await using var app = AppFactory.On(databasePath, settings);
        var client = app.NewBrowserClient();

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.True(await db.Resolutions.AnyAsync(r => r.Number != null));
            // The session call that went to "every delegate of the term" is now one notice per delegate, none of them sent again.
            var call = await db.Notices.Where(n => n.Title == OldCall).ToListAsync();
            var delegates = await db.Delegates.Where(d => d.TermId == db.Terms.OrderBy(t => t.Id).Select(t => t.Id).First() && d.UserId != null).Select(d => d.UserId).ToListAsync();
            Assert.Equal(delegates.Order(StringComparer.Ordinal), call.Select(n => n.UserId).Order(StringComparer.Ordinal));
            Assert.All(call, n => Assert.True(n.Planned && n.Kind == Domain.Notices.NoticeKind.SessionCall && n.ReadUtc is null));
            Assert.Single(call.Select(n => n.EventKey).Distinct());
            Assert.False(await db.Notices.AnyAsync(n => n.UserId == null && n.OpinionId == null));
            // The search index, new since, was filled at start from every resolution and tracked item the database held.
            Assert.Empty(await SearchIndexCheck.DifferencesAsync(db));
            Assert.False(await db.SearchGrams.AnyAsync(g => g.Kind == Domain.Search.SearchKind.ToFill));
        }
        var resolutions = await client.GetAsync("/s/shiyan/resolutions");
        Assert.Equal(HttpStatusCode.OK, resolutions.StatusCode);
        Assert.Matches(@"\d{4}-Q\d-\d{2}", await resolutions.Content.ReadAsStringAsync());
        var number = Regex.Match(await resolutions.Content.ReadAsStringAsync(), @"\d{4}-Q\d-\d{2}").Value;
        Assert.Contains(number, await client.GetStringAsync("/s/shiyan/resolutions?q=" + number[5..].ToLowerInvariant()));
        Assert.Equal("/dashboard", AppFactory.Where(await AppFactory.PostSignInAsync(client, "convener", Domain.Seeding.DemoSeeder.Password)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
        var audit = new StringWriter();
        Assert.True(await CongressCommands.RunAsync(["verify-audit", .. arguments], CommandConsole.Into(audit)) == 0, audit.ToString());
    }

    private const string OldCall = "会议通知：旧版本的例会";

    /// <summary>A notice as versions before per-person notices wrote it: to every delegate of the term, no account named.</summary>
    private async Task AddTermNoticeAsync(string databasePath)
    {
        const string insert = """
            INSERT INTO "Notices" ("StreetId", "TermId", "UserId", "Title", "TextKey", "TextArgs", "Link", "CreatedUtc")
            SELECT "StreetId", "Id", NULL, '会议通知：旧版本的例会', 'Notice.SessionPublished', '["旧版本的例会","11月1日","礼堂"]', '/sessions/1', {0} FROM "Terms" ORDER BY "Id" LIMIT 1
            """;
        if (Postgres)
        {
            await using var pg = new Npgsql.NpgsqlConnection(_postgres);
            await pg.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, "TIMESTAMPTZ '2026-11-01 00:00:00+00'"), pg);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var sqlite = new SqliteConnection($"Data Source={databasePath};Pooling=false");
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, "'2026-11-01 00:00:00'");
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await TestEngine.DropPostgresDatabaseAsync(_postgres);
        }
        SqliteConnection.ClearAllPools();
    }
}
