using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CongressHub.Domain.Common;

/// <summary>Used by <c>dotnet ef migrations add X -o Migrations/Sqlite</c> from the Domain folder.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CongressDbContext>
{
    public CongressDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CongressDbContext>();
        DependencyInjection.UseSqlite(options, "Data Source=design.db");
        return new CongressDbContext(options.Options);
    }
}
