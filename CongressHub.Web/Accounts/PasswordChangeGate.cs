using CongressHub.Domain.Common;
using CongressHub.Web.Api;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Accounts;

/// <summary>
/// An account whose password was reset signs in with the one-time password, and then may only choose its own: every
/// page but the change-password page sends it there, and the API and the hub refuse it (403 problem details). Sign-out,
/// the language switch and static files stay open. The principal carries the mark (<see cref="Actor.MustChangePasswordClaim"/>);
/// the security stamp, checked on every request, changes both when the password is reset and when it is changed.
/// </summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    public const string ChangePath = "/account/password";

    public async Task InvokeAsync(HttpContext ctx, IStringLocalizer<SharedResource> L)
    {
        if (ctx.User.HasClaim(c => c.Type == Actor.MustChangePasswordClaim) && !IsReExecuted(ctx))
        {
            if (ApiRoutes.IsApi(ctx.Request.Path))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: L["Password.MustChangeApi"]).ExecuteAsync(ctx);
                return;
            }
            if (IsPage(ctx) && !ctx.Request.Path.StartsWithSegments(ChangePath))
            {
                ctx.Response.Redirect(ChangePath);
                return;
            }
        }
        await next(ctx);
    }

    private static bool IsPage(HttpContext ctx) => ctx.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    // The not-found and error pages shown in place of another answer keep that answer.
    private static bool IsReExecuted(HttpContext ctx) =>
        ctx.Features.Get<IStatusCodeReExecuteFeature>() is not null || ctx.Features.Get<IExceptionHandlerPathFeature>() is not null;
}
