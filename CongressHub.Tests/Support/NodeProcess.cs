using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Support;

/// <summary>
/// One node of the app as its own process (<c>dotnet CongressHub.Web.dll</c>, the build output of the web project) on a
/// free loopback port, on PostgreSQL and Redis: static state is per process, so two nodes are two processes.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public string Url { get; }

    /// <summary>A client of this node without cookies.</summary>
    public HttpClient Http { get; }

    /// <summary>What the node wrote to its console, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts a node on <paramref name="connectionString"/> and waits until it says it is ready. Behind it, as behind a
    /// balancer, the loopback address is a known proxy, so that each test names the resident it plays in
    /// X-Forwarded-For; the public site's budget is small (<see cref="PublicRequestsPerMinute"/>).
    /// </summary>
    public static Task<NodeProcess> StartAsync(string connectionString, string redis) => StartAsync(new Dictionary<string, string>
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__CongressHub"] = connectionString,
        ["Realtime__Redis"] = redis,
        ["Logging__LogLevel__CongressHub.Web.Realtime"] = "Information",
        ["Network__KnownProxies"] = "127.0.0.1",
        ["Limits__PublicRequestsPerMinute"] = PublicRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>The public site's budget per address on the nodes of <see cref="NodePair"/>.</summary>
    public const int PublicRequestsPerMinute = 10;

    /// <summary>
    /// Starts the app alone on a SQLite file, its key ring beside it, with more environment (such as <c>TZ</c>, the
    /// server's own time zone), and waits until it says it is ready.
    /// </summary>
    public static Task<NodeProcess> StartOnSqliteAsync(string databasePath, IReadOnlyDictionary<string, string> environment) =>
        StartAsync(new Dictionary<string, string>(environment)
        {
            ["ConnectionStrings__CongressHub"] = $"Data Source={databasePath}",
            ["DataProtection__KeysFolder"] = Path.Combine(Path.GetDirectoryName(databasePath)!, "keys"),
        });

    /// <summary>
    /// Starts the app alone on a SQLite file that only its command line names, as an operator would:
    /// <c>--ConnectionStrings:CongressHub=…</c> and <c>--DataProtection:KeysFolder …</c>.
    /// </summary>
    public static Task<NodeProcess> StartWithArgumentsAsync(string databasePath) =>
        StartAsync(new Dictionary<string, string>(), [
            $"--ConnectionStrings:CongressHub=Data Source={databasePath}",
            "--DataProtection:KeysFolder", Path.Combine(Path.GetDirectoryName(databasePath)!, "keys"),
        ]);

    /// <summary>
    /// Starts a published copy of the app (<paramref name="program"/>, its <c>CongressHub.Web.dll</c>) as an installation
    /// runs it: in Production, from <paramref name="workingDirectory"/>, with <paramref name="environment"/>.
    /// </summary>
    public static Task<NodeProcess> StartPublishedAsync(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment) =>
        StartAsync(environment, program: program, workingDirectory: workingDirectory, hostEnvironment: "Production");

    private static async Task<NodeProcess> StartAsync(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null,
        string? program = null, string? workingDirectory = null, string hostEnvironment = "Development")
    {
        var web = program ?? WebAssembly();
        var url = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo("dotnet", [web, "--urls", url, .. arguments ?? []])
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(web)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = hostEnvironment;
        info.Environment["Demo__Seed"] = "true";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var node = new NodeProcess(Process.Start(info)!, url);
        node._process.OutputDataReceived += (_, e) => node.Append(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        try
        {
            // A node on a new database migrates it and seeds the demo city before it is ready: on two cores shared with
            // the rest of the suite and the PostgreSQL pass beside it, that has taken over a minute.
            await node.WaitForHealthAsync(ready: true, seconds: 180);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>Waits until <c>/health/ready</c> answers ready (or, with <paramref name="ready"/> false, not ready).</summary>
    public async Task WaitForHealthAsync(bool ready, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            try
            {
                var response = await Http.GetAsync("/health/ready", timeout.Token);
                if (response.IsSuccessStatusCode == ready)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!ready || !_process.HasExited)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Assert.False(_process.HasExited, "The node stopped:\n" + Output);
            // Polling a health endpoint: the condition is the node's own answer.
            await Task.Delay(100, CancellationToken.None);
        }
        Assert.Fail($"{Url} did not become {(ready ? "ready" : "not ready")} within {seconds} s:\n{Output}");
    }

    public async Task<string> TokenAsync(string userName) => await AppFactory.TokenAsync(Http, userName);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string token, object? body = null) =>
        AppFactory.SendAsync(Http, method, url, token, body);

    /// <summary>A hub client of this node, joined to nothing yet.</summary>
    public HubConnection Hub(string token) =>
        new HubConnectionBuilder()
            .WithUrl(Url + "/hubs/congress", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();

    public async Task<int> LiveSessionIdAsync(string token)
    {
        var sessions = await AppFactory.GetJsonAsync(Http, "/api/sessions", token);
        return sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
    }

    public async Task<SessionSnapshot> LiveAsync(int sessionId, string token) =>
        (await (await SendAsync(HttpMethod.Get, $"/api/sessions/{sessionId}/live", token)).Content.ReadFromJsonAsync<SessionSnapshot>(Json))!;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string WebAssembly()
    {
        // The web project's own build output, of the same configuration as this test assembly (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(Common.ResourceTests.RepoRoot(), "CongressHub.Web", "bin", configuration, "net10.0", "CongressHub.Web.dll");
        Assert.True(File.Exists(path), $"Build the solution first: {path} is missing.");
        return path;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Two nodes of the app on one fresh copy of the demo database in PostgreSQL, sharing the test run's Redis.</summary>
public sealed class NodePair : IAsyncLifetime
{
    public NodeProcess A { get; private set; } = null!;

    public NodeProcess B { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await TestDatabase.CopyPostgresTemplateAsync();
        A = await NodeProcess.StartAsync(ConnectionString, TestEngine.RedisServer);
        B = await NodeProcess.StartAsync(ConnectionString, TestEngine.RedisServer);
    }

    /// <summary>
    /// Issues a card to a delegate with the domain's own service on the nodes' database (the pages do it in the app;
    /// the device API has no call for it) and returns its code.
    /// </summary>
    public async Task<string> IssueCardAsync(string convener, string delegateName)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:CongressHub"] = ConnectionString,
            [Domain.Common.Secrecy.Setting] = TestSecrecy.KeyFile,
        }).Build();
        await using var services = Domain.DependencyInjection.AddCongressDomain(new ServiceCollection().AddLogging(), config, Path.GetTempPath()).BuildServiceProvider();
        var users = services.GetRequiredService<IDbContextFactory<Domain.Common.CongressDbContext>>();
        await using var db = await users.CreateDbContextAsync();
        var delegateId = await db.Users.Where(u => u.UserName == delegateName).Select(u => u.DelegateId!.Value).SingleAsync();
        var streetId = await db.Users.Where(u => u.UserName == convener).Select(u => u.StreetId!.Value).SingleAsync();
        var actor = new Domain.Common.Actor("test", streetId, new HashSet<string> { Domain.Common.Roles.Convener });
        return (await services.GetRequiredService<Domain.Directory.CardService>().IssueAsync(actor, delegateId)).Code;
    }

    public async ValueTask DisposeAsync()
    {
        // The nodes' own logs, kept beside the screenshots for a failing run.
        var logs = System.IO.Directory.CreateDirectory(Path.Combine(Common.ResourceTests.RepoRoot(), "TestResults", "nodes")).FullName;
        var name = Guid.NewGuid().ToString("N")[..8];
        if (A is not null)
        {
            await A.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(logs, $"{name}-a.log"), A.Output);
        }
        if (B is not null)
        {
            await B.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(logs, $"{name}-b.log"), B.Output);
        }
        if (ConnectionString.Length > 0)
        {
            await TestEngine.DropPostgresDatabaseAsync(ConnectionString);
        }
    }
}

/// <summary>
/// The tests that run several nodes share one Redis (one restarts it): one at a time, and after the other tests, so that
/// four app processes and their browser do not crowd the browser tests' two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodesCollection
{
    public const string Name = "Nodes";
}
