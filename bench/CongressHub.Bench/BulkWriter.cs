using System.Data.Common;
using CongressHub.Domain.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CongressHub.Bench;

/// <summary>
/// Writes rows straight into the app's tables, in bulk, from the EF model's own mapping: table and column names,
/// value converters (enums as integers) and each column's type. SQLite takes one prepared INSERT per table in large
/// transactions; PostgreSQL takes binary <c>COPY</c>. Ids are given by the caller, so rows can refer to each other
/// before they are written.
/// </summary>
internal sealed class BulkWriter
{
    private const int FlushRows = 20_000;
    private readonly DbConnection _connection;
    private readonly bool _postgres;
    private readonly IModel _model;
    private readonly Dictionary<Type, Table> _tables = [];

    public BulkWriter(CongressDbContext db)
    {
        _connection = db.Database.GetDbConnection();
        _postgres = db.Database.IsNpgsql();
        _model = db.Model;
    }

    public bool Postgres => _postgres;

    public IReadOnlyCollection<Table> Tables => _tables.Values;

    public Table For<TEntity>()
    {
        if (!_tables.TryGetValue(typeof(TEntity), out var table))
        {
            var entity = _model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");
            table = new Table(this, entity);
            _tables[typeof(TEntity)] = table;
        }
        return table;
    }

    /// <summary>The next free id of an entity's integer key (one more than the largest stored).</summary>
    public async Task<long> NextIdAsync<TEntity>()
    {
        var table = For<TEntity>();
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT COALESCE(MAX({Quote("Id")}), 0) FROM {Quote(table.Name)}";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync()) + 1;
    }

    public async Task FlushAllAsync()
    {
        foreach (var table in _tables.Values)
        {
            await table.FlushAsync();
        }
    }

    /// <summary>PostgreSQL's identity sequences, moved past the ids written here, so that the app's inserts go on after them.</summary>
    public async Task ResetSequencesAsync()
    {
        if (!_postgres)
        {
            return; // SQLite's AUTOINCREMENT follows explicit ids by itself
        }
        foreach (var entity in _model.GetEntityTypes())
        {
            var key = entity.FindPrimaryKey();
            if (entity.GetTableName() is not { } name || key is not { Properties.Count: 1 } || key.Properties[0].ValueGenerated != ValueGenerated.OnAdd
                || key.Properties[0].ClrType != typeof(int) && key.Properties[0].ClrType != typeof(long))
            {
                continue;
            }
            var column = key.Properties[0].GetColumnName();
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT setval(pg_get_serial_sequence('{Quote(name)}', '{column}'), GREATEST((SELECT MAX({Quote(column)}) FROM {Quote(name)}), 1))";
            await cmd.ExecuteScalarAsync();
        }
    }

    private string Quote(string name) => "\"" + name + "\"";

    internal sealed class Table
    {
        private readonly BulkWriter _writer;
        private readonly IProperty[] _columns;
        private readonly Dictionary<string, int> _index;
        private readonly object?[] _defaults;
        private readonly List<object?[]> _rows = [];
        private readonly HashSet<string> _warned = [];
        private object?[]? _row;
        private DbCommand? _insert;

        public Table(BulkWriter writer, IEntityType entity)
        {
            _writer = writer;
            Name = entity.GetTableName()!;
            _columns = entity.GetProperties().ToArray();
            _index = _columns.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i);
            _defaults = _columns.Select(p => p.IsNullable ? null : p.GetDefaultValue() is { } d ? Provider(p, d) : Fallback(p)).ToArray();
        }

        public string Name { get; }

        public long Written { get; private set; }

        /// <summary>Starts a row: every column its default until set.</summary>
        public Table Row()
        {
            _row = (object?[])_defaults.Clone();
            _set = new bool[_columns.Length];
            return this;
        }

        private bool[] _set = [];

