using CongressHub.Domain.Accounts;
using CongressHub.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapTokenEndpoint();

        // The token is checked here rather than by form binding, whose refusal is an exception (a 500 behind the error page).
        app.MapPost("/account/signout", async (HttpContext ctx, IAntiforgery antiforgery, SignInManager<CongressUser> signIn, IStringLocalizer<SharedResource> L) =>
        {
            if (!ctx.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(ctx))
            {
                return (IResult)TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: L["SignOut.Expired"]);
            }
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(LocalOr(ctx.Request.Form["returnUrl"], "/"));
        }).DisableAntiforgery().ExcludeFromDescription();

        // The language switch of the top bar: remembers the choice for a year and goes back to the page.
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext ctx) =>
        {
            var chosen = WebSetup.Cultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return Results.NotFound();
            }
            ctx.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
            return Results.LocalRedirect(LocalOr(returnUrl, "/"));
        }).ExcludeFromDescription();
    }

    public static string LocalOr(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : fallback;
}
