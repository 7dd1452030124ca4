using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CongressHub.Domain.Common;

/// <summary>One command a recorded request sent: its SQL, the time it took, the rows read and what its plan reads whole.</summary>
/// <param name="Milliseconds">Execution and the reading of its rows.</param>
/// <param name="Rows">
/// Reads of its result: the rows read, and one more when the reader was read to its end (null for a command without a
/// result). EF counts them as it reads; counting rows exactly would cost a wrapper round every reader.
/// </param>
/// <param name="TablesScanned">Tables the engine's plan reads row by row from the first to the last.</param>
/// <param name="IndexesWalked">Tables read along a whole index (SQLite's <c>SCAN … USING INDEX</c>): every entry unless a limit stops it.</param>
/// <param name="Plan">The plan's lines (SELECTs only), or why it could not be read.</param>
public sealed record LoggedQuery(string Sql, double Milliseconds, long? Rows, IReadOnlyList<string> TablesScanned, IReadOnlyList<string> IndexesWalked,
    IReadOnlyList<string> Plan);

/// <summary>
/// For the benchmark only (registered when diagnostics are on, never in a normal run): every command EF Core sends
/// while a recording is open on the current flow (<see cref="Record"/>; an <see cref="AsyncLocal{T}"/>, so it follows a
/// request into everything it awaits), with the plan of each SELECT, read by the engine on the same connection and
/// with the same parameters just before it runs (SQLite's <c>EXPLAIN QUERY PLAN</c>, PostgreSQL's <c>EXPLAIN</c>).
/// </summary>
public sealed partial class QueryLog : DbCommandInterceptor
{
    /// <summary>The recordings kept; the oldest go first past it.</summary>
    public const int Kept = 10_000;

    private readonly AsyncLocal<Recording?> _current = new();
    private readonly ConcurrentDictionary<string, Recording> _recordings = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Records the commands of the current flow under <paramref name="id"/> until disposed; a recording of the same id is replaced.</summary>
    public IDisposable Record(string id)
    {
        var recording = new Recording();
        _recordings[id] = recording;
        _order.Enqueue(id);
        while (_order.Count > Kept && _order.TryDequeue(out var oldest))
        {
            _recordings.TryRemove(oldest, out _);
        }
        var outer = _current.Value;
        _current.Value = recording;
        return new Closing(this, recording, outer);
    }

    /// <summary>The commands recorded under <paramref name="id"/> in the order they ran, or null when there is no such recording.</summary>
    public IReadOnlyList<LoggedQuery>? Find(string id) => _recordings.TryGetValue(id, out var recording) ? recording.Queries() : null;

    private Recording? Open => _current.Value is { Closed: false } recording ? recording : null;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (Open is { } recording && IsSelect(command))
        {
            recording.Planned(eventData.CommandId, Explain(command));
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Open is { } recording && IsSelect(command))
        {
            recording.Planned(eventData.CommandId, await ExplainAsync(command, cancellationToken));
        }
        return result;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Open?.Executed(eventData.CommandId, command.CommandText, eventData.Duration, reads: true);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Open?.Executed(eventData.CommandId, command.CommandText, eventData.Duration, reads: true);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        // Read after the recording closed too: the rows of a command it recorded still belong to it.
        if (_current.Value is { } recording)
        {
            recording.Read(eventData.CommandId, eventData.ReadCount, eventData.Duration);
        }
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        if (Open is { } recording && IsSelect(command))
        {
            recording.Planned(eventData.CommandId, Explain(command));
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        if (Open is { } recording && IsSelect(command))
        {
            recording.Planned(eventData.CommandId, await ExplainAsync(command, cancellationToken));
        }
        return result;
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Open?.Executed(eventData.CommandId, command.CommandText, eventData.Duration, reads: false);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Open?.Executed(eventData.CommandId, command.CommandText, eventData.Duration, reads: false);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Open?.Executed(eventData.CommandId, command.CommandText, eventData.Duration, reads: false);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Open?.Executed(eventData.CommandId, command.CommandText, eventData.Duration, reads: false);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        Open?.Executed(eventData.CommandId, command.CommandText, eventData.Duration, reads: false);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Open?.Executed(eventData.CommandId, command.CommandText, eventData.Duration, reads: false);
        return Task.CompletedTask;
    }

