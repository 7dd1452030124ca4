using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using CongressHub.Domain.Common;
using CongressHub.Domain.Seeding;
using CongressHub.Web.Accounts;
using CongressHub.Web.Api;
using CongressHub.Web.Calendar;
using CongressHub.Web.Components;
using CongressHub.Web.Directory;
using CongressHub.Web.Notices;
using CongressHub.Web.Realtime;
using CongressHub.Web.Streets;
using CongressHub.Web.Tracking;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using MudBlazor.Services;
using StackExchange.Redis;

namespace CongressHub.Web.Hosting;

public static class WebSetup
{
    /// <summary>Chinese text is written as is, not as &amp;#x...; entities: pages a third the size, readable source.</summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// The two languages, each with the app's one way of writing a date (CONTRACTS.md, "Times"): zh <c>2026-12-02</c>,
    /// en <c>2 Dec 2026</c>, and the 24-hour clock. Request localization hands out these very instances, so MudBlazor's
    /// pickers and any <c>{0:d}</c> or <c>{0:g}</c> follow; the long date is the formal one (<c>2026年12月2日</c>), never
    /// with the weekday. The first is the default.
    /// </summary>
    public static readonly CultureInfo[] Cultures =
    [
        Culture("zh-CN", shortDate: "yyyy-MM-dd", longDate: "yyyy年M月d日"),
        Culture("en", shortDate: "d MMM yyyy", longDate: "d MMMM yyyy"),
    ];

    private static CultureInfo Culture(string name, string shortDate, string longDate)
    {
        var culture = new CultureInfo(name, useUserOverride: false);
        var dates = culture.DateTimeFormat;
        dates.ShortDatePattern = shortDate;
        dates.LongDatePattern = longDate;
        dates.ShortTimePattern = "HH:mm";
        dates.LongTimePattern = "HH:mm:ss";
        dates.FullDateTimePattern = longDate + " HH:mm:ss";
        // Read-only, so that request localization passes on this instance rather than a copy per request.
        return CultureInfo.ReadOnly(culture);
    }