        public Table Set(string property, object? value)
        {
            var i = _index.TryGetValue(property, out var at) ? at : throw new InvalidOperationException($"{Name} has no property {property}.");
            var type = Nullable.GetUnderlyingType(_columns[i].ClrType) ?? _columns[i].ClrType;
            if (value is long l && type == typeof(int))
            {
                value = checked((int)l); // ids are counted in longs here
            }
            if (value is not null && value.GetType() != type)
            {
                throw new InvalidOperationException($"{Name}.{property} is {type.Name}, not {value.GetType().Name}.");
            }
            _row![i] = value is null ? null : Provider(_columns[i], value);
            _set[i] = true;
            return this;
        }

        /// <summary>Ends the row; non-nullable columns never set take a fallback, named once on the console.</summary>
        public void Add()
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                if (!_set[i] && !_columns[i].IsNullable && _columns[i].GetDefaultValue() is null && _warned.Add(_columns[i].Name))
                {
                    Console.WriteLine($"  note: {Name}.{_columns[i].Name} not set; written as {_defaults[i] ?? "null"}");
                }
            }
            _rows.Add(_row!);
            _row = null;
        }

        /// <summary>Writes the rows held so far once enough have gathered.</summary>
        public Task MaybeFlushAsync() => _rows.Count >= FlushRows ? FlushAsync() : Task.CompletedTask;

        public async Task FlushAsync()
        {
            if (_rows.Count == 0)
            {
                return;
            }
            if (_writer._postgres)
            {
                await CopyAsync();
            }
            else
            {
                await InsertAsync();
            }
            Written += _rows.Count;
            _rows.Clear();
        }

        private async Task InsertAsync()
        {
            var connection = (SqliteConnection)_writer._connection;
            await using var tx = connection.BeginTransaction();
            if (_insert is null)
            {
                _insert = connection.CreateCommand();
                _insert.CommandText = $"INSERT INTO \"{Name}\" ({string.Join(", ", _columns.Select(c => "\"" + c.GetColumnName() + "\""))}) VALUES ({string.Join(", ", _columns.Select((_, i) => "@p" + i))})";
                for (var i = 0; i < _columns.Length; i++)
                {
                    var p = _insert.CreateParameter();
                    p.ParameterName = "@p" + i;
                    _insert.Parameters.Add(p);
                }
                _insert.Prepare();
            }
            _insert.Transaction = tx;
            foreach (var row in _rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    _insert.Parameters[i].Value = row[i] ?? DBNull.Value;
                }
                _insert.ExecuteNonQuery(); // Microsoft.Data.Sqlite's async path only wraps the sync one
            }
            await tx.CommitAsync();
        }

        private async Task CopyAsync()
        {
            var connection = (NpgsqlConnection)_writer._connection;
            var types = _columns.Select(c => c.GetColumnType()).ToArray();
            await using var import = await connection.BeginBinaryImportAsync(
                $"COPY \"{Name}\" ({string.Join(", ", _columns.Select(c => "\"" + c.GetColumnName() + "\""))}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in _rows)
            {
                await import.StartRowAsync();
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null)
                    {
                        await import.WriteNullAsync();
                    }
                    else
                    {
                        try
                        {
                            await import.WriteAsync(row[i], types[i]);
                        }
                        catch (InvalidCastException e)
                        {
                            throw new InvalidOperationException($"{Name}.{_columns[i].Name} ({types[i]}): {e.Message}", e);
                        }
                    }
                }
            }
            await import.CompleteAsync();
        }

        /// <summary>The value as the database stores it: through the column's converter, and Guids and times as EF writes them.</summary>
        private object? Provider(IProperty property, object value)
        {
            var converted = property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
            return converted switch
            {
                Guid g when !_writer._postgres => g.ToString().ToUpperInvariant(),
                DateTime t when _writer._postgres => DateTime.SpecifyKind(t, DateTimeKind.Utc),
                _ => converted,
            };
        }

        private object? Fallback(IProperty p)
        {
            var type = p.GetTypeMapping().Converter?.ProviderClrType ?? p.ClrType;
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type == typeof(string) ? "" : type == typeof(DateTime) ? DateTime.UnixEpoch : type.IsValueType ? Activator.CreateInstance(type) : null;
        }
    }
}
