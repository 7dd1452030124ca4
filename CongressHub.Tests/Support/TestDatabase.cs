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
/// A real SQLite database file with the demo street seeded, and the domain's services wired as the app wires them.
/// The seeded file is built once per test run and copied for each test, so every test starts from the same state.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset SeedTime = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<Task<string>> Template = new(BuildTemplateAsync);
    private readonly string _folder;

    private TestDatabase(string folder, ServiceProvider services, TestClock clock)
    {
        _folder = folder;
        Services = services;
        Clock = clock;
    }

    public string Path => System.IO.Path.Combine(_folder, "congresshub.db");

    public ServiceProvider Services { get; }

    public TestClock Clock { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The events the services published, in order.</summary>
    public RecordingEvents Events => Get<RecordingEvents>();

    public CongressDbContext NewContext() => Get<IDbContextFactory<CongressDbContext>>().CreateDbContext();

    /// <summary>A fresh copy of the seeded demo database; an empty database (roles only) when <paramref name="demo"/> is false.</summary>
    public static async Task<TestDatabase> CreateAsync(bool demo = true)
    {
        var folder = NewFolder();
        var path = System.IO.Path.Combine(folder, "congresshub.db");
        if (demo)
        {
            File.Copy(await Template.Value, path);
        }
        var clock = new TestClock(SeedTime);
        var services = Build(path, clock);
        if (!demo)
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: false);
        }
        return new TestDatabase(folder, services, clock);
    }

    /// <summary>Copies the seeded template to a new folder, for an app under test.</summary>
    public static async Task<string> CopyTemplateAsync()
    {
        var path = System.IO.Path.Combine(NewFolder(), "congresshub.db");
        File.Copy(await Template.Value, path);
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

    private static ServiceProvider Build(string path, TestClock clock)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:CongressHub"] = $"Data Source={path}" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<RecordingEvents>();
        services.AddSingleton<ICongressEvents>(sp => sp.GetRequiredService<RecordingEvents>());
        services.AddCongressDomain(config, System.IO.Path.GetDirectoryName(path)!);
        services.AddSingleton<TimeProvider>(clock);
        return services.BuildServiceProvider();
    }

    private static async Task<string> BuildTemplateAsync()
    {
        var path = System.IO.Path.Combine(NewFolder(), "template.db");
        await using (var services = Build(path, new TestClock(SeedTime)))
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: true);
            await using var db = await services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        SqliteConnection.ClearAllPools();
        return path;
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
