using System.Diagnostics;
using System.Text.Json;
using CongressHub.Domain.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// What <c>backup DIR</c> writes and <c>restore DIR</c> reads: the database (SQLite: <c>congresshub.db</c>, a consistent
/// copy made by <c>VACUUM INTO</c> while the app runs; PostgreSQL: <c>congresshub.dump</c> from <c>pg_dump</c>), the key
/// ring that protects cookies and tokens (<c>keys/</c>, when it lives in a folder rather than in the PostgreSQL
/// database), and <c>backup.json</c> saying what the folder holds. Never the secrecy key file: it is kept apart from
/// the data and its backups (CONTRACTS.md, "Secrecy and anonymity").
/// </summary>
public sealed record BackupManifest(int Format, string Engine, DateTime CreatedAt, string? Migration, string Version, int Keys)
{
    public const string FileName = "backup.json";
    public const string SqliteFile = "congresshub.db";
    public const string PostgresFile = "congresshub.dump";
    public const string KeysFolder = "keys";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<BackupManifest?> ReadAsync(string folder, CancellationToken ct)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, ct) is { Format: 1, Engine: DatabaseEngine.Sqlite or DatabaseEngine.Postgres } manifest ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task WriteAsync(string folder, CancellationToken ct)
    {
        await using var stream = File.Create(Path.Combine(folder, FileName));
        await JsonSerializer.SerializeAsync(stream, this, Json, ct);
    }
}

/// <summary>The work of <see cref="BackupCommand"/> and <see cref="RestoreCommand"/> on either engine.</summary>
internal sealed class DatabaseBackup
{
    private readonly CommandContext _context;
    private readonly IServiceProvider _services;
    private readonly string _engine;
    private readonly string _connectionString;

    private DatabaseBackup(CommandContext context, IServiceProvider services, string engine, string connectionString) =>
        (_context, _services, _engine, _connectionString) = (context, services, engine, connectionString);

    public static async Task<DatabaseBackup> OpenAsync(CommandContext context, CancellationToken ct)
    {
        var services = await context.ServicesAsync();
        await using var db = await services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync(ct);
        var engine = DatabaseEngine.IsPostgres(db) ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;
        return new DatabaseBackup(context, services, engine, db.Database.GetConnectionString()!);
    }

    private TextWriter Out => _context.Console.Out;

    private TextWriter Error => _context.Console.Error;

    private string Text(string key, params object[] args) => _context.Text[key, args];

    /// <summary>The key ring's folder, or null when it lives in the PostgreSQL database.</summary>
    private string? KeyFolder => DataFolder.KeysFolder(_services.GetRequiredService<IConfiguration>(), _services.GetRequiredService<IHostEnvironment>().ContentRootPath);

    private string SqlitePath => Path.GetFullPath(new SqliteConnectionStringBuilder(_connectionString).DataSource);

