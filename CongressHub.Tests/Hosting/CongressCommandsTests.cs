using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using CongressHub.Web.Hosting.Commands;
using Microsoft.Data.Sqlite;

namespace CongressHub.Tests.Hosting;

/// <summary>
/// The executable's commands through the entry Program.cs uses, each on a real SQLite file that only the command line
/// names (<c>--ConnectionStrings:CongressHub=…</c>), as an operator would run them.
/// </summary>
public sealed class CongressCommandsTests : IAsyncLifetime
{
    private static readonly CultureInfo Chinese = CommandConsole.LanguageOf(name => name == "LANG" ? "zh_CN.UTF-8" : null);

    private readonly string _folder = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-tests", Guid.NewGuid().ToString("N"))).FullName;

    private string DatabasePath => Path.Combine(_folder, "congresshub.db");

    [Fact]
    public async Task Migrate_OnAnEmptyDatabaseFile_CreatesTheSchemaAndRoles_AndASecondRunHasNothingToDo()
    {
        var (code, output) = await RunAsync("migrate");
        var (again, againOutput) = await RunAsync("migrate");

        Assert.Equal(0, code);
        Assert.StartsWith("Applied ", output);
        Assert.Contains("_Foundation", output);
        Assert.Equal(Roles.All.Order(), await QueryAsync("SELECT Name FROM AspNetRoles ORDER BY Name"));
        Assert.Equal(["0"], await QueryAsync("SELECT COUNT(*) FROM Streets"));
        Assert.Equal(["0"], await QueryAsync("SELECT COUNT(*) FROM AspNetUsers"));
        Assert.Equal(0, again);
        Assert.Equal("The database is up to date: nothing to apply.", againOutput.Trim());
    }

    [Fact]
    public async Task Migrate_WhenTheDatabaseCannotBeOpened_ExitsOne_SayingWhatToCheck()
    {
        var (code, output) = await RunWithAsync(o => CommandConsole.Into(o), "migrate", "--Database:Provider=Sqlite", $"--ConnectionStrings:CongressHub=Data Source={Path.Combine(_folder, "no-such-folder", "x.db")}");

        Assert.Equal(1, code);
        Assert.Contains("Cannot reach the database", output);
        Assert.Contains("unable to open database file", output);
        Assert.Contains("ConnectionStrings:CongressHub", output);
    }

