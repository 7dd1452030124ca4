using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CongressHub.Domain.Common;

/// <summary>
/// Per-connection SQLite settings: enforce foreign keys, zero what is deleted, and wait for a busy database instead of failing at once
/// (WAL lets readers go on while one writer commits; the journal mode itself is set once, on the file).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // synchronous = FULL: a commit is on disk before it is acknowledged, so an acknowledged ballot survives a power cut.
    // secure_delete: what is deleted (a box's sealed ballots and key, an edited text) is overwritten with zeros, not left in free space.
    private const string Sql = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;";

    // The settings belong to the SQLite handle, which a pooled connection keeps from one open to the next (the pool
    // hands out the same handle again, settings and all). EF Core opens and closes the connection around every query
    // outside a transaction, so the settings are applied once per handle, not four statements before every query.
    private static readonly ConditionalWeakTable<object, object> Configured = new();
    private static readonly object Marker = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsConfigured(connection))
        {
            return;
        }
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = Sql;
            cmd.ExecuteNonQuery();
        }
        MarkConfigured(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsConfigured(connection))
        {
            return;
        }
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = Sql;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        MarkConfigured(connection);
    }

    private static bool IsConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Configured.TryGetValue(handle, out _);

    private static void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Configured.AddOrUpdate(handle, Marker);
        }
    }
}