    public async Task<int> BackupAsync(string folder, CancellationToken ct)
    {
        folder = Path.GetFullPath(folder);
        if (System.IO.Directory.Exists(folder) && System.IO.Directory.EnumerateFileSystemEntries(folder).Any())
        {
            await Error.WriteLineAsync(Text("Cli.Backup.NotEmpty", folder));
            return 1;
        }
        if (_engine == DatabaseEngine.Sqlite && !File.Exists(SqlitePath))
        {
            await Error.WriteLineAsync(Text("Cli.Backup.NoDatabase", SqlitePath));
            return 1;
        }
        string? migration;
        await using (var db = await _services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync(ct))
        {
            migration = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
        }
        System.IO.Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        if (_engine == DatabaseEngine.Sqlite)
        {
            await CopySqliteAsync(Path.Combine(folder, BackupManifest.SqliteFile), ct);
        }
        else if (!await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", Path.Combine(folder, BackupManifest.PostgresFile)], ct))
        {
            return 1;
        }
        var databaseTime = clock.Elapsed;
        var keys = KeyFolder is { } keyFolder ? CopyKeys(keyFolder, Path.Combine(folder, BackupManifest.KeysFolder)) : 0;
        var manifest = new BackupManifest(1, _engine, DateTime.UtcNow, migration, Version, keys);
        await manifest.WriteAsync(folder, ct);

        var file = Path.Combine(folder, _engine == DatabaseEngine.Sqlite ? BackupManifest.SqliteFile : BackupManifest.PostgresFile);
        await Out.WriteLineAsync(Text("Cli.Backup.Done", folder));
        await Out.WriteLineAsync(Text("Cli.Backup.Database", Path.GetFileName(file), Size(new FileInfo(file).Length), (int)databaseTime.TotalMilliseconds, migration ?? "—"));
        await Out.WriteLineAsync(KeyFolder is null ? Text("Cli.Backup.KeysInDatabase") : Text("Cli.Backup.Keys", keys));
        await Out.WriteLineAsync(Text("Cli.Backup.NoSecrecyKey"));
        return 0;
    }

    public async Task<int> RestoreAsync(string folder, bool force, CancellationToken ct)
    {
        folder = Path.GetFullPath(folder);
        if (await BackupManifest.ReadAsync(folder, ct) is not { } manifest)
        {
            await Error.WriteLineAsync(Text("Cli.Restore.NotABackup", folder));
            return 1;
        }
        if (manifest.Engine != _engine)
        {
            await Error.WriteLineAsync(Text("Cli.Restore.OtherEngine", manifest.Engine, _engine));
            return 1;
        }
        await using (var db = await _services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync(ct))
        {
            if (manifest.Migration is { } made && !db.Database.GetMigrations().Contains(made))
            {
                await Error.WriteLineAsync(Text("Cli.Restore.Newer", made));
                return 1;
            }
        }
        if (_engine == DatabaseEngine.Postgres)
        {
            await CreatePostgresDatabaseAsync(ct);
        }
        await using (var alone = await DatabaseInUse.TakeAloneAsync(_engine, _connectionString, ct))
        {
            if (alone is null)
            {
                await Error.WriteLineAsync(Text("Cli.Restore.Running"));
                return 1;
            }
            if (!force && await HoldsDataAsync(ct))
            {
                await Error.WriteLineAsync(Text("Cli.Restore.NotEmpty"));
                return 1;
            }
            if (_engine == DatabaseEngine.Sqlite)
            {
                await ReplaceSqliteAsync(Path.Combine(folder, BackupManifest.SqliteFile), ct);
            }
            else if (!await RunAsync("pg_restore", [.. force ? new[] { "--clean", "--if-exists" } : [], "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", Conninfo(), Path.Combine(folder, BackupManifest.PostgresFile)], ct, dbnameGiven: true))
            {
                return 1;
            }
        }
        var keys = KeyFolder is { } keyFolder && System.IO.Directory.Exists(Path.Combine(folder, BackupManifest.KeysFolder))
            ? CopyKeys(Path.Combine(folder, BackupManifest.KeysFolder), keyFolder) : 0;
        await Out.WriteLineAsync(Text("Cli.Restore.Done", folder, $"{SessionTime.FormatDateTime(manifest.CreatedAt)} ({SessionTime.Zone.Id})", manifest.Migration ?? "—"));
        await Out.WriteLineAsync(KeyFolder is null ? Text("Cli.Backup.KeysInDatabase") : Text("Cli.Backup.Keys", keys));
        await Out.WriteLineAsync(Text("Cli.Restore.Next"));
        return 0;
    }

    /// <summary>
    /// A consistent copy while the app writes: <c>VACUUM INTO</c> reads one snapshot (WAL lets the writer go on) and
    /// writes a compact file holding only live rows, none of the free pages the original keeps.
    /// </summary>
    private async Task CopySqliteAsync(string target, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout = 5000; VACUUM INTO $target;";
        cmd.Parameters.AddWithValue("$target", target);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Puts the backup's file in place of the database: copied beside it first, then moved over it, with the old
    /// database's write-ahead log and shared-memory files removed (a stale log replayed over the new file would corrupt it).
    /// </summary>
    private async Task ReplaceSqliteAsync(string source, CancellationToken ct)
    {
        var target = SqlitePath;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        SqliteConnection.ClearAllPools();
        var incoming = target + ".restoring";
        File.Copy(source, incoming, overwrite: true);
        foreach (var stale in new[] { "-wal", "-shm", "-journal" })
        {
            File.Delete(target + stale);
        }
        File.Move(incoming, target, overwrite: true);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode = WAL;";
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Whether the target database holds any table (a restore over it needs <c>--force</c>).</summary>
    private async Task<bool> HoldsDataAsync(CancellationToken ct)
    {
        if (_engine == DatabaseEngine.Sqlite)
        {
            if (!File.Exists(SqlitePath) || new FileInfo(SqlitePath).Length == 0)
            {
                return false;
            }
            await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString);
            await sqlite.OpenAsync(ct);
            await using var tables = sqlite.CreateCommand();
            tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'";
            return Convert.ToInt64(await tables.ExecuteScalarAsync(ct)) > 0;
        }
        await using var postgres = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        await postgres.OpenAsync(ct);
        await using var cmd = postgres.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct)) > 0;
    }