    private static bool IsSelect(DbCommand command)
    {
        var sql = command.CommandText.AsSpan().TrimStart();
        return sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("WITH", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsPostgres(DbCommand command) => command is Npgsql.NpgsqlCommand;

    private static DbCommand ExplainCommand(DbCommand command)
    {
        var explain = command.Connection!.CreateCommand();
        explain.Transaction = command.Transaction;
        explain.CommandText = (IsPostgres(command) ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.CommandText;
        foreach (DbParameter p in command.Parameters)
        {
            // A parameter belongs to one command (Npgsql refuses to share it): a copy with the same name, type and value.
            if (p is ICloneable cloneable)
            {
                explain.Parameters.Add(cloneable.Clone());
                continue;
            }
            explain.Parameters.Add(p is Microsoft.Data.Sqlite.SqliteParameter sqlite
                ? new Microsoft.Data.Sqlite.SqliteParameter(sqlite.ParameterName, sqlite.Value) { SqliteType = sqlite.SqliteType, Size = sqlite.Size }
                : throw new NotSupportedException($"No plan for a command of {command.GetType().Name}."));
        }
        return explain;
    }

    private static Plan Explain(DbCommand command)
    {
        try
        {
            using var explain = ExplainCommand(command);
            using var reader = explain.ExecuteReader();
            var lines = new List<string>();
            do
            {
                while (reader.Read())
                {
                    lines.Add(PlanLine(reader));
                }
            } while (reader.NextResult());
            return Findings(command, lines);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or NotSupportedException)
        {
            return new Plan([], [], ["no plan: " + e.Message]);
        }
    }

    private static async Task<Plan> ExplainAsync(DbCommand command, CancellationToken ct)
    {
        try
        {
            await using var explain = ExplainCommand(command);
            await using var reader = await explain.ExecuteReaderAsync(ct);
            var lines = new List<string>();
            do
            {
                while (await reader.ReadAsync(ct))
                {
                    lines.Add(PlanLine(reader));
                }
            } while (await reader.NextResultAsync(ct));
            return Findings(command, lines);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or NotSupportedException)
        {
            return new Plan([], [], ["no plan: " + e.Message]);
        }
    }

    /// <summary>SQLite answers rows of (id, parent, notused, detail); PostgreSQL one line of text a row.</summary>
    private static string PlanLine(DbDataReader reader) => reader.FieldCount >= 4 ? reader.GetString(3) : reader.GetString(0);

    /// <summary>
    /// What the plan reads whole. SQLite: <c>SCAN x</c> alone reads table x row by row; <c>SCAN x USING [COVERING] INDEX i</c>
    /// walks the index; <c>SEARCH</c> looks up. The plan names a table by its alias (<c>FROM "Streets" AS "s"</c>), so the
    /// SQL's aliases say which table; a name that is only a subquery's is left out, its own reads being lines of their
    /// own. PostgreSQL: <c>Seq Scan on "Streets" s</c>.
    /// </summary>
    private static Plan Findings(DbCommand command, List<string> lines)
    {
        var scanned = new SortedSet<string>(StringComparer.Ordinal);
        var walked = new SortedSet<string>(StringComparer.Ordinal);
        if (IsPostgres(command))
        {
            foreach (var line in lines)
            {
                if (SeqScan().Match(line) is { Success: true } m)
                {
                    scanned.Add(m.Groups[1].Value.Trim('"'));
                }
            }
            return new Plan([.. scanned], [.. walked], lines);
        }
        // An alias may name two tables in one query (EF numbers aliases per subquery), or a table and a derived table
        // (a subquery whose own reads are lines of their own): a scan under it names every table it may be.
        var tables = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Name(string alias, string table)
        {
            if (!tables.TryGetValue(alias, out var names))
            {
                tables[alias] = names = new SortedSet<string>(StringComparer.Ordinal);
            }
            names.Add(table);
        }
        foreach (Match m in Aliased().Matches(command.CommandText))
        {
            Name(m.Groups[2].Value, m.Groups[1].Value);
        }
        foreach (Match m in Unaliased().Matches(command.CommandText))
        {
            Name(m.Groups[1].Value, m.Groups[1].Value);
        }
        var derived = DerivedTables(command.CommandText);
        foreach (var line in lines)
        {
            if (SqliteScan().Match(line) is not { Success: true } m || !tables.TryGetValue(m.Groups[1].Value, out var names))
            {
                continue;
            }
            var table = string.Join(" or ", derived.Contains(m.Groups[1].Value) ? names.Append("a subquery") : names);
            var how = m.Groups[2].Value;
            if (how.Length == 0)
            {
                scanned.Add(table);
            }
            else if (how.Contains("INDEX", StringComparison.Ordinal) && !how.Contains("INTEGER PRIMARY KEY", StringComparison.Ordinal))
            {
                walked.Add(table);
            }
        }
        return new Plan([.. scanned], [.. walked], lines);
    }

    [GeneratedRegex(@"^\s*(?:->\s*)?(?:Parallel\s+)?Seq Scan on (""[^""]+""|\S+)")]
    private static partial Regex SeqScan();

    // Older SQLite wrote "SCAN TABLE t AS x"; newer writes "SCAN x".
    [GeneratedRegex(@"^SCAN (?:TABLE )?(?:\S+ AS )?([^\s(]+)(?:\s+(USING .*|VIRTUAL TABLE.*))?$")]
    private static partial Regex SqliteScan();

    [GeneratedRegex(@"(?:FROM|JOIN)\s+""([^""]+)""\s+AS\s+""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Aliased();

    [GeneratedRegex(@"(?:FROM|JOIN)\s+""([^""]+)""(?!\s+AS\s)", RegexOptions.IgnoreCase)]
    private static partial Regex Unaliased();

    [GeneratedRegex(@"\)\s+AS\s+""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ClosedAs();

    [GeneratedRegex(@"(?:FROM|JOIN)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OpensTable();

    /// <summary>The aliases of subqueries read as tables (<c>FROM (…) AS "x"</c>, <c>JOIN (…) AS "x"</c>), not of a column computed by one.</summary>
    private static HashSet<string> DerivedTables(string sql)
    {
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in ClosedAs().Matches(sql))
        {
            var depth = 0;
            for (var i = m.Index; i >= 0; i--)
            {
                depth += sql[i] switch { ')' => 1, '(' => -1, _ => 0 };
                if (depth == 0)
                {
                    if (OpensTable().IsMatch(sql.AsSpan(0, i)))
                    {
                        aliases.Add(m.Groups[1].Value);
                    }
                    break;
                }
            }
        }
        return aliases;
    }

    private sealed record Plan(IReadOnlyList<string> Scanned, IReadOnlyList<string> Walked, IReadOnlyList<string> Lines);

    private sealed class Recording
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<Guid, Plan> _plans = [];
        private readonly List<(Guid Id, LoggedQuery Query)> _queries = [];

        public bool Closed { get; set; }

        public void Planned(Guid command, Plan plan)
        {
            lock (_lock)
            {
                _plans[command] = plan;
            }
        }

        public void Executed(Guid command, string sql, TimeSpan took, bool reads)
        {
            lock (_lock)
            {
                var plan = _plans.Remove(command, out var p) ? p : new Plan([], [], []);
                _queries.Add((command, new LoggedQuery(sql, took.TotalMilliseconds, reads ? 0 : null, plan.Scanned, plan.Walked, plan.Lines)));
            }
        }

        public void Read(Guid command, long rows, TimeSpan took)
        {
            lock (_lock)
            {
                var i = _queries.FindLastIndex(q => q.Id == command);
                if (i >= 0)
                {
                    var query = _queries[i].Query;
                    _queries[i] = (command, query with { Rows = rows, Milliseconds = query.Milliseconds + took.TotalMilliseconds });
                }
            }
        }

        public IReadOnlyList<LoggedQuery> Queries()
        {
            lock (_lock)
            {
                return [.. _queries.Select(q => q.Query)];
            }
        }
    }

    private sealed class Closing(QueryLog log, Recording recording, Recording? outer) : IDisposable
    {
        public void Dispose()
        {
            recording.Closed = true;
            log._current.Value = outer;
        }
    }
}
