using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CongressHub.Web.Api;

/// <summary>
/// The OpenAPI document for integrators (<c>/openapi/v1.json</c>): the bearer scheme, required by every operation that
/// needs a token, and the responses each operation can give; and the interactive API page at <c>/scalar</c>, in
/// Development always, elsewhere only with <c>Api:Reference</c> on.
/// </summary>
public static class OpenApiSetup
{
    public const string ReferencePath = "/scalar";
    public const string BearerScheme = "bearer";

    public static void AddCongressOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A token from POST /api/auth/token, sent as `Authorization: Bearer …` (the hub takes it as `access_token` in the query string).",
                };
                document.Components.SecuritySchemes[Notices.SmsReceiptsApi.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Authorization",
                    Description = "The SMS gateway's signature: `HMAC-SHA256 Credential=<AccessKeyId>,Signature=<Base64>` with the headers "
                        + "`x-acs-date` and `x-acs-nonce`, over the method, path, date, nonce and SHA-256 of the body (README, Notices).",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var optional = metadata.OfType<TokenOptional>().Any();
                if (metadata.OfType<Notices.GatewaySigned>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Notices.SmsReceiptsApi.Scheme, context.Document)] = [] }];
                    return Task.CompletedTask;
                }
                if (metadata.OfType<IAuthorizeData>().Any() && (optional || !metadata.OfType<IAllowAnonymous>().Any()))
                {
                    operation.Security ??= [];
                    if (optional)
                    {
                        // An empty requirement beside the bearer one: the operation answers without a token too.
                        operation.Security.Add(new OpenApiSecurityRequirement());
                    }
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// Declares the problem details every endpoint of the token-protected API group can answer, as the group's shared
    /// pieces give them: 401 without a valid token; 403 from the services' role checks (<see cref="ApiErrors"/>); 404
    /// for a record of another street or none (any operation that names a record); 409 for a refused change (any
    /// write); 400 for a body or value the operation cannot take (any write). An endpoint's own declarations stand.
    /// </summary>
    public static void DeclareApiResponses(this RouteGroupBuilder api) =>
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            var write = methods.Any(m => m != HttpMethods.Get);
            var namesARecord = endpoint is RouteEndpointBuilder route && route.RoutePattern.Parameters.Count > 0;
            void Problem(int status, bool validation = false)
            {
                if (declared.Add(status))
                {
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, validation ? typeof(HttpValidationProblemDetails) : typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
                }
            }
            if (write && !methods.Contains(HttpMethods.Delete))
            {
                Problem(StatusCodes.Status400BadRequest, validation: true);
            }
            Problem(StatusCodes.Status401Unauthorized);
            Problem(StatusCodes.Status403Forbidden);
            if (namesARecord)
            {
                Problem(StatusCodes.Status404NotFound);
            }
            if (write)
            {
                Problem(StatusCodes.Status409Conflict);
            }
        });

    /// <summary>The document, and the API page where it is allowed (404 elsewhere: the route does not exist).</summary>
    public static void MapCongressApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        if (!ReferenceEnabled(app))
        {
            return;
        }
        // Everything the page needs comes from this server: the bundled script, no web fonts, no telemetry, no proxy.
        app.MapScalarApiReference(ReferencePath, o => o
            .WithTitle("CongressHub API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .AddPreferredSecuritySchemes(BearerScheme));
    }

    public static bool ReferenceEnabled(WebApplication app) =>
        app.Environment.IsDevelopment() || app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.Reference;
}

/// <summary>
/// Marks an endpoint that answers with or without a token (a public record's files): open to anyone, and a token (or the
/// sign-in cookie) decides what else the caller may read. The OpenAPI document lists the bearer scheme as optional there.
/// </summary>
public sealed class TokenOptional
{
    public static readonly TokenOptional Instance = new();
}

public static class TokenOptionalExtensions
{
    public static TBuilder AllowTokenOrNone<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(TokenOptional.Instance);
}
