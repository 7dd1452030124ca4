using CongressHub.Domain.Notices;

namespace CongressHub.Web.Notices;

/// <summary>
/// The unsubscribe link every e-mail but the session call carries. Its token is the capability (no sign-in): a mail
/// client's one-click POST (RFC 8058) unsubscribes at once; a person's click (GET) lands on a page that asks first, so
/// a link scanner that opens every link unsubscribes no one.
/// </summary>
public static class UnsubscribeEndpoints
{
    public const string Path = "/notices/unsubscribe/now";

    public static void MapUnsubscribe(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (string? t) => Results.Redirect($"/notices/unsubscribe?t={Uri.EscapeDataString(t ?? "")}"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Path, async (string? t, HttpRequest request, NoticeService notices, CancellationToken ct) =>
            {
                var done = await notices.UnsubscribeAsync(t, ct);
                // A person's form goes back to the page; a mail client's one-click post only needs the status.
                return request.HasFormContentType && request.Form.ContainsKey("confirm")
                    ? Results.Redirect(done ? "/notices/unsubscribe?done=1" : "/notices/unsubscribe?bad=1")
                    : done ? Results.Ok() : Results.NotFound();
            })
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }
}
