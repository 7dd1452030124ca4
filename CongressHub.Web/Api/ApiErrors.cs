using CongressHub.Domain.Common;

namespace CongressHub.Web.Api;

/// <summary>Turns the domain's refusals into RFC 7807 problem details with the right status.</summary>
public sealed class ApiErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException ex)
        {
            return TypedResults.ValidationProblem(
                ex.Errors.GroupBy(e => Camel(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: ex.Message);
        }
        catch (NotFoundException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ex.Message);
        }
        catch (ForbiddenException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: ex.Message);
        }
        catch (DomainException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: ex.Message);
        }
    }

    private static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}

public static class ApiActor
{
    /// <summary>The acting user of an authenticated API call (the group requires authentication).</summary>
    public static Actor Of(HttpContext ctx) => Actor.FromPrincipal(ctx.User) ?? throw new ForbiddenException();
}
