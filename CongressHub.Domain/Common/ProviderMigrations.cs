using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace CongressHub.Domain.Common;

/// <summary>
/// One migration set per provider in one assembly: EF Core would otherwise see the SQLite and the PostgreSQL
/// migrations (and both model snapshots) together. This keeps those of the folder that belongs to the provider in use,
/// <c>Migrations/Sqlite</c> or <c>Migrations/Postgres</c>, told apart by their namespace.
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is internal API; replacing it is the documented way to pick migrations.
internal sealed class ProviderMigrations(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly string _namespace = Namespace(currentContext.Context);
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotFound;

    public static string Namespace(DbContext context) =>
        "CongressHub.Domain.Migrations." + (DatabaseEngine.IsPostgres(context) ? "Postgres" : "Sqlite");

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        _migrations ??= base.Migrations.Where(m => m.Value.Namespace == _namespace).ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotFound)
            {
                var type = Assembly.GetTypes()
                    .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot)) && t.Namespace == _namespace
                        && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(CongressDbContext))
                    .SingleOrDefault();
                _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type)!;
                _snapshotFound = true;
            }
            return _snapshot;
        }
    }
}
#pragma warning restore EF1001
