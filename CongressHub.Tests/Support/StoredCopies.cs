using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CongressHub.Tests.Support;

/// <summary>
/// What someone holding copies of the database files reads from them (CONTRACTS.md, "Secrecy"): SQLite's file and
/// write-ahead log replayed commit by commit, the cells of a table's raw pages in the order they lie, PostgreSQL's row
/// versions live and dead with the transaction that wrote each, and what <c>pg_waldump</c> shows of the log.
/// </summary>
public static partial class StoredCopies
{
    /// <summary>One commit as the files show it: who newly took part, and the values of every row it added elsewhere.</summary>
    public sealed record Commit(IReadOnlySet<int> NewParticipants, IReadOnlyList<(string Column, string Value)> Added);

    /// <summary>
    /// The columns that give away what a participant chose: over the commits where exactly one person took part,
    /// a column whose values recur and always recur with the same choice (a choice column, a length, a fixed code).
    /// Random keys and ciphertexts never recur and say nothing.
    /// </summary>
    public static IReadOnlyList<string> LinkingColumns(IEnumerable<Commit> commits, IReadOnlyDictionary<int, string> truth)
    {
        var single = commits.Where(c => c.NewParticipants.Count == 1).ToList();
        var linking = new List<string>();
        foreach (var column in single.SelectMany(c => c.Added.Select(a => a.Column)).Distinct())
        {
            var pairs = single.SelectMany(c => c.Added.Where(a => a.Column == column).Select(a => (a.Value, Truth: truth[c.NewParticipants.Single()]))).ToList();
            var byValue = pairs.GroupBy(p => p.Value).ToList();
            var predicts = byValue.All(g => g.Select(p => p.Truth).Distinct().Count() == 1);
            if (predicts && byValue.Count >= 2 && byValue.Count < pairs.Count)
            {
                linking.Add(column);
            }
        }
        return linking;
    }

    /// <summary>How many commits had exactly one participant: the attack's material.</summary>
    public static int SingleParticipantCommits(IEnumerable<Commit> commits) => commits.Count(c => c.NewParticipants.Count == 1);

    // ---- SQLite

    /// <summary>The database file and its write-ahead log as they lie on disk now, copied while the app has them open.</summary>
    public static (byte[] Db, byte[] Wal) CopySqlite(string path) => (ReadShared(path), File.Exists(path + "-wal") ? ReadShared(path + "-wal") : []);

