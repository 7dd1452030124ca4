using CongressHub.Domain.Accounts;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Streets;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Common;

public sealed class CongressDbContext(DbContextOptions<CongressDbContext> options)
    : IdentityDbContext<CongressUser>(options)
{
    public DbSet<Street> Streets => Set<Street>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Officer> Officers => Set<Officer>();
    public DbSet<Term> Terms => Set<Term>();
    public DbSet<Delegate> Delegates => Set<Delegate>();
    public DbSet<DelegateCard> DelegateCards => Set<DelegateCard>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CongressDbContext).Assembly);
    }
}
