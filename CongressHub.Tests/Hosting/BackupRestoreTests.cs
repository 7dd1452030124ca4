using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using CongressHub.Web.Hosting.Commands;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CongressHub.Tests.Hosting;

/// <summary>
/// <c>backup</c> and <c>restore</c> as an office runs them, on the test run's engine: a backup taken while a session is
/// live and ballots of a secret vote arrive, restored into an empty database, and the restored app checked by what its
/// people see: the same published resolutions, intact audit chains, the vote going on, and the sign-ins of the cards
/// and tokens issued before the backup still valid (the key ring came along).
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public sealed partial class BackupRestoreTests : IAsyncLifetime
{
    private readonly string _folder = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-tests", Guid.NewGuid().ToString("N"))).FullName;
    private readonly List<string> _postgresDatabases = [];
    private AppFactory _app = null!;
    private Place _source = null!;

    private static bool Postgres => TestEngine.Current == DatabaseEngine.Postgres;

    /// <summary>Where a database and its key ring live: the settings that point an app or a command at them.</summary>
    private sealed record Place(string DatabasePath, string ConnectionString, string? KeysFolder)
    {
        public Dictionary<string, string> Settings => new()
        {
            ["Database:Provider"] = Postgres ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite,
            ["ConnectionStrings:CongressHub"] = ConnectionString,
            // On PostgreSQL the key ring lives in the database itself, as it does by default.
            ["DataProtection:KeysFolder"] = KeysFolder ?? "",
        };

        public string[] Arguments => [.. Settings.Select(s => $"--{s.Key}={s.Value}")];
    }

    public async ValueTask InitializeAsync()
    {
        _source = await NewPlaceAsync("source", demo: true);
        _app = AppFactory.On(_source.DatabasePath, _source.Settings);
        _app.CreateClient().Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var database in _postgresDatabases)
        {
            await TestEngine.DropPostgresDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Backup_WhileBallotsArrive_RestoredIntoAnEmptyDatabase_ServesTheSameResolutions_KeepsTheVoteAndTheSignIns()
    {
        var client = _app.CreateClient();
        var convener = await AppFactory.TokenAsync(client, "convener");
        var (_, vote, delegates) = await LiveVote.OpenAsync(client, convener, present: 24, secret: true);
        foreach (var token in delegates.Take(8))
        {
            Assert.Equal(HttpStatusCode.Created, (await Ballot(client, vote, token, "yes")).StatusCode);
        }
        // A delegate signed in by card on a phone, and a device token: both must outlive the restore.
        var phone = _app.NewBrowserClient();
        var card = await CardForAsync("delegate25");
        var signIn = await AppFactory.PostCardSignInAsync(phone, CardCode.Format(card));
        Assert.Equal("/dashboard", AppFactory.Where(signIn));
        var cardCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("congresshub.auth", StringComparison.Ordinal)).Split(';')[0];
        var deviceToken = await AppFactory.TokenAsync(client, "delegate26");
        var resolutions = ResolutionNumbers(await client.GetStringAsync("/s/shiyan/resolutions"));

        // The backup runs while the other sixteen delegates vote.
        var backupFolder = Path.Combine(_folder, "backup");
        var voting = Task.Run(async () =>
        {
            foreach (var token in delegates.Skip(8))
            {
                Assert.Equal(HttpStatusCode.Created, (await Ballot(client, vote, token, "no")).StatusCode);
            }
        });
        var (backedUp, backupOutput) = await RunAsync(["backup", backupFolder, .. _source.Arguments]);
        await voting;

        Assert.True(backedUp == 0, backupOutput);
        Assert.Contains("Backed up to " + backupFolder, backupOutput);
        Assert.Contains("Secrecy:KeyFile", backupOutput);
        Assert.True(File.Exists(Path.Combine(backupFolder, "backup.json")));
        Assert.True(File.Exists(Path.Combine(backupFolder, Postgres ? "congresshub.dump" : "congresshub.db")));
        Assert.False(System.IO.Directory.EnumerateFiles(backupFolder, "*", SearchOption.AllDirectories).Any(f => f.EndsWith(".key", StringComparison.Ordinal)),
            "the secrecy key file stays out of the backup");
        Assert.Equal(!Postgres, System.IO.Directory.Exists(Path.Combine(backupFolder, "keys")));

        var target = await NewPlaceAsync("restored", demo: false);
        var (restored, restoreOutput) = await RunAsync(["restore", backupFolder, .. target.Arguments]);
        Assert.True(restored == 0, restoreOutput);
        Assert.Contains("Restored from " + backupFolder, restoreOutput);
        Assert.Contains("(Asia/Shanghai)", restoreOutput); // when it was made, told in the installation's zone

        var (verified, audit) = await RunAsync(["verify-audit", .. target.Arguments]);
        Assert.True(verified == 0, audit);

        await using var again = AppFactory.On(target.DatabasePath, target.Settings);
        var restoredClient = again.CreateClient();
        Assert.Equal(resolutions, ResolutionNumbers(await restoredClient.GetStringAsync("/s/shiyan/resolutions")));
        Assert.NotEmpty(resolutions);
        var restoredPhone = again.NewBrowserClient();
        restoredPhone.DefaultRequestHeaders.Add("Cookie", cardCookie);
        Assert.Equal(HttpStatusCode.OK, (await restoredPhone.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.SendAsync(restoredClient, HttpMethod.Get, "/api/me", deviceToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await restoredClient.PostAsJsonAsync("/api/auth/token", new { code = CardCode.Format(card) })).StatusCode);

        // The vote taken in the middle goes on: every ballot the backup holds counts, nobody votes twice, the rest vote now.
        var state = await AppFactory.GetJsonAsync(restoredClient, $"/api/votes/{vote}", convener);
        var voted = state.GetProperty("voted").GetInt32();
        Assert.InRange(voted, 8, 24);
        Assert.Equal(HttpStatusCode.Conflict, (await Ballot(restoredClient, vote, delegates[0], "no")).StatusCode);
        foreach (var token in delegates.Skip(voted))
        {
            Assert.Equal(HttpStatusCode.Created, (await Ballot(restoredClient, vote, token, "no")).StatusCode);
        }
        var closed = await (await AppFactory.SendAsync(restoredClient, HttpMethod.Post, $"/api/votes/{vote}/close", convener)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((8, 16, 24), (closed.GetProperty("yes").GetInt32(), closed.GetProperty("no").GetInt32(), closed.GetProperty("cast").GetInt32()));
    }

    [Fact]
    public async Task Restore_IsRefusedWhileTheAppRuns_OverADatabaseWithData_WithoutForce_AndFromAFolderThatIsNoBackup()
    {
        var backupFolder = Path.Combine(_folder, "backup");
        var (backedUp, _) = await RunAsync(["backup", backupFolder, .. _source.Arguments]);
        var (intoUsed, intoUsedOutput) = await RunAsync(["backup", backupFolder, .. _source.Arguments]);

        var (whileRunning, runningOutput) = await RunAsync(["restore", backupFolder, "--force", .. _source.Arguments]);
        var (notBackup, notBackupOutput) = await RunAsync(["restore", _folder, .. _source.Arguments]);
        await _app.DisposeAsync();
        var (overData, overDataOutput) = await RunAsync(["restore", backupFolder, .. _source.Arguments]);
        var (forced, forcedOutput) = await RunAsync(["restore", backupFolder, "--force", .. _source.Arguments]);

        Assert.Equal(0, backedUp);
        Assert.Equal((1, $"The folder {backupFolder} is not empty: give each backup a new or empty folder."), (intoUsed, intoUsedOutput.Trim()));
        Assert.Equal((1, "The app is running on this database: stop it first (systemctl stop congresshub), then restore."), (whileRunning, runningOutput.Trim()));
        Assert.Equal((1, $"{_folder} is not a folder made by backup (backup.json is missing or unreadable)."), (notBackup, notBackupOutput.Trim()));
        Assert.Equal(1, overData);
        Assert.StartsWith("The database holds data.", overDataOutput.Trim());
        Assert.True(forced == 0, forcedOutput);
        await using var again = AppFactory.On(_source.DatabasePath, _source.Settings);
        Assert.Equal(HttpStatusCode.OK, (await again.CreateClient().GetAsync("/s/shiyan/resolutions")).StatusCode);
    }

    [Fact]
    public async Task AnAppStarting_WhileARestoreHoldsTheDatabase_IsRefused_NamingTheRestore()
    {
        var target = await NewPlaceAsync("held", demo: false);
        if (Postgres)
        {
            await TestEngine.CreatePostgresDatabaseAsync(new NpgsqlConnectionStringBuilder(target.ConnectionString).Database!, null);
        }
        await using var restore = await DatabaseInUse.TakeAloneAsync(TestEngine.Current, target.ConnectionString);
        Assert.NotNull(restore);

        await using var app = AppFactory.On(target.DatabasePath, target.Settings);
        var refused = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("A restore is running on this database", refused.Message);
    }

    private async Task<Place> NewPlaceAsync(string name, bool demo)
    {
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        var path = Path.Combine(folder, "congresshub.db");
        if (!Postgres)
        {
            if (demo)
            {
                File.Copy(await TestDatabase.CopyTemplateAsync(), path);
            }
            return new Place(path, $"Data Source={path}", Path.Combine(folder, "keys"));
        }
        string connectionString;
        if (demo)
        {
            connectionString = await TestDatabase.CopyPostgresTemplateAsync();
        }
        else
        {
            // A database that does not exist yet: restore makes it.
            connectionString = TestEngine.PostgresDatabase("t_" + Guid.NewGuid().ToString("N"));
        }
        _postgresDatabases.Add(connectionString);
        return new Place(path, connectionString, null);
    }

    private async Task<string> CardForAsync(string delegateName)
    {
        var db = _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CongressDbContext>>();
        await using var context = await db.CreateDbContextAsync();
        var user = context.Users.Single(u => u.UserName == delegateName);
        var convener = context.Users.Single(u => u.UserName == "convener");
        var actor = new Actor(convener.Id, convener.StreetId, new HashSet<string> { Roles.Convener });
        return (await _app.Services.GetRequiredService<CardService>().IssueAsync(actor, user.DelegateId!.Value)).Code;
    }

    private static Task<HttpResponseMessage> Ballot(HttpClient client, int vote, string token, string choice) =>
        AppFactory.SendAsync(client, HttpMethod.Post, $"/api/votes/{vote}/ballots", token, new { choice });

    private static async Task<(int Code, string Output)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var code = await CongressCommands.RunAsync(args, CommandConsole.Into(output));
        SqliteConnection.ClearAllPools();
        return (code, output.ToString());
    }

    private static List<string> ResolutionNumbers(string html) =>
        [.. ResolutionNumber().Matches(html).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\d{4}-Q\d-\d{2}")]
    private static partial Regex ResolutionNumber();
}
