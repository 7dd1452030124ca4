using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Common;

/// <summary>
/// Makes the database forget in what order secret ballots (or anonymous ratings) arrived, once their vote (or rating)
/// is closed, so that a copy of it cannot line them up with who took part (CONTRACTS.md, the threat model).
/// <para>SQLite keeps those tables WITHOUT ROWID, so rows sit in key order; only the write-ahead log still holds
/// pages in arrival order, and a truncating checkpoint empties it.</para>
/// <para>PostgreSQL keeps a row where it was written (its ctid follows arrival) and stamps it with the transaction that
/// wrote it (xmin), and a ballot shares its transaction with its delegate's has-voted mark. So the ballots and the
/// participation rows are rewritten in one transaction, in key order, which gives them all one xmin and a physical order
/// that follows their keys; VACUUM then frees the old row versions.</para>
/// </summary>
internal static class ArrivalOrder
{
    public static async Task ForgetBallotsAsync(IDbContextFactory<CongressDbContext> dbFactory, int voteId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!DatabaseEngine.IsPostgres(db))
        {
            await CheckpointAsync(db, ct);
            return;
        }
        await RewriteAsync(db, ct,
            ("""
             WITH gone AS (DELETE FROM "Ballots" WHERE "VoteId" = {0} RETURNING *)
             INSERT INTO "Ballots" SELECT * FROM gone ORDER BY "Id"
             """, voteId, 0),
            ("""
             WITH gone AS (DELETE FROM "Voters" WHERE "VoteId" = {0} RETURNING *)
             INSERT INTO "Voters" SELECT * FROM gone ORDER BY "DelegateId"
             """, voteId, 0));
        await db.Database.ExecuteSqlRawAsync("""VACUUM "Ballots", "Voters" """, ct);
    }

    /// <summary>The ratings of a round's reports (or of one report) and who rated them.</summary>
    public static async Task ForgetRatingsAsync(IDbContextFactory<CongressDbContext> dbFactory, int roundId, int? reportId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!DatabaseEngine.IsPostgres(db))
        {
            await CheckpointAsync(db, ct);
            return;
        }
        const string reports = """
            "ReportId" IN (SELECT "Id" FROM "WorkReports" WHERE "RoundId" = {0} AND ({1} = 0 OR "Id" = {1}))
            """;
        var report = reportId ?? 0;
        await RewriteAsync(db, ct,
            ($"""
              WITH gone AS (DELETE FROM "ReportRatings" WHERE {reports} RETURNING *)
              INSERT INTO "ReportRatings" SELECT * FROM gone ORDER BY "Id"
              """, roundId, report),
            ($"""
              WITH gone AS (DELETE FROM "ReportRaters" WHERE {reports} RETURNING *)
              INSERT INTO "ReportRaters" SELECT * FROM gone ORDER BY "ReportId", "DelegateId"
              """, roundId, report));
        await db.Database.ExecuteSqlRawAsync("""VACUUM "ReportRatings", "ReportRaters" """, ct);
    }

    private static async Task RewriteAsync(CongressDbContext db, CancellationToken ct, params (string Sql, int First, int Second)[] statements)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (sql, first, second) in statements)
        {
            await db.Database.ExecuteSqlRawAsync(sql, [first, second], ct);
        }
        await tx.CommitAsync(ct);
    }

    private static Task CheckpointAsync(CongressDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
}
