using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Live;

/// <summary>
/// Numbers the live states that screens receive, so that a screen can ignore a state older than the one it shows. A
/// number is taken before the state is read, so a state read later never carries a smaller one. In one process a
/// counter does; on PostgreSQL, where several nodes build states of the same session, the numbers come from a database
/// sequence shared by all of them.
/// </summary>
public sealed class SnapshotSequence(IDbContextFactory<CongressDbContext> dbFactory)
{
    private const string NextValue = """SELECT nextval('"SnapshotSequence"') AS "Value" """;

    private long _local;
    private bool? _postgres;

    public async ValueTask<long> NextAsync(CancellationToken ct = default)
    {
        if (_postgres == false)
        {
            return Interlocked.Increment(ref _local);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        _postgres ??= DatabaseEngine.IsPostgres(db);
        if (_postgres == false)
        {
            return Interlocked.Increment(ref _local);
        }
        return await db.Database.SqlQueryRaw<long>(NextValue).SingleAsync(ct);
    }
}
