using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CongressHub.Domain;
using CongressHub.Domain.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Bench;

/// <summary>
/// The published app, started as its own process on a free loopback port over a fresh database that the benchmark
/// prepared with the domain's own services.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    private Process _process;
    private readonly string _appFolder;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private AppUnderTest(Process process, string url, string folder, string appFolder, IReadOnlyDictionary<string, string> environment)
    {
        _process = process;
        Url = url;
        Folder = folder;
        _appFolder = appFolder;
        _environment = environment;
    }

    public string Url { get; }

    public string Folder { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Publishes the app once (Release) into <paramref name="folderName"/> under the system temp folder and returns
    /// that folder; each benchmark that may run beside another passes a folder of its own.
    /// </summary>
    public static async Task<string> PublishAsync(string folderName = "congresshub-bench-app")
    {
        var output = Path.Combine(Path.GetTempPath(), folderName);
        var root = FindRoot();
        Console.WriteLine($"publishing CongressHub.Web (Release) to {output} …");
        var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "CongressHub.Web"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
        })!;
        await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed");
        }
        return output;
    }

    /// <summary>A fresh demo database, prepared by <paramref name="prepare"/> with the domain services, then the app on top of it.</summary>
    public static async Task<AppUnderTest> StartAsync(string appFolder, Func<IServiceProvider, Task> prepare, IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-bench", Guid.NewGuid().ToString("N"))).FullName;
        var db = Path.Combine(folder, "bench.db");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:CongressHub"] = $"Data Source={db}" }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddCongressDomain(config, folder).BuildServiceProvider())
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: true);
            await prepare(services);
        }
        SqliteConnection.ClearAllPools();

        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["ConnectionStrings__CongressHub"] = $"Data Source={db}",
            ["DataProtection__KeysFolder"] = Path.Combine(folder, "keys"),
        };
        return await LaunchAsync(appFolder, folder, environment);
    }

    /// <summary>
    /// The niceness the servers of a benchmark start at (the app and the plain pages' server alike): below 0, ahead of
    /// the browser's pages on the same cores, as a server on its own machine is ahead of the phones in a hall.
    /// </summary>
    public static int ServerNice { get; set; }

    /// <summary>Starts <paramref name="file"/> at <see cref="ServerNice"/> (through <c>nice</c> when not 0).</summary>
    public static ProcessStartInfo ServerProcess(string file, IEnumerable<string> args) =>
        ServerNice == 0 ? new ProcessStartInfo(file, args) : new ProcessStartInfo("nice", ["-n", ServerNice.ToString(CultureInfo.InvariantCulture), file, .. args]);

    /// <summary>Starts the published app with <paramref name="environment"/> on a free loopback port and waits until it answers.</summary>
    public static async Task<AppUnderTest> LaunchAsync(string appFolder, string folder, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var info = ServerProcess("dotnet", [Path.Combine(appFolder, "CongressHub.Web.dll")]);
        info.WorkingDirectory = appFolder;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        // Unprefixed, so that it overrides the Urls of appsettings.json.
        info.Environment["Urls"] = url;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Diagnostics__Enabled"] = "true";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // The benchmarks stand in for thousands of devices with the demo's accounts: one token holds many connections.
        info.Environment["Limits__HubConnectionsPerToken"] = "100000";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("app: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(url + "/signin")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The app did not start.");
            }
            await Task.Delay(200);
        }
        return new AppUnderTest(process, url, folder, appFolder, environment);
    }

    /// <summary>
    /// Kills the app at once (SIGKILL: no shutdown, nothing flushed that was not already committed) and starts it
    /// again on the same database; returns its new address.
    /// </summary>
    public async Task<string> KillAndRestartAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        var again = await LaunchAsync(_appFolder, Folder, _environment);
        _process = again._process;
        return again.Url;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CongressHub.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
