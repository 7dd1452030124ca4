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
    /// The database (chosen by <c>Database:Provider</c>; SQLite by default, a file in the data folder unless
    /// <c>ConnectionStrings:CongressHub</c> says otherwise: <see cref="DataFolder"/>), Identity's user store and rules,
    /// and the feature services. The domain's settings are checked here or when the host starts: a wrong one stops the
    /// start naming it.
    /// </summary>
    public static IServiceCollection AddCongressDomain(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        SessionTime.Configure(Settings.Read<CongressOptions>(config).TimeZone);
        var database = DatabaseOptions.Read(config);
        var provider = database.Engine;
        var connectionString = database.ConnectionString;
        if (connectionString is null)
        {
            DataFolder.Ensure(DataFolder.Resolve(config, contentRoot));
            connectionString = $"Data Source={DataFolder.SqliteDatabase(config, contentRoot)}";
        }
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(database));
        services.AddSettings<CongressOptions>(config);
        services.AddSettings<SecrecyOptions>(config);
        services.AddSettings<DemoOptions>(config);
        services.AddSettings<AdminOptions>(config);
        services.AddSettings<Notices.NoticeOptions>(config);
        services.AddSettings<Councils.CouncilOptions>(config);

        services.AddMetrics();
        services.AddSingleton<CongressMetrics>();
        services.AddSingleton<DbCommandTimer>();
        services.AddDbContextFactory<CongressDbContext>((sp, o) =>
        {
            Use(o, provider, connectionString);
            o.AddInterceptors(sp.GetRequiredService<DbCommandTimer>());
            // Registered by a host whose diagnostics are on, never in a normal run.
            if (sp.GetService<QueryLog>() is { } queries)
            {
                o.AddInterceptors(queries);
            }
        });
        // The secrecy key file must not lie beside the database it protects (nor in its backups).
        var dataFolder = Path.GetDirectoryName(DataFolder.SqliteDatabase(config, contentRoot));
        services.AddSingleton(sp => new Secrecy(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecrecyOptions>>().Value.KeyFile, dataFolder,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Secrecy>>()));
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
        services.AddSingleton<SitemapService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<AccountStanding>();
        services.AddSingleton<Calendar.CalendarService>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<Live.SnapshotBuilder>();
        services.AddSingleton<Live.SnapshotSequence>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<MinutesService>();
        services.AddSingleton<LeaveService>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<Changes>();
        services.AddSingleton<BallotWriter>();
        services.AddSingleton<MotionService>();
        services.AddSingleton<VotingService>();
        services.AddSingleton<CountingService>();
        services.AddSingleton<Committee.CommitteeService>();
        services.AddSingleton<Committee.CommitteeWorkService>();
        services.AddSingleton<Districts.DistrictService>();
        services.AddSingleton<Projects.ProjectService>();
        services.AddSingleton<Records.DelegateRecordService>();
        services.AddSingleton<Councils.CouncilService>();
        services.AddSingleton<Tracking.TrackingService>();
        services.AddSingleton<Tracking.ContactCheckService>();
        services.AddSingleton<Tracking.HallQuestionService>();
        services.AddSingleton<Tracking.FollowUpService>();
        services.AddSingleton<Councils.ChargeService>();
        services.AddSingleton<Councils.TopicService>();
        services.AddSingleton<Reviews.ReviewService>();
        services.AddSingleton<Resolutions.ResolutionService>();
        services.AddSingleton<Councils.CouncilDecisionService>();
        services.AddSingleton<Attachments.AttachmentService>();
        services.AddSingleton<Notices.NoticeOutbox>();
        services.AddSingleton<Notices.NoticeSignal>();
        // Unsubscribe links are protected with the app's key ring (configured by the web host); a host without one gets its own.
        Microsoft.Extensions.DependencyInjection.DataProtectionServiceCollectionExtensions.AddDataProtection(services);
        services.AddSingleton<Notices.NoticeService>();
        services.TryAddSingleton<ICongressEvents, NoCongressEvents>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }

    /// <summary>
    /// PostgreSQL's planner prices a random read at four sequential ones, as on a spinning disk. With that price it pages a
    /// street's newest items by walking the whole table's primary key backwards and dropping the other streets' rows
    /// (270,000 of them for one street in a city of ten), rather than reading the street's own index. On SSD storage, as
    /// any server has today, a random read costs about what a sequential one does: each connection says so
    /// (<c>random_page_cost</c> 1.1, PostgreSQL's advice for SSD), unless the connection string sets it itself.
    /// </summary>
    internal static string WithPlannerCosts(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("random_page_cost", StringComparison.Ordinal) != true)
        {
            builder.Options = $"{builder.Options} -c random_page_cost=1.1".Trim();
        }
        return builder.ConnectionString;
    }

    /// <summary>Configures the context for <paramref name="provider"/> (<see cref="DatabaseEngine"/>), with that provider's own migrations.</summary>
    public static void Use(DbContextOptionsBuilder options, string provider, string connectionString)
    {
        if (provider == DatabaseEngine.Postgres)
        {
            options.UseNpgsql(WithPlannerCosts(connectionString), x => x.MigrationsAssembly(typeof(CongressDbContext).Assembly.FullName));
        }
        else
        {
            options.UseSqlite(connectionString, x => x.MigrationsAssembly(typeof(CongressDbContext).Assembly.FullName))
                .AddInterceptors(new SqlitePragmas());
        }
        options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrations>();
    }
}
