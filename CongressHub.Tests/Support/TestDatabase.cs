using CongressHub.Domain;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Support;

/// <summary>
/// A real database with the demo street seeded, and the domain's services wired as the app wires them: a SQLite file,
/// or a PostgreSQL database when the test run's engine is PostgreSQL (<see cref="TestEngine"/>). The seeded database
/// is built once per test run and copied for each test (a file copy, or <c>CREATE DATABASE … TEMPLATE</c>), so every
/// test starts from the same state.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset SeedTime = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<Task<string>> Template = new(() => BuildTemplateAsync(new TestClock(SeedTime)));
    private static readonly Lazy<Task<string>> PostgresTemplate = new(() => BuildPostgresTemplateAsync(new TestClock(SeedTime)));

    // Apps under test run on the real clock, so their copies are seeded when the run starts: the demo's dates (a notice
    // open now, last quarter's resolutions, last year's evaluations) hold on whatever day the suite runs.
    private static readonly Lazy<Task<string>> AppTemplate = new(() => BuildTemplateAsync(TimeProvider.System));
    private static readonly Lazy<Task<string>> PostgresAppTemplate = new(() => BuildPostgresTemplateAsync(TimeProvider.System));
    private readonly string _folder;

    private TestDatabase(string folder, ServiceProvider services, TestClock clock, string engine, string connectionString)
    {
        _folder = folder;
        Services = services;
        Clock = clock;
        Engine = engine;
        ConnectionString = connectionString;
    }

    /// <summary><see cref="DatabaseEngine.Sqlite"/> or <see cref="DatabaseEngine.Postgres"/>.</summary>
    public string Engine { get; }

    public bool IsPostgres => Engine == DatabaseEngine.Postgres;

    public string ConnectionString { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string Path => IsPostgres ? throw new InvalidOperationException("A PostgreSQL test database has no file.") : System.IO.Path.Combine(_folder, "congresshub.db");

    public ServiceProvider Services { get; }

    public TestClock Clock { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The events the services published, in order.</summary>
    public RecordingEvents Events => Get<RecordingEvents>();

    public CongressDbContext NewContext() => Get<IDbContextFactory<CongressDbContext>>().CreateDbContext();

    /// <summary>
    /// A fresh copy of the seeded demo database; an empty database (roles only) when <paramref name="demo"/> is false.
    /// <paramref name="engine"/> defaults to the test run's (<see cref="TestEngine.Current"/>); <paramref name="services"/> adds
    /// what stands in for the world outside (a notice channel that records what it is given).
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(bool demo = true, string? engine = null, Action<IServiceCollection>? services = null)
    {
        engine ??= TestEngine.Current;
        var folder = NewFolder();
        string connectionString;
        if (engine == DatabaseEngine.Postgres)
        {
            var name = "t_" + Guid.NewGuid().ToString("N");
            await TestEngine.CreatePostgresDatabaseAsync(name, demo ? await PostgresTemplate.Value : null);
            connectionString = TestEngine.PostgresDatabase(name);
        }
        else
        {
            var path = System.IO.Path.Combine(folder, "congresshub.db");
            if (demo)
            {
                File.Copy(await Template.Value, path);
            }
            connectionString = $"Data Source={path}";
        }
        var clock = new TestClock(SeedTime);
        var provider = Build(engine, connectionString, folder, clock, services);
        if (!demo)
        {
            await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: false);
        }
        return new TestDatabase(folder, provider, clock, engine, connectionString);
    }

    /// <summary>A fresh PostgreSQL copy of the demo database seeded on the real clock, for apps under test that run as their own processes.</summary>
    public static async Task<string> CopyPostgresTemplateAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await TestEngine.CreatePostgresDatabaseAsync(name, await PostgresAppTemplate.Value);
        return TestEngine.PostgresDatabase(name);
    }

    /// <summary>Copies the demo database seeded on the real clock to a new folder, for an app under test.</summary>
    public static async Task<string> CopyTemplateAsync()
    {
        var path = System.IO.Path.Combine(NewFolder(), "congresshub.db");
        File.Copy(await AppTemplate.Value, path);
        return path;
    }

    /// <summary>The actor a demo account acts as, read from its account as sign-in would.</summary>
    public async Task<Actor> ActorAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<CongressUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No account {userName}.");
        return Actor.FromPrincipal(await factory.CreateAsync(user))!;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (IsPostgres)
        {
            await TestEngine.DropPostgresDatabaseAsync(ConnectionString);
        }
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

    private static ServiceProvider Build(string engine, string connectionString, string folder, TimeProvider clock, Action<IServiceCollection>? more = null)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = engine,
                ["ConnectionStrings:CongressHub"] = connectionString,
                [Secrecy.Setting] = TestSecrecy.KeyFile,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<RecordingEvents>();
        services.AddSingleton<ICongressEvents>(sp => sp.GetRequiredService<RecordingEvents>());
        services.AddCongressDomain(config, folder);
        services.AddSingleton<TimeProvider>(clock);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static async Task<string> BuildTemplateAsync(TimeProvider clock)
    {
        var path = System.IO.Path.Combine(NewFolder(), "template.db");
        await using (var services = Build(DatabaseEngine.Sqlite, $"Data Source={path}", System.IO.Path.GetDirectoryName(path)!, clock))
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: true);
            await using var db = await services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        SqliteConnection.ClearAllPools();
        return path;
    }

    private static async Task<string> BuildPostgresTemplateAsync(TimeProvider clock)
    {
        var name = "tmpl_" + Guid.NewGuid().ToString("N");
        await TestEngine.CreatePostgresDatabaseAsync(name, template: null);
        // Without pooling: a template may have no open connection while it is copied.
        var connectionString = TestEngine.PostgresDatabase(name) + ";Pooling=false";
        await using (var services = Build(DatabaseEngine.Postgres, connectionString, NewFolder(), clock))
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: true);
        }
        return name;
    }

    private static string NewFolder() =>
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "congresshub-tests", Guid.NewGuid().ToString("N"))).FullName;
}

/// <summary>Keeps every published event, and checks it was published after its change was committed.</summary>
public sealed class RecordingEvents : ICongressEvents
{
    private readonly List<CongressEvent> _events = [];

    public IReadOnlyList<CongressEvent> All
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>Where events go on to, when a test wires the live notifier in.</summary>
    public ICongressEvents? Forward { get; set; }

    public void Publish(CongressEvent e)
    {
        lock (_events)
        {
            _events.Add(e);
        }
        Forward?.Publish(e);
    }
}
