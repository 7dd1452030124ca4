using CongressHub.Domain.Common;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace CongressHub.Tests.Hosting;

/// <summary>
/// Every setting the app reads is checked when it starts: a wrong value stops the start, before anything is written,
/// with one message that names the setting (as in appsettings.json and as an environment variable) and the value.
/// </summary>
public sealed class SettingsTests : IDisposable
{
    private readonly string _folder = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-tests", Guid.NewGuid().ToString("N"))).FullName;

    [Theory]
    [InlineData("Database:Provider", "Oracle")]
    [InlineData("Demo:Seed", "maybe")]
    [InlineData("Https:Redirect", "perhaps")]
    [InlineData("Diagnostics:Enabled", "yes")]
    [InlineData("Limits:PublicRequestsPerMinute", "ten")]
    [InlineData("Limits:CircuitsPerUser", "-1")]
    [InlineData("Realtime:Redis", "redis:6379,bogus=1")]
    [InlineData("Congress:TimeZone", "Mars/Olympus_Mons")]
    [InlineData("Congress:PublicBaseUrl", "/relative")]
    [InlineData("Network:KnownProxies", "proxy.local")]
    [InlineData("PublicForms:OpinionsPerHour", "0")]
    [InlineData("PublicForms:CommentsPerHour", "lots")]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4318")]
    [InlineData("Api:Reference", "sometimes")]
    public async Task Start_WithAWrongValue_StopsBeforeWritingAnything_NamingTheSettingAndTheValue(string setting, string value)
    {
        var before = SessionTime.Zone.Id;
        await using var app = AppFactory.On(DatabasePath, new Dictionary<string, string> { [setting] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = Assert.Single(WrongSettings(error));
        Assert.Contains(setting, message, StringComparison.Ordinal);
        Assert.Contains(setting.Replace(":", "__", StringComparison.Ordinal), message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", message, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
        Assert.Equal(before, SessionTime.Zone.Id);
    }

    [Fact]
    public async Task Start_OnPostgresWithoutAConnectionString_NamesTheConnectionString()
    {
        await using var app = AppFactory.On(DatabasePath, new Dictionary<string, string> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:CongressHub"] = "" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = Assert.Single(WrongSettings(error));
        Assert.Contains("ConnectionStrings:CongressHub", message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__CongressHub", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite", "Data Sauce=congress.db;Password=Secret2026")]
    [InlineData("Postgres", "Host=db;Colour=blue;Password=Secret2026")]
    public async Task Start_WithAMalformedConnectionString_NamesItWithoutRepeatingIt(string provider, string connectionString)
    {
        await using var app = AppFactory.On(DatabasePath, new Dictionary<string, string> { ["Database:Provider"] = provider, ["ConnectionStrings:CongressHub"] = connectionString });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = Assert.Single(WrongSettings(error));
        Assert.Contains("ConnectionStrings:CongressHub", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret2026", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAWeakInitialAdminPassword_SaysWhichRuleApplies_WithoutRepeatingIt()
    {
        await using var app = AppFactory.On(DatabasePath, new Dictionary<string, string> { ["Demo:Seed"] = "false", ["Admin:InitialPassword"] = "cityhall" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = Assert.Single(WrongSettings(error));
        Assert.Contains("Admin:InitialPassword", message, StringComparison.Ordinal);
        Assert.Contains("at least 8 characters", message, StringComparison.Ordinal);
        Assert.DoesNotContain("cityhall", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithTwoWrongValues_NamesBoth()
    {
        await using var app = AppFactory.On(DatabasePath, new Dictionary<string, string> { ["Demo:Seed"] = "maybe", ["Https:Redirect"] = "perhaps" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var messages = WrongSettings(error);
        Assert.Contains(messages, m => m.Contains("Demo:Seed", StringComparison.Ordinal) && m.Contains("'maybe'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Https:Redirect", StringComparison.Ordinal) && m.Contains("'perhaps'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(" FALSE ", false)]
    [InlineData("True", true)]
    public void Read_TakesTheDefaultForAnEmptyValue_AndBoolsInAnyCase(string? value, bool seed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Seed"] = value }).Build();

        var demo = Settings.Read<DemoOptions>(configuration);

        Assert.Equal(seed, demo.Seed);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection is left for the OS to clean.
        }
    }

    private string DatabasePath => Path.Combine(_folder, "congresshub.db");

    /// <summary>The wrong settings the start reported, wherever in the exception's chain the host put them.</summary>
    private static List<string> WrongSettings(Exception error) =>
        [.. Chain(error).Select(Settings.Failures).FirstOrDefault(f => f is not null) ?? throw new Xunit.Sdk.XunitException($"Not a settings failure: {error}")];

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException a)
            {
                foreach (var inner in a.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
