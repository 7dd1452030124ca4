using CongressHub.Domain.Common;

namespace CongressHub.Web.Hosting;

/// <summary><c>Https:Redirect</c>: HSTS and redirection to HTTPS, for an installation served over TLS (false by default).</summary>
public sealed class HttpsOptions : ISettings
{
    public static string Section => "Https";

    public bool Redirect { get; set; }

    public string? Problem() => null;
}