    /// <summary>Restoring into a PostgreSQL database that does not exist yet creates it, as the app's user.</summary>
    private async Task CreatePostgresDatabaseAsync(CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(_connectionString);
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync(ct);
        await using var exists = admin.CreateCommand();
        exists.CommandText = "SELECT 1 FROM pg_database WHERE datname = @name";
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Runs <c>pg_dump</c> or <c>pg_restore</c> on the configured database. The password goes through the environment
    /// (<c>PGPASSWORD</c>), never the command line, where any user of the machine could read it.
    /// </summary>
    private async Task<bool> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken ct, bool dbnameGiven = false)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (!dbnameGiven)
        {
            start.ArgumentList.Add("--dbname");
            start.ArgumentList.Add(Conninfo());
        }
        if (new NpgsqlConnectionStringBuilder(_connectionString).Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await Error.WriteLineAsync(Text("Cli.Backup.ToolMissing", program));
            return false;
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode == 0)
            {
                return true;
            }
            await Error.WriteLineAsync(Text("Cli.Backup.ToolFailed", program, process.ExitCode, (await errors).Trim()));
            return false;
        }
    }

    /// <summary>The connection string as libpq reads it (<c>host=… port=… dbname=… user=…</c>), without the password.</summary>
    private string Conninfo()
    {
        var npgsql = new NpgsqlConnectionStringBuilder(_connectionString);
        var parts = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add($"{key}='{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'");
            }
        }
        Add("host", npgsql.Host);
        Add("port", npgsql.Port);
        Add("dbname", npgsql.Database);
        Add("user", npgsql.Username);
        Add("sslmode", npgsql.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        return string.Join(' ', parts);
    }

    /// <summary>Copies the key ring's files (one XML file per key); returns how many.</summary>
    private static int CopyKeys(string from, string to)
    {
        if (!System.IO.Directory.Exists(from))
        {
            return 0;
        }
        System.IO.Directory.CreateDirectory(to);
        var count = 0;
        foreach (var key in System.IO.Directory.EnumerateFiles(from, "*.xml"))
        {
            File.Copy(key, Path.Combine(to, Path.GetFileName(key)), overwrite: true);
            count++;
        }
        return count;
    }

    private static string Version =>
        typeof(DatabaseBackup).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            is [System.Reflection.AssemblyInformationalVersionAttribute { InformationalVersion: var version }, ..] ? version : "unknown";

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MiB" : $"{bytes / 1024.0:0.0} KiB";
}