    public static void AddCongressWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Serve MudBlazor's files straight from the build output under `dotnet run` in any environment.
        builder.WebHost.UseStaticWebAssets();
        builder.AddCongressNetwork();
        builder.AddCongressTelemetry();
        AddKeyRing(builder);
        services.AddSettings<HttpsOptions>(builder.Configuration);
        services.AddSettings<ApiOptions>(builder.Configuration);
        services.AddSettings<DiagnosticsOptions>(builder.Configuration);
        if (Settings.Read<DiagnosticsOptions>(builder.Configuration).Enabled)
        {
            services.AddSingleton<QueryLog>();
        }
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Messages appear at the bottom, clear of the top bar with the user's name and the language switch.
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter);
        services.AddTransient<MudBlazor.MudLocalizer, MudBlazorTexts>();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Chinese unless the person chose otherwise: the switch in the top bar sets the cookie.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddSingleton(Encoder);
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddSingleton<SecurityHeaders>();
        services.AddScoped<Documents.DocumentFiles>();
        services.AddCongressOpenApi();
        services.AddCongressAuth();
        var signalR = services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        // Times leave the app with their offset (Z), for the API's answers and the hub's snapshots alike.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new UtcDateTimeJson()));
        services.Configure<Microsoft.AspNetCore.SignalR.JsonHubProtocolOptions>(o => o.PayloadSerializerOptions.Converters.Add(new UtcDateTimeJson()));
        var limits = ClientLimits.Read(builder.Configuration);
        services.AddSingleton(limits);
        services.AddSingleton<HubConnections>();
        services.AddSingleton<UserCircuits>();
        services.AddSingleton<CircuitCloser>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, UserCircuitHandler>();
        services.AddSingleton<SessionFeeds>();
        services.AddSingleton<StreetScreens>();
        services.AddSingleton<CongressNotifier>();
        var realtime = Settings.Read<RealtimeOptions>(builder.Configuration);
        if (!realtime.SeveralNodes)
        {
            // One node: events go straight to this process's notifier.
            services.AddSingleton<ICongressEvents>(sp => sp.GetRequiredService<CongressNotifier>());
        }
        else
        {
            // Several nodes: one Redis connection carries the hub's backplane and the relay of domain events.
            var options = realtime.RedisConfiguration();
            options.AbortOnConnectFail = false; // start, and keep trying, while Redis is away
            var multiplexer = ConnectionMultiplexer.Connect(options);
            services.AddSingleton<IConnectionMultiplexer>(multiplexer);
            signalR.AddStackExchangeRedis(o =>
            {
                o.Configuration.ChannelPrefix = RedisChannel.Literal("congresshub");
                o.ConnectionFactory = _ => Task.FromResult<IConnectionMultiplexer>(multiplexer);
            });
            services.AddSingleton<RedisEventRelay>();
            services.AddSingleton<ICongressEvents>(sp => sp.GetRequiredService<RedisEventRelay>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisEventRelay>());
        }
        services.AddCongressHealthChecks(redis: realtime.SeveralNodes);
        services.AddNoticeChannels(builder.Configuration);
        services.AddHostedService<Notices.NoticeSender>();
        services.AddScoped<IssuedCardsBatch>();
        services.AddScoped<CardSignIn>();
        services.AddScoped<CardActions>();
        services.AddScoped<PasswordResetActions>();
        // The residents' public forms: their human check, their per-client hourly limit, and the handling of a post.
        services.AddMemoryCache();
        services.AddSettings<PublicFormOptions>(builder.Configuration);
        services.AddSingleton<HumanCheck>();
        services.AddSingleton<PublicFormLimiter>();
        services.AddTransient<PublicFormPost>();
        PublicPageCache.AddTo(services);
        PublicRequestLimiter.AddTo(services);
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        // Every setting is checked before anything is written, as the host's start would check it (ValidateOnStart).
        app.Services.GetService<IStartupValidator>()?.Validate();
        // The app's claim on its database, held while it runs: `restore` is refused meanwhile, and this start is refused
        // while a restore runs.
        await using (var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CongressDbContext>>().CreateDbContextAsync())
        {
            var claim = await DatabaseInUse.ShareAsync(db) ?? throw new InvalidOperationException(
                "A restore is running on this database (ConnectionStrings:CongressHub): start the app again when it has finished.");
            app.Lifetime.ApplicationStopped.Register(() => claim.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(demo.Seed, admin.InitialPassword);
        // Make the key ring now, not at the first sign-in: a node started after this one finds the same key.
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CongressHub.Startup").Protect("ready");
        // Say where to go once the server listens, so a first run does not end in silence.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                app.Logger.LogInformation("CongressHub is ready: open {Address}/signin in a browser", address.TrimEnd('/'));
            }
        });
    }

    /// <summary>
    /// The keys that protect cookies, antiforgery tokens and the public form's human check. Every node must share
    /// them: on PostgreSQL they live in the database (unless <c>DataProtection:KeysFolder</c> names a shared folder);
    /// on SQLite, in <c>keys</c> in the data folder (<see cref="DataFolder"/>). Persisted keys keep delegates' card
    /// cookies valid across restarts.
    /// </summary>
    private static void AddKeyRing(WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("CongressHub");
        // The setting is checked (a path the system cannot read stops the start naming it); the data folder gives the default.
        Settings.Read<KeyRingOptions>(builder.Configuration);
        var folder = DataFolder.KeysFolder(builder.Configuration, builder.Environment.ContentRootPath);
        if (folder is null)
        {
            dataProtection.PersistKeysToDbContext<CongressDbContext>();
            return;
        }
        var setting = string.IsNullOrWhiteSpace(builder.Configuration[DataFolder.KeysSetting]) ? DataFolder.Setting : DataFolder.KeysSetting;
        dataProtection.PersistKeysToFileSystem(new DirectoryInfo(DataFolder.Ensure(folder, setting)));
    }

    public static void UseCongressWeb(this WebApplication app)
    {
        // First, so that a recorded request's every command is recorded (diagnostics only).
        app.UseQueryRecording();
        // Then, so that everything after it sees the resident's address and scheme as the proxy forwarded them.
        app.UseCongressNetwork();
        SecurityHeaders.UseSecurityHeaders(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        if (app.Services.GetRequiredService<IOptions<HttpsOptions>>().Value.Redirect)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseRequestLocalization();
        // Before the kept pages: a client past its allowance is refused even a page that costs nothing to send.
        app.UseRateLimiter();
        // API callers get problem details for empty error responses; people get the localized page.
        app.UseWhen(ctx => ApiRoutes.IsApi(ctx.Request.Path), api => api.UseStatusCodePages());
        app.UseWhen(ctx => !ApiRoutes.IsApi(ctx.Request.Path),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // Routing after the status-code pages, so that a re-executed /not-found is routed afresh.
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<BearerRevocationMiddleware>();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        app.UseOutputCache();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapCongressApiDocs();
        app.MapAccountEndpoints();
        app.MapCongressApi();
        app.MapSmsReceiptsApi();
        app.MapPublicEndpoints();
        Notices.UnsubscribeEndpoints.MapUnsubscribe(app);
        app.MapCalendarEndpoints();
        app.MapHub<SessionHub>("/hubs/congress");
        app.MapDiagnostics();
        app.MapCongressHealth();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
