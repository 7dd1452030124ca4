using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CongressHub.Domain.Common;

/// <summary>
/// Tells a restore that the app runs on a database. Every running app holds a shared claim on its database for as long as
/// it runs; <c>restore</c> takes the claim alone, so it is refused while any app runs there, and an app that starts in
/// the middle of a restore is refused in turn. On SQLite the claim is an operating-system lock on the file
/// <c>congresshub.db.lock</c> beside the database (released by the system when the process ends, however it ends); on
/// PostgreSQL, a session advisory lock in that database (released when the connection closes).
/// </summary>
public sealed class DatabaseInUse : IAsyncDisposable
{
    private const long Key = 0x434F4E47_494E5553; // "CONGINUS"

    private readonly FileStream? _file;
    private readonly NpgsqlConnection? _connection;

    private DatabaseInUse(FileStream? file, NpgsqlConnection? connection) => (_file, _connection) = (file, connection);

    /// <summary>The lock file of a SQLite database file.</summary>
    public static string LockFileOf(string databasePath) => databasePath + ".lock";

    /// <summary>
    /// The app's claim (shared with other apps on the same database), or null when a restore holds the database alone.
    /// </summary>
    public static Task<DatabaseInUse?> ShareAsync(string engine, string connectionString, CancellationToken ct = default) =>
        ClaimAsync(engine, connectionString, alone: false, ct);

    /// <summary>The app's claim on the database of <paramref name="db"/>'s connection (see <see cref="ShareAsync(string, string, CancellationToken)"/>).</summary>
    public static Task<DatabaseInUse?> ShareAsync(CongressDbContext db, CancellationToken ct = default) =>
        ShareAsync(DatabaseEngine.IsPostgres(db) ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite, db.Database.GetConnectionString()!, ct);

    /// <summary>The claim of a restore: null while any app runs on the database.</summary>
    public static Task<DatabaseInUse?> TakeAloneAsync(string engine, string connectionString, CancellationToken ct = default) =>
        ClaimAsync(engine, connectionString, alone: true, ct);

    private static async Task<DatabaseInUse?> ClaimAsync(string engine, string connectionString, bool alone, CancellationToken ct)
    {
        if (engine == DatabaseEngine.Postgres)
        {
            // A connection of its own, outside the pool, so that the lock lives exactly as long as the claim.
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = alone ? "SELECT pg_try_advisory_lock(@key)" : "SELECT pg_try_advisory_lock_shared(@key)";
            cmd.Parameters.AddWithValue("key", Key);
            if (await cmd.ExecuteScalarAsync(ct) is true)
            {
                return new DatabaseInUse(null, connection);
            }
            await connection.DisposeAsync();
            return null;
        }
        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (sqlite.Mode == SqliteOpenMode.Memory || sqlite.DataSource is "" or ":memory:")
        {
            // A database in memory belongs to its process: nothing to restore over it.
            return new DatabaseInUse(null, null);
        }
        var path = LockFileOf(Path.GetFullPath(sqlite.DataSource));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // .NET locks the file with flock(2): FileShare.None takes it exclusively, any other share mode shared.
            return new DatabaseInUse(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, alone ? FileShare.None : FileShare.ReadWrite), null);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
