using System.Globalization;
using System.Security.Claims;
using Bunit;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Web.Accounts;
using CongressHub.Web.Directory;
using CongressHub.Web.Hosting;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace CongressHub.Tests.Support;

/// <summary>
/// bUnit with MudBlazor, the real localizer, and the real services over a seeded SQLite copy; the signed-in user is
/// set with <see cref="SignInAs"/>.
/// </summary>
public abstract class ComponentTest : BunitContext
{
    static ComponentTest() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected ComponentTest()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = WebSetup.Cultures[0];
        Db = TestDatabase.CreateAsync().GetAwaiter().GetResult();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddTransient<MudLocalizer, MudBlazorTexts>();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(WebSetup.Encoder);
        Services.AddSingleton<TimeProvider>(Db.Clock);
        Services.AddSingleton(Db.Get<DirectoryService>());
        Services.AddSingleton(Db.Get<CardService>());
        Services.AddSingleton(Db.Get<RosterImportService>());
        Services.AddSingleton(Db.Get<StreetService>());
        Services.AddSingleton(Db.Get<AccountService>());
        Services.AddSingleton(Db.Get<SessionService>());
        Services.AddSingleton(Db.Get<LeaveService>());
        Services.AddSingleton(Db.Get<SnapshotBuilder>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Voting.VotingService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Voting.CountingService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Tracking.TrackingService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Tracking.HallQuestionService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Tracking.FollowUpService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Councils.ChargeService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Councils.CouncilService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Councils.TopicService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Reviews.ReviewService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Resolutions.ResolutionService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Councils.CouncilDecisionService>());
        Services.AddSingleton(Db.Get<CongressHub.Domain.Attachments.AttachmentService>());
        var hubs = new ServiceCollection().AddLogging().AddOutputCache().AddSignalR().Services.BuildServiceProvider();
        Notifier = new CongressNotifier(
            new SecurityStampCache(Db.Clock, Options.Create(new Microsoft.AspNetCore.Identity.IdentityOptions())),
            hubs.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>(),
            new SessionFeeds(Db.Get<SnapshotBuilder>(), hubs.GetRequiredService<IHubContext<SessionHub, ISessionClient>>(), Db.Clock, Db.Get<SnapshotSequence>(),
                Db.Get<CongressHub.Domain.Common.CongressMetrics>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<SessionFeeds>.Instance),
            new StreetScreens(Microsoft.Extensions.Logging.Abstractions.NullLogger<StreetScreens>.Instance),
            new UserCircuits(new ClientLimits(), Microsoft.Extensions.Logging.Abstractions.NullLogger<UserCircuits>.Instance),
            new HubConnections(new ClientLimits(), Microsoft.Extensions.Logging.Abstractions.NullLogger<HubConnections>.Instance),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CongressNotifier>.Instance);
        Db.Events.Forward = Notifier;
        Services.AddSingleton(Notifier);
        Services.AddSingleton(new PublicLinks(null, behindProxy: false));
        Services.AddScoped<IssuedCardsBatch>();
        Services.AddScoped<CardActions>();
        Services.AddScoped<PasswordResetActions>();
    }

    protected TestDatabase Db { get; }

    /// <summary>The real live notifier: services' changes reach rendered pages through it, as in the app.</summary>
    protected CongressNotifier Notifier { get; }

    protected Actor Me { get; private set; } = null!;

    /// <summary>Signs in as a demo account: the same claims its cookie would carry.</summary>
    protected Actor SignInAs(string userName)
    {
        Me = Db.ActorAsync(userName).GetAwaiter().GetResult();
        var auth = AddAuthorization();
        auth.SetAuthorized(Me.DisplayName ?? userName);
        auth.SetRoles([.. Me.Roles]);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, Me.UserId), new(Actor.DisplayNameClaim, Me.DisplayName ?? "") };
        if (Me.StreetId is { } street)
        {
            claims.Add(new Claim(Actor.StreetClaim, street.ToString(CultureInfo.InvariantCulture)));
        }
        if (Me.DelegateId is { } d)
        {
            claims.Add(new Claim(Actor.DelegateClaim, d.ToString(CultureInfo.InvariantCulture)));
        }
        if (Me.OfficerId is { } o)
        {
            claims.Add(new Claim(Actor.OfficerClaim, o.ToString(CultureInfo.InvariantCulture)));
        }
        if (Me.CommunityId is { } c)
        {
            claims.Add(new Claim(Actor.CommunityClaim, c.ToString(CultureInfo.InvariantCulture)));
        }
        auth.SetClaims([.. claims]);
        return Me;
    }

    /// <summary>Renders the MudBlazor providers the layout would give the page (popovers, dialogs, snackbars).</summary>
    protected void RenderProviders()
    {
        Render<MudPopoverProvider>();
        Dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
    }

    /// <summary>Where the page's dialogs appear.</summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = null!;

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await Db.DisposeAsync();
    }
}
