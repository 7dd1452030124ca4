using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace CongressHub.Domain.Common;

/// <summary>
/// Where an installation keeps its files, for the app and for every command that needs the same files (a backup).
/// <para><see cref="Setting"/> (<c>Data:Folder</c>, env <c>Data__Folder</c>) names the data folder; without it,
/// <c>data</c> under the content root; a relative value is relative to the content root. It holds the SQLite database
/// (<see cref="DatabaseFileName"/>) unless <c>ConnectionStrings:CongressHub</c> names one, and the key ring
/// (<c>keys/</c>) unless <see cref="KeysSetting"/> names a folder. The secrecy key file never lies in it.</para>
/// </summary>
public static class DataFolder
{
    public const string Setting = "Data:Folder";
    public const string KeysSetting = "DataProtection:KeysFolder";
    public const string DatabaseFileName = "congresshub.db";

    /// <summary>The data folder's full path (not created).</summary>
    public static string Resolve(IConfiguration config, string contentRoot)
    {
        var folder = config[Setting];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(folder) ? "data" : folder, contentRoot);
    }

    /// <summary>
    /// The SQLite database file: the data source of <c>ConnectionStrings:CongressHub</c> (relative to the content root),
    /// else <see cref="DatabaseFileName"/> in the data folder; <c>null</c> on PostgreSQL.
    /// </summary>
    public static string? SqliteDatabase(IConfiguration config, string contentRoot)
    {
        if (DatabaseEngine.Parse(config["Database:Provider"]) == DatabaseEngine.Postgres)
        {
            return null;
        }
        var connectionString = config.GetConnectionString("CongressHub");
        return string.IsNullOrWhiteSpace(connectionString)
            ? Path.Combine(Resolve(config, contentRoot), DatabaseFileName)
            : Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource, contentRoot);
    }

    /// <summary>
    /// The key ring's folder: <see cref="KeysSetting"/> (relative to the content root), else <c>keys</c> in the data
    /// folder; <c>null</c> on PostgreSQL without that setting, where the key ring lives in the database.
    /// </summary>
    public static string? KeysFolder(IConfiguration config, string contentRoot)
    {
        var folder = config[KeysSetting];
        if (!string.IsNullOrWhiteSpace(folder))
        {
            return Path.GetFullPath(folder, contentRoot);
        }
        return DatabaseEngine.Parse(config["Database:Provider"]) == DatabaseEngine.Postgres ? null : Path.Combine(Resolve(config, contentRoot), "keys");
    }

    /// <summary>
    /// Creates <paramref name="folder"/> when missing and checks that this account may write in it; otherwise stops
    /// with a message naming <paramref name="setting"/>, the setting the folder came from.
    /// </summary>
    public static string Ensure(string folder, string setting = Setting)
    {
        try
        {
            System.IO.Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, ".write-check-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{setting} ({folder}) cannot be created or written by this account: {e.Message} Set {setting} (env {setting.Replace(":", "__", StringComparison.Ordinal)}) to a folder it may write.", e);
        }
    }
}
