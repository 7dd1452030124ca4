using System.Text;
using CongressHub.Domain.Calendar;
using CongressHub.Domain.Common;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Calendar;

/// <summary>
/// Calendar files: one session for those who may see it, one published session on the street's public pages, and
/// each person's feed behind its secret link. Not under <c>/api/</c>: people's browsers and phones' calendars open
/// them, and a 404 here is the ordinary not-found page.
/// </summary>
public static class CalendarEndpoints
{
    public static void MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sessions/{id:int}/calendar.ics", SessionAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/s/{slug}/sessions/{id:int}/calendar.ics", PublicSessionAsync).ExcludeFromDescription();
        app.MapGet("/calendar/{token}.ics", FeedAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> SessionAsync(int id, HttpContext ctx, CalendarService calendars, IStringLocalizer<SharedResource> l)
    {
        if (Actor.FromPrincipal(ctx.User) is not { } actor)
        {
            return Results.Challenge();
        }
        try
        {
            var session = await calendars.SessionEventAsync(actor, id, ctx.RequestAborted);
            return File(CalendarFile.Render([session], session.Title, l), $"session-{id}.ics");
        }
        catch (NotFoundException)
        {
            return Results.NotFound();
        }
    }

    private static async Task<IResult> PublicSessionAsync(string slug, int id, HttpContext ctx, CalendarService calendars, IStringLocalizer<SharedResource> l)
    {
        var session = await calendars.PublicSessionEventAsync(slug, id, ctx.RequestAborted);
        if (session is null)
        {
            return Results.NotFound();
        }
        // Residents have no session page to open: the link leads to the street's public home.
        var home = session.Link[..session.Link.IndexOf("/sessions/", StringComparison.Ordinal)] + $"/s/{slug.Trim().ToLowerInvariant()}";
        return File(CalendarFile.Render([session with { Link = home }], session.Title, l), $"session-{id}.ics");
    }

    private static async Task<IResult> FeedAsync(string token, HttpContext ctx, CalendarService calendars, IStringLocalizer<SharedResource> l)
    {
        var feed = await calendars.SessionsForFeedAsync(token, ctx.RequestAborted);
        if (feed is null)
        {
            return Results.NotFound();
        }
        // Calendars poll; a quarter of an hour is fresh enough for sessions announced days ahead.
        ctx.Response.Headers.CacheControl = "private, max-age=900";
        return Results.Text(CalendarFile.Render(feed.Sessions, l["Calendar.FeedName", feed.StreetName], l), CalendarFile.ContentType, Encoding.UTF8);
    }

    private static IResult File(string text, string fileName) =>
        Results.File(Encoding.UTF8.GetBytes(text), CalendarFile.ContentType, fileName);
}
