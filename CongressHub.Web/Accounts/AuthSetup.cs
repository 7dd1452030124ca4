using CongressHub.Domain.Accounts;
using CongressHub.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CongressHub.Web.Accounts;

public static class AuthSetup
{
    /// <summary>Chooses the cookie for pages and the bearer token for devices, per request.</summary>
    public const string SmartScheme = "CongressHub";

    public static void AddCongressAuth(this IServiceCollection services)
    {
        new IdentityBuilder(typeof(CongressUser), typeof(IdentityRole), services).AddSignInManager<CongressSignInManager>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthStateProvider>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o =>
                o.ForwardDefaultSelector = ctx => HasBearerToken(ctx.Request)
                    ? BearerTokenDefaults.AuthenticationScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(BearerTokenDefaults.AuthenticationScheme, o =>
            {
                o.BearerTokenExpiration = TokenEndpoints.PasswordTokenLifetime;
                o.Events.OnMessageReceived = ctx =>
                {
                    // WebSockets cannot send headers: the hub takes the token from the query string.
                    if (ctx.Request.Path.StartsWithSegments("/hubs") && ctx.Request.Query["access_token"] is { Count: > 0 } token)
                    {
                        ctx.Token = token.ToString();
                    }
                    return Task.CompletedTask;
                };
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/signin";
            o.LogoutPath = "/account/signout";
            o.AccessDeniedPath = "/denied";
            o.Cookie.Name = "congresshub.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        // Every request re-checks the security stamp, so a revoked card signs its device out at the next request.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddAuthorization();
        services.AddSingleton<SecurityStampCache>();
        services.AddScoped<PasswordSignIn>();
    }

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token");

    private static Task ApiAwareRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ApiRoutes.IsApi(ctx.Request.Path))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
