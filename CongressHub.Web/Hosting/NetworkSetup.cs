using System.Net;
using CongressHub.Domain.Common;
using Microsoft.AspNetCore.HttpOverrides;

namespace CongressHub.Web.Hosting;

/// <summary>
/// Where the installation stands on the network: the reverse proxies (load balancers) whose forwarded headers are
/// believed (<c>Network:KnownProxies</c>, <c>Network:KnownNetworks</c>), and the address residents use
/// (<c>Congress:PublicBaseUrl</c>) for the absolute links of the feed, the sitemap, link cards and printed cards.
/// Each setting is checked when the app starts; a wrong one stops the start with a message naming it.
/// </summary>
public static class NetworkSetup
{
    public const string KnownProxiesSetting = "Network:KnownProxies";
    public const string KnownNetworksSetting = "Network:KnownNetworks";
    public const string PublicBaseUrlSetting = "Congress:PublicBaseUrl";

    public static void AddCongressNetwork(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var proxies = ReadList(config, KnownProxiesSetting).Select(ParseAddress).ToList();
        var networks = ReadList(config, KnownNetworksSetting).Select(ParseNetwork).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // The client's address and the scheme it used, only as told by a proxy named here: a header from anyone
            // else is ignored, so a client cannot choose the address its requests are counted under. The host is never
            // taken from a header: absolute links use Congress:PublicBaseUrl.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
            // A chain of known proxies (a CDN in front of the balancer) is walked back to the first address not named.
            o.ForwardLimit = null;
        });
        builder.Services.AddSingleton(new PublicLinks(ParseBaseUrl(config[PublicBaseUrlSetting]), proxies.Count + networks.Count > 0));
    }

    /// <summary>Believes forwarded headers from the configured proxies; without any, the connection's own address counts.</summary>
    public static void UseCongressNetwork(this WebApplication app)
    {
        if (app.Services.GetRequiredService<PublicLinks>().BehindProxy)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>A list setting, as one string (<c>10.0.0.1, 10.0.0.2</c>) or as an array (<c>Network:KnownProxies:0</c>, …).</summary>
    private static IEnumerable<(string Setting, string Value)> ReadList(IConfiguration config, string setting)
    {
        var section = config.GetSection(setting);
        var values = (section.Value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(section.GetChildren().Select(c => c.Value?.Trim() ?? "").Where(v => v.Length > 0));
        return values.Select(v => (setting, v));
    }

    private static IPAddress ParseAddress((string Setting, string Value) item) =>
        IPAddress.TryParse(item.Value, out var address) ? address
        : throw Settings.Failure<ForwardedHeadersOptions>($"{Settings.Name(item.Setting)} holds '{item.Value}', which is not an IP address. List the proxies' addresses, such as 10.0.0.5, 2001:db8::5.");

    private static System.Net.IPNetwork ParseNetwork((string Setting, string Value) item) =>
        System.Net.IPNetwork.TryParse(item.Value, out var network) ? network
        : throw Settings.Failure<ForwardedHeadersOptions>($"{Settings.Name(item.Setting)} holds '{item.Value}', which is not a network. List networks with their prefix length, such as 10.0.0.0/24.");

    private static Uri? ParseBaseUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Settings.Failure<PublicLinks>(
                $"{Settings.Name(PublicBaseUrlSetting)} is '{value}': set it to the address residents open, with its scheme and without a query, such as https://congress.example.gov.cn.");
        }
        return uri;
    }
}

/// <summary>The start of every absolute link: <c>Congress:PublicBaseUrl</c>, or else the request's own scheme and host.</summary>
public sealed class PublicLinks(Uri? baseUrl, bool behindProxy)
{
    public bool BehindProxy => behindProxy;

    /// <summary>The configured public address without a trailing slash (<c>https://congress.example.gov.cn</c>), or null.</summary>
    public string? Configured { get; } = baseUrl?.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>The public address without a trailing slash: the configured one, or the request's scheme and host.</summary>
    public string Root(HttpRequest request) => Configured ?? $"{request.Scheme}://{request.Host}";

    /// <summary>An absolute link to a path of the app (<c>/s/shiyan</c>).</summary>
    public string To(HttpRequest request, string path) => Root(request) + path;
}
