using System.Security.Claims;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Accounts;

public sealed record TokenRequest(string? UserName, string? Password, string? Code);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary><c>POST /api/auth/token</c>: a bearer token for a device, from a password or a delegate's card code.</summary>
public static class TokenEndpoints
{
    public static readonly TimeSpan PasswordTokenLifetime = TimeSpan.FromHours(12);

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/token", IssueAsync)
            .AllowAnonymous()
            .WithTags("Auth")
            .WithSummary("Bearer token from { userName, password } or a delegate's card { code }")
            .Produces<TokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> IssueAsync(
        TokenRequest? request,
        HttpContext ctx,
        SignInManager<CongressUser> signIn,
        PasswordSignIn passwords,
        CardService cards,
        SecurityStampCache stamps,
        AuditTrail audit,
        TimeProvider time,
        IOptionsMonitor<BearerTokenOptions> bearer,
        IStringLocalizer<SharedResource> L)
    {
        var byCode = !string.IsNullOrWhiteSpace(request?.Code);
        var byPassword = !string.IsNullOrWhiteSpace(request?.UserName) || !string.IsNullOrWhiteSpace(request?.Password);
        if (request is null || byCode == byPassword || byPassword && (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrWhiteSpace(request.Password)))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["credentials"] = [L["Token.NeedCredentials"]] },
                title: L["Token.NeedCredentials"]);
        }

        CongressUser? user;
        DateTimeOffset expires;
        if (byCode)
        {
            var holder = await cards.FindHolderAsync(request.Code);
            user = holder is null ? null : await signIn.UserManager.FindByIdAsync(holder.UserId);
            if (user is null || holder is null)
            {
                return Unauthorized(L["SignIn.CardInvalid"]);
            }
            expires = holder.ExpiresUtc;
        }
        else
        {
            var check = await passwords.CheckAsync(request.UserName!, request.Password!, PasswordSignIn.ClientOf(ctx));
            if (check.Outcome == PasswordOutcome.Throttled)
            {
                ctx.Response.Headers.RetryAfter = check.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: L["SignIn.Throttled", check.RetryAfterSeconds]);
            }
            if (check.User is not { } signedIn)
            {
                return Unauthorized(L["SignIn.Failed"]);
            }
            if (signedIn.MustChangePassword)
            {
                // A one-time password from a reset opens the change-password page only, never a device's session.
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: L["Password.MustChangeApi"]);
            }
            user = signedIn;
            expires = time.GetUtcNow().Add(PasswordTokenLifetime);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, BearerTokenDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        var properties = new AuthenticationProperties { IssuedUtc = time.GetUtcNow(), ExpiresUtc = expires };
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), properties, BearerTokenDefaults.AuthenticationScheme);
        stamps.Remember(ticket.Principal);
        var token = bearer.Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenProtector.Protect(ticket);
        await audit.RecordSignInAsync(user.StreetId, user.UserName!, byCode ? "token (card)" : "token (password)");
        return TypedResults.Ok(new TokenResponse(token, expires));
    }

    private static IResult Unauthorized(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title);
}