    /// <summary>
    /// Every state a copy can be brought to: the main file alone, then with the log's frames applied up to each commit
    /// in the log, in order.
    /// </summary>
    public static IEnumerable<byte[]> Replay(byte[] db, byte[] wal)
    {
        var image = db.ToArray();
        yield return image.ToArray();
        if (wal.Length < 32)
        {
            yield break;
        }
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(8));
        var (salt1, salt2) = (BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(20)));
        var pending = new List<(uint Page, byte[] Data)>();
        for (var at = 32; at + 24 + pageSize <= wal.Length; at += 24 + pageSize)
        {
            var header = wal.AsSpan(at, 24);
            if (BinaryPrimitives.ReadUInt32BigEndian(header[8..]) != salt1 || BinaryPrimitives.ReadUInt32BigEndian(header[12..]) != salt2)
            {
                break; // frames of an earlier generation of the log: not part of this one
            }
            pending.Add((BinaryPrimitives.ReadUInt32BigEndian(header), wal.AsSpan(at + 24, pageSize).ToArray()));
            var commitSize = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
            if (commitSize == 0)
            {
                continue;
            }
            if (image.Length < commitSize * pageSize)
            {
                Array.Resize(ref image, (int)commitSize * pageSize);
            }
            foreach (var (page, data) in pending)
            {
                data.CopyTo(image, (int)(page - 1) * pageSize);
            }
            pending.Clear();
            yield return image.ToArray();
        }
    }

    /// <summary>Runs <paramref name="read"/> on a replayed state, opened as a plain file (the log is already in it).</summary>
    public static async Task<T> OpenAsync<T>(byte[] image, Func<SqliteConnection, Task<T>> read)
    {
        var path = Path.Combine(Path.GetTempPath(), "congresshub-copy-" + Guid.NewGuid().ToString("N") + ".db");
        var bytes = image.ToArray();
        bytes[18] = bytes[19] = 1; // a rollback-journal file: read it as it is, without looking for a log
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            await using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await c.OpenAsync();
            return await read(c);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Every row of every table of a state, as text (blobs as hex, with their length as a column of its own).</summary>
    public static async Task<Dictionary<string, HashSet<string[]>>> TablesAsync(SqliteConnection c)
    {
        var tables = (await RowsAsync(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).Select(r => (string)r[0]!).ToList();
        var all = new Dictionary<string, HashSet<string[]>>();
        foreach (var table in tables)
        {
            var columns = (await RowsAsync(c, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")).Select(r => (string)r[0]!).ToList();
            var rows = new HashSet<string[]>(RowComparer.Instance);
            foreach (var row in await RowsAsync(c, $"SELECT * FROM \"{table}\""))
            {
                rows.Add(row.SelectMany((v, i) => v is byte[] b
                    ? new[] { $"{columns[i]}={Convert.ToHexString(b)}", $"{columns[i]}#length={b.Length}" }
                    : [$"{columns[i]}={Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)}"]).ToArray());
            }
            all[table] = rows;
        }
        return all;
    }

    /// <summary>
    /// The commits of a replayed log: who newly took part (by <paramref name="participants"/>, a query of delegate ids)
    /// and the values of every row added to any other table than <paramref name="participation"/>.
    /// </summary>
    public static async Task<List<Commit>> CommitsAsync(byte[] db, byte[] wal, string participation, string participants)
    {
        var commits = new List<Commit>();
        Dictionary<string, HashSet<string[]>>? before = null;
        HashSet<int>? took = null;
        foreach (var image in Replay(db, wal))
        {
            var (tables, now) = await OpenAsync(image, async c => (await TablesAsync(c), (await RowsAsync(c, participants)).Select(r => Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet()));
            if (before is not null)
            {
                var added = tables.Where(t => t.Key != participation)
                    .SelectMany(t => t.Value.Where(row => !before.GetValueOrDefault(t.Key, []).Contains(row))
                        .SelectMany(row => row.Select(cell => (Column: t.Key + "." + cell[..cell.IndexOf('=')], Value: cell[(cell.IndexOf('=') + 1)..]))))
                    .ToList();
                commits.Add(new Commit(now.Except(took!).ToHashSet(), added));
            }
            (before, took) = (tables, now);
        }
        return commits;
    }

    /// <summary>
    /// The rows of a table whose key is its first column (a table WITHOUT ROWID, an index b-tree), read from the cells
    /// of its raw pages in the order they lie in the file: page by page, and in each page by the cell's offset.
    /// </summary>
    public static async Task<List<object?[]>> CellsInFileOrderAsync(byte[] image, string table)
    {
        var root = await OpenAsync(image, async c => Convert.ToInt32((await RowsAsync(c, $"SELECT rootpage FROM sqlite_master WHERE name = '{table}'")).Single()[0]));
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(image.AsSpan(16)) is var p && p == 1 ? 65536 : p;
        var cells = new List<(int Page, int Offset, object?[] Record)>();
        var pages = new Stack<int>([root]);
        while (pages.Count > 0)
        {
            var page = pages.Pop();
            var start = (page - 1) * pageSize;
            var header = start + (page == 1 ? 100 : 0);
            var type = image[header];
            var interior = type == 0x02;
            if (type is not (0x02 or 0x0A))
            {
                throw new InvalidOperationException($"{table} is not a table without rowid (page type {type}).");
            }
            var count = BinaryPrimitives.ReadUInt16BigEndian(image.AsSpan(header + 3));
            var pointers = header + (interior ? 12 : 8);
            if (interior)
            {
                pages.Push((int)BinaryPrimitives.ReadUInt32BigEndian(image.AsSpan(header + 8)));
            }
            for (var i = 0; i < count; i++)
            {
                var offset = BinaryPrimitives.ReadUInt16BigEndian(image.AsSpan(pointers + 2 * i));
                var at = start + offset;
                if (interior)
                {
                    pages.Push((int)BinaryPrimitives.ReadUInt32BigEndian(image.AsSpan(at)));
                    at += 4;
                }
                var (_, used) = Varint(image, at);
                cells.Add((page, offset, Record(image, at + used)));
            }
        }
        return cells.OrderBy(c => c.Page).ThenBy(c => c.Offset).Select(c => c.Record).ToList();
    }

    private static object?[] Record(byte[] data, int at)
    {
        var (headerSize, used) = Varint(data, at);
        var types = new List<long>();
        for (var h = at + used; h < at + headerSize;)
        {
            var (type, n) = Varint(data, h);
            types.Add(type);
            h += n;
        }
        var body = at + (int)headerSize;
        var values = new object?[types.Count];
        for (var i = 0; i < types.Count; i++)
        {
            var t = types[i];
            var size = t switch { 0 or 8 or 9 => 0, 1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 6, 6 or 7 => 8, _ => (int)(t - (t % 2 == 0 ? 12 : 13)) / 2 };
            var span = data.AsSpan(body, size);
            values[i] = t switch
            {
                0 => null,
                8 => 0L,
                9 => 1L,
                >= 1 and <= 6 => span.ToArray().Aggregate(span[0] >= 0x80 ? -1L : 0L, (v, b) => (v << 8) | b),
                7 => BinaryPrimitives.ReadDoubleBigEndian(span),
                _ when t % 2 == 0 => span.ToArray(),
                _ => System.Text.Encoding.UTF8.GetString(span),
            };
            body += size;
        }
        return values;
    }

    private static (long Value, int Length) Varint(byte[] data, int at)
    {
        long v = 0;
        for (var i = 0; i < 9; i++)
        {
            var b = data[at + i];
            if (i == 8)
            {
                return ((v << 8) | b, 9);
            }
            v = (v << 7) | (long)(b & 0x7F);
            if (b < 0x80)
            {
                return (v, i + 1);
            }
        }
        throw new InvalidOperationException("Unreachable");
    }

    private static async Task<List<object?[]>> RowsAsync(SqliteConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(values.Select(v => v is DBNull ? null : v).ToArray());
        }
        return rows;
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class RowComparer : IEqualityComparer<string[]>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(string[] row) => row.Aggregate(17, (h, s) => h * 31 + s.GetHashCode(StringComparison.Ordinal));
    }

    // ---- PostgreSQL

    /// <summary>One row version in a table's pages, live or dead: where it lies, the transaction that wrote it, its columns' bytes.</summary>
    public sealed record PgTuple(string Table, int Block, int Line, string Xmin, string Xmax, byte[]?[] Attributes)
    {
        public int Int(int column) => BitConverter.ToInt32(Attributes[column]!);

        public bool Live => Xmax == "0";
    }

    /// <summary>Every row version in the pages of <paramref name="table"/>, in the order they lie (pageinspect).</summary>
    public static async Task<List<PgTuple>> TuplesAsync(NpgsqlConnection c, string table)
    {
        await using (var ext = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pageinspect", c))
        {
            await ext.ExecuteNonQueryAsync();
        }
        await using var cmd = new NpgsqlCommand($"""
            SELECT blk::int, lp::int, t_xmin::text, t_xmax::text, t_attrs
            FROM generate_series(0, pg_relation_size('"{table}"') / current_setting('block_size')::int - 1) AS blk,
                 LATERAL heap_page_item_attrs(get_raw_page('"{table}"', blk::int), '"{table}"'::regclass)
            WHERE t_attrs IS NOT NULL ORDER BY blk, lp
            """, c);
        await using var reader = await cmd.ExecuteReaderAsync();
        var tuples = new List<PgTuple>();
        while (await reader.ReadAsync())
        {
            tuples.Add(new PgTuple(table, reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<byte[]?[]>(4)));
        }
        return tuples;
    }

    /// <summary>
    /// The transactions as the row versions show them, each subtransaction counted with the transaction it belongs to
    /// (as the log's commit records tell): each writing transaction's participants (by the
    /// <paramref name="isParticipation"/> versions it wrote) and the columns of every other version it wrote.
    /// </summary>
    public static List<Commit> PgCommits(IEnumerable<PgTuple> tuples, Func<PgTuple, int?> isParticipation, PgLog log) =>
        tuples.GroupBy(t => log.TopOf(t.Xmin)).Select(g => new Commit(
            g.Select(isParticipation).OfType<int>().ToHashSet(),
            g.Where(t => isParticipation(t) is null).SelectMany(t => t.Attributes.SelectMany((a, i) => a is null
                ? new[] { ($"{t.Table}.{i}", "null") }
                : [($"{t.Table}.{i}", Convert.ToHexString(a)), ($"{t.Table}.{i}#length", a.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))])).ToList())).ToList();

    /// <summary>Where the log stands now: read before a vote to show only that vote's records.</summary>
    public static async Task<string> WalPositionAsync(NpgsqlConnection c)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()::text", c);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>What <c>pg_waldump</c> shows: for each transaction, the tables (by name) it wrote rows to, and which transaction each subtransaction belongs to.</summary>
    public sealed record PgLog(Dictionary<string, HashSet<string>> Writes, Dictionary<string, string> Parents)
    {
        public string TopOf(string xid) => Parents.GetValueOrDefault(xid, xid);
    }

    /// <summary>Reads this database's records since <paramref name="start"/> with <c>pg_waldump</c>.</summary>
    public static async Task<PgLog> WalAsync(NpgsqlConnection c, string start, params string[] tables)
    {
        async Task<string> ScalarAsync(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
        }
        // Everything written so far reaches the log files before they are read.
        await ScalarAsync("SELECT pg_switch_wal()::text");
        var dataDir = await ScalarAsync("SHOW data_directory");
        var binDir = await ScalarAsync("SELECT setting FROM pg_config WHERE name = 'BINDIR'");
        var dbOid = await ScalarAsync("SELECT oid::text FROM pg_database WHERE datname = current_database()");
        var nodes = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            nodes[await ScalarAsync($"SELECT pg_relation_filenode('\"{table}\"')::text")] = table;
        }
        var info = new ProcessStartInfo(Path.Combine(binDir, "pg_waldump"), ["--path", Path.Combine(dataDir, "pg_wal"), "--start", start])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var dump = Process.Start(info)!;
        var output = dump.StandardOutput.ReadToEndAsync();
        var errors = dump.StandardError.ReadToEndAsync();
        await dump.WaitForExitAsync();
        // The dump ends with an error at the end of the log; what it printed before is the log.
        var writes = new Dictionary<string, HashSet<string>>();
        var parents = new Dictionary<string, string>();
        foreach (var line in (await output).Split('\n'))
        {
            var tx = TxPattern().Match(line);
            if (!tx.Success)
            {
                continue;
            }
            if (SubxactsPattern().Match(line) is { Success: true } sub)
            {
                foreach (var child in sub.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    parents[child] = tx.Groups[1].Value;
                }
            }
            foreach (Match rel in RelPattern().Matches(line))
            {
                if (line.StartsWith("rmgr: Heap ", StringComparison.Ordinal) && rel.Groups[1].Value == dbOid && nodes.TryGetValue(rel.Groups[2].Value, out var table))
                {
                    (writes.TryGetValue(tx.Groups[1].Value, out var set) ? set : writes[tx.Groups[1].Value] = []).Add(table);
                }
            }
        }
        if (writes.Count == 0)
        {
            throw new InvalidOperationException("pg_waldump showed nothing of this database: " + await errors);
        }
        // Each subtransaction's writes are its transaction's.
        var merged = new Dictionary<string, HashSet<string>>();
        foreach (var (xid, set) in writes)
        {
            var top = parents.GetValueOrDefault(xid, xid);
            (merged.TryGetValue(top, out var all) ? all : merged[top] = []).UnionWith(set);
        }
        return new PgLog(merged, parents);
    }

    [GeneratedRegex(@"COMMIT .*subxacts: ([\d ]+)")]
    private static partial Regex SubxactsPattern();

    [GeneratedRegex(@"tx:\s+(\d+)")]
    private static partial Regex TxPattern();

    [GeneratedRegex(@"rel \d+/(\d+)/(\d+)")]
    private static partial Regex RelPattern();
}
