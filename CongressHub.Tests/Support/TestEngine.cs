using CongressHub.Domain.Common;
using Npgsql;

namespace CongressHub.Tests.Support;

/// <summary>
/// Which engine the service tests run on, and the PostgreSQL, Redis and SMTP servers of the test run. <c>./test.sh</c> starts
/// both servers (scripts/services.sh) and runs the suite on SQLite, then the service tests (trait
/// <c>Database=Both</c>) again with <c>CONGRESSHUB_TEST_DATABASE=Postgres</c>. Tests that need a server fail, not
/// skip, when it is not configured.
/// </summary>
public static class TestEngine
{
    /// <summary>The trait that marks a test class to run on both engines.</summary>
    public const string Trait = "Database";

    public const string Both = "Both";

    public static string Current { get; } = DatabaseEngine.Parse(Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_DATABASE"));

    /// <summary>A connection string to the PostgreSQL server, without a database.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_POSTGRES") is { Length: > 0 } server ? server
        : throw new InvalidOperationException(
            "This test needs PostgreSQL: run ./test.sh, or start the servers with scripts/services.sh start DIR and source DIR/env.");

    /// <summary>The Redis server, host:port.</summary>
    public static string RedisServer =>
        Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_REDIS") is { Length: > 0 } redis ? redis
        : throw new InvalidOperationException(
            "This test needs Redis: run ./test.sh, or start the servers with scripts/services.sh start DIR and source DIR/env.");

    /// <summary>The SMTP server of the test run (aiosmtpd), host:port; every message it accepts lands in <see cref="MailDir"/>.</summary>
    public static (string Host, int Port) SmtpServer =>
        Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_SMTP") is { Length: > 0 } smtp && smtp.Split(':') is [var host, var port]
            ? (host, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture))
            : throw new InvalidOperationException(
                "This test needs the SMTP server: run ./test.sh, or start the servers with scripts/services.sh start DIR and source DIR/env.");

    /// <summary>The maildir the test run's SMTP server writes to.</summary>
    public static string MailDir =>
        Environment.GetEnvironmentVariable("CONGRESSHUB_TEST_MAILDIR") is { Length: > 0 } dir ? dir
        : throw new InvalidOperationException(
            "This test needs the SMTP server's maildir: run ./test.sh, or start the servers with scripts/services.sh start DIR and source DIR/env.");

    public static string PostgresDatabase(string name) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, MaxPoolSize = 30 }.ConnectionString;

    public static async Task CreatePostgresDatabaseAsync(string name, string? template)
    {
        await using var admin = new NpgsqlConnection(PostgresDatabase("postgres"));
        await admin.OpenAsync();
        await using var cmd = admin.CreateCommand();
        cmd.CommandText = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        ClearPool(connectionString);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(PostgresDatabase("postgres"));
        await admin.OpenAsync();
        await using var cmd = admin.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await cmd.ExecuteNonQueryAsync();
    }

    public static void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }
}
