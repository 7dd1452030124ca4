using System.Data.Common;
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

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
