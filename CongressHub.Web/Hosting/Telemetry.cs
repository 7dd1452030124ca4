using CongressHub.Domain.Common;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace CongressHub.Web.Hosting;

/// <summary>
/// Metrics for whoever runs the installation, pushed to an OpenTelemetry collector over OTLP: requests, connections,
/// circuits, the runtime, and the app's own (<see cref="CongressMetrics"/>). On only when an endpoint is configured
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Telemetry:OtlpEndpoint</c>); otherwise nothing listens and nothing is sent.
/// OTLP rather than a Prometheus scrape page: the Prometheus exporter is still a prerelease, the OTLP one is stable,
/// and a collector passes OTLP on to Prometheus as well.
/// </summary>
public static class Telemetry
{
    /// <summary>The standard variable of the OpenTelemetry SDKs; the exporter reads it (and the protocol's) itself.</summary>
    public const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The meters exported: ASP.NET Core's built-in ones and our own.</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", // http.server.request.duration, http.server.active_requests
        "Microsoft.AspNetCore.Server.Kestrel", // kestrel.active_connections, kestrel.connection.duration, …
        "Microsoft.AspNetCore.Http.Connections", // signalr.server.active_connections: the hub's clients and Blazor's circuits
        "Microsoft.AspNetCore.Components.Server.Circuits", // aspnetcore.components.circuit.active, .connected, .duration
        "Microsoft.AspNetCore.RateLimiting", // requests held or refused by the residents' site budget
        CongressMetrics.MeterName,
    ];

    public static void AddCongressTelemetry(this WebApplicationBuilder builder)
    {
        var endpoint = Settings.Read<TelemetryOptions>(builder.Configuration).Endpoint;
        if (endpoint is null && string.IsNullOrWhiteSpace(builder.Configuration[StandardEndpoint]))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("CongressHub"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(Meters);
                metrics.AddOtlpExporter(otlp =>
                {
                    if (endpoint is null)
                    {
                        return; // the exporter took the standard variables itself
                    }
                    // An endpoint given in code is used as it stands: over HTTP, the signal's path must be added here.
                    otlp.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf && !endpoint.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal)
                        ? new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/metrics")
                        : endpoint;
                });
            });
    }
}
