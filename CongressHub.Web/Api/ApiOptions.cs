using CongressHub.Domain.Common;

namespace CongressHub.Web.Api;

/// <summary><c>Api:Reference</c>: the interactive API page outside Development (see <see cref="OpenApiSetup"/>).</summary>
public sealed class ApiOptions : ISettings
{
    public static string Section => "Api";

    public bool Reference { get; set; }

    public string? Problem() => null;
}
