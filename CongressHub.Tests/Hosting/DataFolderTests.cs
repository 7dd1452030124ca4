using CongressHub.Domain.Common;
using CongressHub.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace CongressHub.Tests.Hosting;

/// <summary>
/// <c>Data:Folder</c>: where an installation keeps its database and key ring, found the same way by the app and by any
/// command; and the content root a published app takes wherever it is started from.
/// </summary>
public sealed class DataFolderTests : IDisposable
{
    private readonly string _folder = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-tests", Guid.NewGuid().ToString("N"))).FullName;

    [Theory]
    [InlineData(null, null, null, "/srv/app/data/congresshub.db", "/srv/app/data/keys")]
    [InlineData("state", null, null, "/srv/app/state/congresshub.db", "/srv/app/state/keys")]
    [InlineData("/var/lib/congresshub", null, null, "/var/lib/congresshub/congresshub.db", "/var/lib/congresshub/keys")]
    [InlineData("/var/lib/congresshub", "Data Source=/mnt/db/c.db", "ring", "/mnt/db/c.db", "/srv/app/ring")]
    public void Paths_FollowTheDataFolder_UnlessTheirOwnSettingNamesOne(string? folder, string? connectionString, string? keys, string database, string keyRing)
    {
        var config = Config(new() { [DataFolder.Setting] = folder, ["ConnectionStrings:CongressHub"] = connectionString, [DataFolder.KeysSetting] = keys });

        Assert.Equal(database, DataFolder.SqliteDatabase(config, "/srv/app"));
        Assert.Equal(keyRing, DataFolder.KeysFolder(config, "/srv/app"));
    }

    [Fact]
    public void Paths_OnPostgres_HaveNoDatabaseFile_AndTheKeyRingInTheDatabase()
    {
        var config = Config(new() { ["Database:Provider"] = "Postgres", [DataFolder.Setting] = "/var/lib/congresshub" });

        Assert.Null(DataFolder.SqliteDatabase(config, "/srv/app"));
        Assert.Null(DataFolder.KeysFolder(config, "/srv/app"));
    }

    [Fact]
    public async Task App_WithDataFolder_KeepsItsDatabaseAndKeyRingThere()
    {
        var data = Path.Combine(_folder, "state");
        await using var app = App(data, Path.Combine(_folder, "secrets", "secrecy.key"));

        var ready = await app.CreateClient().GetAsync("/health/ready");

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(Path.Combine(data, DataFolder.DatabaseFileName)));
        Assert.NotEmpty(System.IO.Directory.GetFiles(Path.Combine(data, "keys"), "key-*.xml"));
    }

    [Fact]
    public void App_WithADataFolderThatCannotBeMade_StopsNamingTheSetting()
    {
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        using var app = App(Path.Combine(file, "data"), Path.Combine(_folder, "secrecy.key"));

        var stopped = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(DataFolder.Setting, Messages(stopped));
    }

    [Fact]
    public async Task App_WithTheSecrecyKeyInTheDataFolder_StopsNamingTheSetting()
    {
        var data = Path.Combine(_folder, "state");
        await using var app = App(data, Path.Combine(data, "secrecy.key"));

        var stopped = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(Secrecy.Setting, Messages(stopped));
        Assert.Contains("data folder", Messages(stopped));
    }

    [Fact]
    public void ContentRoot_StartedFromAnotherFolder_IsTheProgramFolder_UnderDotnetRunTheProjectFolder()
    {
        var program = System.IO.Directory.CreateDirectory(Path.Combine(_folder, "program")).FullName;
        var project = System.IO.Directory.CreateDirectory(Path.Combine(_folder, "project")).FullName;
        var home = System.IO.Directory.CreateDirectory(Path.Combine(_folder, "home")).FullName;
        File.WriteAllText(Path.Combine(program, "appsettings.json"), "{}");
        File.WriteAllText(Path.Combine(project, "appsettings.json"), "{}");

        Assert.Equal(program, Installation.ContentRoot([], home, program));
        Assert.Null(Installation.ContentRoot([], project, program));
        Assert.Null(Installation.ContentRoot([], program, program));
        Assert.Null(Installation.ContentRoot(["--contentRoot", home], home, program));
    }

    /// <summary>The app with only <c>Data:Folder</c> saying where its files go (no connection string, no key folder).</summary>
    private static WebApplicationFactory<Program> App(string dataFolder, string secrecyKeyFile) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting(DataFolder.Setting, dataFolder);
            b.UseSetting(Secrecy.Setting, secrecyKeyFile);
            b.UseSetting("Demo:Seed", "false");
        });

    private static IConfiguration Config(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static string Messages(Exception e) => string.Join("\n", Chain(e).Select(x => x.Message));

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_folder, recursive: true);
    }
}