    [Fact]
    public async Task Migrate_WithAWrongSetting_ExitsOne_NamingTheSetting_AndTouchesNoDatabase()
    {
        var (code, output) = await RunAsync("migrate", "--Demo:Seed=maybe");
        var (zhCode, chinese) = await RunOnDatabaseAsync(o => CommandConsole.Into(o, Chinese), "migrate", "--Congress:TimeZone", "Mars/Olympus_Mons");

        Assert.Equal((1, 1), (code, zhCode));
        Assert.Equal("Wrong setting: Demo:Seed (environment variable Demo__Seed) is 'maybe': set it to true or false.", output.Trim());
        Assert.StartsWith("配置有误：Congress:TimeZone (environment variable Congress__TimeZone) is 'Mars/Olympus_Mons'", chinese.Trim());
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task CreateAdmin_WithAPasswordOrFromStandardInput_MakesCityAdminsThatCanSignIn()
    {
        await RunAsync("migrate");

        var (code, output) = await RunAsync("create-admin", "cityhall", "--password", "Harbour2026");
        var (piped, _) = await RunOnDatabaseAsync(o => CommandConsole.Into(o, input: new StringReader("Lantern77x\n")), "create-admin", "deputy", "--display-name", "副主任");

        Assert.Equal((0, 0), (code, piped));
        Assert.Equal("Created the city admin account cityhall: it can sign in now.", output.Trim());
        await using var app = AppFactory.On(DatabasePath, new Dictionary<string, string> { ["Demo:Seed"] = "false" });
        using var client = app.NewBrowserClient();
        var signIn = await AppFactory.PostSignInAsync(client, "cityhall", "Harbour2026");
        Assert.Equal("/dashboard", AppFactory.Where(signIn));
        await AppFactory.TokenAsync(app.NewBrowserClient(), "deputy", "Lantern77x");
        Assert.Equal(["CityAdmin", "CityAdmin"], await QueryAsync("SELECT r.Name FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId"));
        Assert.Equal(["cityhall", "副主任"], await QueryAsync("SELECT DisplayName FROM AspNetUsers ORDER BY UserName"));
    }

    [Fact]
    public async Task CreateAdmin_ATakenNameOrAWeakPassword_ExitsOne_SayingWhy_AndCreatesNothing()
    {
        await RunAsync("migrate");
        await RunAsync("create-admin", "cityhall", "--password", "Harbour2026");

        var (taken, takenText) = await RunAsync("create-admin", "cityhall", "--password", "Other2026x");
        var (weak, weakText) = await RunAsync("create-admin", "clerk", "--password", "harbour");
        var (weakZh, weakZhText) = await RunOnDatabaseAsync(o => CommandConsole.Into(o, Chinese), "create-admin", "clerk", "--password", "harbour");
        var (none, noneText) = await RunAsync("create-admin", "clerk");

        Assert.Equal((1, "This user name is already taken."), (taken, takenText.Trim()));
        Assert.Equal((1, "A password needs at least 8 characters, with an upper-case letter, a lower-case letter and a digit."), (weak, weakText.Trim()));
        Assert.Equal((1, "密码至少 8 位，须包含大写字母、小写字母和数字。"), (weakZh, weakZhText.Trim()));
        Assert.Equal(1, none);
        Assert.Contains("--password", noneText);
        Assert.Equal(["cityhall"], await QueryAsync("SELECT UserName FROM AspNetUsers"));
    }

    [Fact]
    public async Task ResetPassword_PrintsAOneTimePassword_TheOldOneFails_AndTheNewOneSignsInOnlyToChooseAnother()
    {
        await RunAsync("migrate");
        await RunAsync("create-admin", "cityhall", "--password", "Harbour2026");

        var (code, output) = await RunAsync("reset-password", "cityhall");
        var (unknown, unknownText) = await RunAsync("reset-password", "nobody");
        var (unknownZh, unknownZhText) = await RunOnDatabaseAsync(o => CommandConsole.Into(o, Chinese), "reset-password", "nobody");

        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal("The password of cityhall is reset. Its one-time password (it works once and must be changed at sign-in):", lines[0].Trim());
        var oneTime = lines[1].Trim();
        Assert.Equal((1, "There is no account with the user name 'nobody'."), (unknown, unknownText.Trim()));
        Assert.Equal((1, "没有用户名为“nobody”的账号。"), (unknownZh, unknownZhText.Trim()));
        Assert.Equal(["Account.PasswordResetAtConsole"], await QueryAsync("SELECT Action FROM AuditEntries WHERE Action LIKE 'Account.PasswordReset%'"));
        await using var app = AppFactory.On(DatabasePath, new Dictionary<string, string> { ["Demo:Seed"] = "false" });
        var old = await AppFactory.PostSignInAsync(app.NewBrowserClient(), "cityhall", "Harbour2026");
        Assert.NotEqual("/dashboard", AppFactory.Where(old));
        Assert.Equal(System.Net.HttpStatusCode.OK, old.StatusCode);
        var client = app.NewBrowserClient();
        var signIn = await AppFactory.PostSignInAsync(client, "cityhall", oneTime);
        Assert.StartsWith("/account/password", AppFactory.Where(signIn));
        var anyPage = await client.GetAsync("/dashboard");
        Assert.StartsWith("/account/password", AppFactory.Where(anyPage));
    }

    [Fact]
    public async Task CreateAdmin_BeforeMigrate_ExitsOne_AskingForMigrate()
    {
        var (code, output) = await RunAsync("create-admin", "cityhall", "--password", "Harbour2026");

        Assert.Equal(1, code);
        Assert.Equal("The database is not up to date: run migrate first, then try again.", output.Trim());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_ListsEveryCommandWithItsDescription_InEnglish_AndInChinese(string help)
    {
        var (code, english) = await RunWithAsync(o => CommandConsole.Into(o), help);
        var (zhCode, chinese) = await RunWithAsync(o => CommandConsole.Into(o, Chinese), help);

        Assert.Equal((0, 0), (code, zhCode));
        foreach (var command in CongressCommands.All)
        {
            Assert.Contains(command.Name, english);
            Assert.Contains(command.Name, chinese);
        }
        Assert.Contains("Applies pending migrations to the configured database", english);
        Assert.Contains("Creates a city admin account.", english);
        Assert.Contains("Verifies every audit chain", english);
        Assert.Contains("Resets an account's password", english);
        Assert.Contains("Backs up the configured database and its key ring", english);
        Assert.Contains("Puts a folder made by backup in place of the configured database", english);
        Assert.Contains("将配置的数据库（SQLite 或 PostgreSQL）更新到最新结构", chinese);
        Assert.Contains("创建市级管理员账号。", chinese);
        Assert.Contains("核对每条审计链", chinese);
        Assert.Contains("重置一个账号的密码", chinese);
        Assert.Contains("把所配置的数据库及其密钥环备份", chinese);
        Assert.Contains("用 backup 生成的文件夹替换所配置的数据库", chinese);
        Assert.DoesNotContain("Applies pending migrations", chinese);
        Assert.False(File.Exists(DatabasePath));
    }

    [Theory]
    [InlineData("migrate", "--bogus")]
    [InlineData("create-admin", "--bogus")]
    [InlineData("verify-audit", "--bogus")]
    [InlineData("reset-password", "cityhall", "--bogus")]
    [InlineData("backup", "--bogus")]
    [InlineData("restore", "somewhere", "extra")]
    [InlineData("verify-audit", "shiyan", "extra")]
    public async Task AnUnknownOptionOrArgument_ExitsNonZero_WithTheCommandsUsage(params string[] args)
    {
        var (code, output) = await RunAsync(args);

        Assert.NotEqual(0, code);
        Assert.Contains(args[^1], output);
        Assert.Contains($"Usage:\n  {RootName()} {args[0]}", output.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(DatabasePath));
    }

    [Theory]
    [InlineData("zh_CN.UTF-8", null, "zh-CN")]
    [InlineData("en_US.UTF-8", "zh_TW.UTF-8", "zh-CN")]
    [InlineData("zh_CN.UTF-8", "C", "en")]
    [InlineData(null, null, "en")]
    public void Language_FollowsLcAllBeforeLang(string? lang, string? lcAll, string expected)
    {
        var culture = CommandConsole.LanguageOf(name => name switch { "LANG" => lang, "LC_ALL" => lcAll, _ => null });

        Assert.Equal(expected, culture.Name);
    }

    [Fact]
    public async Task TheWebApp_StillStarts_OnASettingGivenAsAnArgument()
    {
        await using var node = await NodeProcess.StartWithArgumentsAsync(DatabasePath);

        var page = await node.Http.GetAsync("/signin");

        Assert.True(page.IsSuccessStatusCode, node.Output);
        Assert.True(File.Exists(DatabasePath));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
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
        return ValueTask.CompletedTask;
    }

    private Task<(int Code, string Output)> RunAsync(params string[] args) => RunOnDatabaseAsync(o => CommandConsole.Into(o), args);

    private Task<(int Code, string Output)> RunOnDatabaseAsync(Func<TextWriter, CommandConsole> console, params string[] args) =>
        RunWithAsync(console, [.. args, "--Database:Provider=Sqlite", "--ConnectionStrings:CongressHub", $"Data Source={DatabasePath}"]);

    private static async Task<(int Code, string Output)> RunWithAsync(Func<TextWriter, CommandConsole> console, params string[] args)
    {
        using var output = new StringWriter();
        var code = await CongressCommands.RunAsync(args, console(output));
        return (code, output.ToString());
    }

    private static string RootName() => System.CommandLine.RootCommand.ExecutableName;

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }
        return rows;
    }
}
