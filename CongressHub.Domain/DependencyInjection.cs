using CongressHub.Domain.Accounts;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Seeding;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Voting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CongressHub.Domain;

public static class DependencyInjection
{
    /// <summary>
    /// The database (chosen by <c>Database:Provider</c>; SQLite by default, a file under <c>data/</c> unless
    /// <c>ConnectionStrings:CongressHub</c> says otherwise), Identity's user store and rules, and the feature services.
    /// </summary>
    public static IServiceCollection AddCongressDomain(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        SessionTime.Configure(config[SessionTime.Setting]);
        var provider = DatabaseEngine.Parse(config["Database:Provider"]);
        var connectionString = config.GetConnectionString("CongressHub");
        if (provider == DatabaseEngine.Postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Database:Provider is Postgres: set ConnectionStrings:CongressHub to the PostgreSQL connection string.");
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var folder = Path.Combine(contentRoot, "data");
            System.IO.Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "congresshub.db")}";
        }

        services.AddMetrics();
        services.AddSingleton<CongressMetrics>();
        services.AddSingleton<DbCommandTimer>();
        services.AddDbContextFactory<CongressDbContext>((sp, o) =>
        {
            Use(o, provider, connectionString);
            o.AddInterceptors(sp.GetRequiredService<DbCommandTimer>());
        });
        // The secrecy key file must not lie beside the database it protects (nor in its backups).
        var dataFolder = provider == DatabaseEngine.Postgres ? null
            : Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource, contentRoot));
        services.AddSingleton(sp => new Secrecy(config[Secrecy.Setting], dataFolder, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Secrecy>>()));
        services.AddSingleton(TimeProvider.System);

        services.AddIdentityCore<CongressUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                // No lockout: anyone could lock the convener out by failing five times. SignInThrottle slows guessing instead.
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CongressDbContext>()
            .AddClaimsPrincipalFactory<CongressClaimsFactory>();

        services.AddSingleton<DirectoryService>();
        services.AddSingleton<CardService>();
        services.AddSingleton<RosterImportService>();
        services.AddSingleton<StreetService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<AccountStanding>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<Live.SnapshotBuilder>();
        services.AddSingleton<Live.SnapshotSequence>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<LeaveService>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<Changes>();
        services.AddSingleton<BallotWriter>();
        services.AddSingleton<MotionService>();
        services.AddSingleton<VotingService>();
        services.AddSingleton<CountingService>();
        services.AddSingleton<Committee.CommitteeService>();
        services.AddSingleton<Tracking.TrackingService>();
        services.AddSingleton<Tracking.HallQuestionService>();
        services.AddSingleton<Tracking.FollowUpService>();
        services.AddSingleton<Reviews.ReviewService>();
        services.AddSingleton<Resolutions.ResolutionService>();
        services.TryAddSingleton<ICongressEvents, NoCongressEvents>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }

    /// <summary>Configures the context for <paramref name="provider"/> (<see cref="DatabaseEngine"/>), with that provider's own migrations.</summary>
    public static void Use(DbContextOptionsBuilder options, string provider, string connectionString)
    {
        if (provider == DatabaseEngine.Postgres)
        {
            options.UseNpgsql(connectionString, x => x.MigrationsAssembly(typeof(CongressDbContext).Assembly.FullName));
        }
        else
        {
            options.UseSqlite(connectionString, x => x.MigrationsAssembly(typeof(CongressDbContext).Assembly.FullName))
                .AddInterceptors(new SqlitePragmas());
        }
        options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrations>();
    }
}
