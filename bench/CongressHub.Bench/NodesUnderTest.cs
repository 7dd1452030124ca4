using CongressHub.Domain;
using CongressHub.Domain.Common;
using CongressHub.Domain.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CongressHub.Bench;

/// <summary>
/// One or two nodes of the published app on a fresh PostgreSQL database (prepared with the domain's services), with or
/// without Redis, as in a city's installation behind a load balancer. The servers are those of
/// <c>scripts/services.sh</c>: <c>CONGRESSHUB_TEST_POSTGRES</c> and <c>CONGRESSHUB_TEST_REDIS</c>.
/// </summary>
internal sealed class NodesUnderTest : IAsyncDisposable
{
    private readonly string _database;
    private readonly string _folder;

    private NodesUnderTest(List<AppUnderTest> nodes, string database, string folder)
    {
        Nodes = nodes;
        _database = database;
        _folder = folder;
    }

    public IReadOnlyList<AppUnderTest> Nodes { get; }

    public static async Task<NodesUnderTest> StartAsync(string appFolder, int count, bool redis, Func<IServiceProvider, Task> prepare)
    {
        var server = Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Start PostgreSQL and Redis first: scripts/services.sh start DIR, then source DIR/env.");
        var redisServer = Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_REDIS") ?? throw new InvalidOperationException("CONGRESSHUB_TEST_REDIS is not set.");
        var name = "bench_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-bench", name)).FullName;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseEngine.Postgres,
            ["ConnectionStrings:CongressHub"] = connectionString + ";Pooling=false",
        }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddCongressDomain(config, folder).BuildServiceProvider())
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: true);
            await prepare(services);
        }
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = DatabaseEngine.Postgres,
            ["ConnectionStrings__CongressHub"] = connectionString,
        };
        if (redis)
        {
            environment["Realtime__Redis"] = redisServer;
        }
        var nodes = new List<AppUnderTest>();
        for (var i = 0; i < count; i++)
        {
            // One after the other: the first makes the shared key ring, the next finds it.
            nodes.Add(await AppUnderTest.LaunchAsync(appFolder, folder, environment));
        }
        return new NodesUnderTest(nodes, name, folder);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_POSTGRES")!, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
