using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CongressHub.Domain.Common;

/// <summary>
/// Used by <c>dotnet ef</c> from the Domain folder (see <c>scripts/migrations.sh</c>): SQLite by default, PostgreSQL
/// with <c>-- Postgres</c> after the command. Neither needs a running server to add a migration.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CongressDbContext>
{
    public CongressDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CongressDbContext>();
        if (args.Any(a => a.Equals(DatabaseEngine.Postgres, StringComparison.OrdinalIgnoreCase)))
        {
            DependencyInjection.Use(options, DatabaseEngine.Postgres, "Host=127.0.0.1;Database=congresshub_design");
        }
        else
        {
            DependencyInjection.Use(options, DatabaseEngine.Sqlite, "Data Source=design.db");
        }
        return new CongressDbContext(options.Options);
    }
}
