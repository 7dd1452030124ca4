using System.Diagnostics;
using System.Net;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Hosting;

/// <summary>
/// The output of <c>dotnet publish</c> runs as an installation runs it, with nothing but the .NET runtime: started from
/// another folder, in Production, its data in <c>Data:Folder</c> and its secrecy key elsewhere again. One process at a
/// time, beside the other tests that start the app as its own process.
/// </summary>
[Collection(NodesCollection.Name)]
public sealed class PublishedAppTests : IDisposable
{
    private readonly string _root = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-tests", "published-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task PublishedApp_StartedFromAnotherFolder_ServesItsPagesAndFiles_AndWritesOnlyInTheDataFolder()
    {
        var program = Folder("program");
        var elsewhere = Folder("elsewhere");
        var data = Folder("data");
        var secrets = Folder("secrets");
        await PublishAsync(program);
        var published = Entries(program);

        await using var app = await NodeProcess.StartPublishedAsync(Path.Combine(program, "CongressHub.Web.dll"), elsewhere, new Dictionary<string, string>
        {
            ["Data__Folder"] = data,
            ["Secrecy__KeyFile"] = Path.Combine(secrets, "secrecy.key"),
            ["Demo__Seed"] = "true",
        });
        var signIn = await app.Http.GetAsync("/signin");
        var page = await signIn.Content.ReadAsStringAsync();
        var ownCss = System.Text.RegularExpressions.Regex.Match(page, "href=\"(app\\.[a-z0-9]+\\.css)\"").Groups[1].Value;

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\"", page);
        Assert.Contains("登录", page);
        Assert.NotEmpty(ownCss);
        foreach (var file in new[] { ownCss, "app.js", "_content/MudBlazor/MudBlazor.min.css", "_content/MudBlazor/MudBlazor.min.js", "_framework/blazor.web.js" })
        {
            var response = await app.Http.GetAsync("/" + file);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{file}: {(int)response.StatusCode}\n{app.Output}");
        }
        Assert.True(File.Exists(Path.Combine(data, DataFolder.DatabaseFileName)));
        Assert.NotEmpty(System.IO.Directory.GetFiles(Path.Combine(data, "keys"), "key-*.xml"));
        Assert.True(File.Exists(Path.Combine(secrets, "secrecy.key")));
        Assert.False(System.IO.Directory.Exists(Path.Combine(program, "data")));
        Assert.Equal(published, Entries(program));
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(elsewhere));
    }

    /// <summary>
    /// Publishes the web project into <paramref name="output"/> from the build this test run was made with (the same
    /// configuration, <c>--no-build</c>): the publish step itself (static files, their manifest, the runtime
    /// configuration) is what is under test, not the compiler.
    /// </summary>
    private static async Task PublishAsync(string output)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var project = Path.Combine(Common.ResourceTests.RepoRoot(), "CongressHub.Web", "CongressHub.Web.csproj");
        var info = new ProcessStartInfo("dotnet", ["publish", project, "-c", configuration, "--no-build", "-o", output, "-v", "q", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(info)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
    }

    private static string[] Entries(string folder) =>
        [.. System.IO.Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private string Folder(string name) => System.IO.Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);
}
