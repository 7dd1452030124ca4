using Microsoft.Extensions.Configuration;

namespace CongressHub.Domain.Common;

/// <summary>
/// The database: <c>Database:Provider</c> (<see cref="DatabaseEngine.Sqlite"/> by default, or
/// <see cref="DatabaseEngine.Postgres"/>) and <c>ConnectionStrings:CongressHub</c> (for SQLite, a file under
/// <c>data/</c> when empty; for PostgreSQL, required).
/// </summary>
public sealed class DatabaseOptions : ISettings
{
    public const string ConnectionStringName = "CongressHub";

    public const string ConnectionStringSetting = "ConnectionStrings:" + ConnectionStringName;

    public static string Section => "Database";

    public string Provider { get; set; } = DatabaseEngine.Sqlite;

    /// <summary><c>ConnectionStrings:CongressHub</c>, which lives outside the section; null when not set.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary><see cref="DatabaseEngine.Sqlite"/> or <see cref="DatabaseEngine.Postgres"/>, once checked.</summary>
    public string Engine => DatabaseEngine.TryParse(Provider) ?? DatabaseEngine.Sqlite;

    /// <summary>Reads and checks both settings; a wrong one throws naming it.</summary>
    public static DatabaseOptions Read(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        // Bound before the check, so that a wrong provider is named first.
        var options = new DatabaseOptions { ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString.Trim() };
        Settings.Bind(configuration.GetSection(Section), options);
        if (options.Problem() is { } problem)
        {
            throw Settings.Failure<DatabaseOptions>(problem);
        }
        return options;
    }

    public string? Problem()
    {
        if (DatabaseEngine.TryParse(Provider) is not { } engine)
        {
            return Settings.Wrong("Database:Provider", Provider, "Sqlite (one machine) or Postgres (PostgreSQL)");
        }
        if (engine == DatabaseEngine.Postgres && ConnectionString is null)
        {
            return $"Database:Provider is Postgres: set {Settings.Name(ConnectionStringSetting)} to the PostgreSQL connection string (Host=…;Database=…;Username=…;Password=…).";
        }
        if (ConnectionString is not null)
        {
            try
            {
                // The value itself is not repeated: it may hold a password.
                _ = engine == DatabaseEngine.Postgres ? new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Host
                    : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                return $"{Settings.Name(ConnectionStringSetting)} is not a {(engine == DatabaseEngine.Postgres ? "PostgreSQL" : "SQLite")} connection string ({e.Message}): "
                    + (engine == DatabaseEngine.Postgres ? "set it as Host=…;Database=…;Username=…;Password=…." : "set it as Data Source=path/to/congresshub.db.");
            }
        }
        return null;
    }
}
