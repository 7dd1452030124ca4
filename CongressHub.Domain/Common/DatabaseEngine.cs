using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CongressHub.Domain.Common;

/// <summary>
/// The two database engines. Services are written once for both; the few places that differ (SQLite's pragmas, the
/// way each engine is made to forget the order in which secret ballots arrived, serializing audit appends across
/// nodes) ask here.
/// </summary>
public static class DatabaseEngine
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static bool IsPostgres(DbContext db) => IsPostgres(db.Database);

    public static bool IsPostgres(DatabaseFacade database) =>
        database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The provider named by <c>Database:Provider</c>: <see cref="Sqlite"/> (default) or <see cref="Postgres"/>.</summary>
    public static string Parse(string? provider) => TryParse(provider)
        ?? throw new InvalidOperationException(Settings.Wrong("Database:Provider", provider, "Sqlite (one machine) or Postgres (PostgreSQL)"));

    /// <summary>The provider a <c>Database:Provider</c> value names (empty: <see cref="Sqlite"/>), or null for one not supported.</summary>
    public static string? TryParse(string? provider) => provider?.Trim() switch
    {
        null or "" => Sqlite,
        var p when p.Equals(Sqlite, StringComparison.OrdinalIgnoreCase) => Sqlite,
        var p when p.Equals(Postgres, StringComparison.OrdinalIgnoreCase) || p.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) => Postgres,
        _ => null,
    };

    /// <summary>
    /// Takes a PostgreSQL advisory lock held until the current transaction ends. <paramref name="space"/> keeps the
    /// kinds of lock apart (audit chains, the ballot writer), <paramref name="key"/> names one within its kind.
    /// </summary>
    public static Task LockForTransactionAsync(DbContext db, LockSpace space, int key, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", [(int)space, key], ct);
}

/// <summary>Kinds of PostgreSQL advisory lock, so that a street's audit chain and the ballot writer never share a key.</summary>
public enum LockSpace
{
    AuditChain = 0x41554454,   // "AUDT"
    BallotWriter = 0x42414C4C, // "BALL"
    Initializer = 0x494E4954,  // "INIT"
}
