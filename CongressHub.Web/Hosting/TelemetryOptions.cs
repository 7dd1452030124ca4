using CongressHub.Domain.Common;

namespace CongressHub.Web.Hosting;

/// <summary><c>Telemetry:OtlpEndpoint</c>: the OpenTelemetry collector that receives the metrics (see <see cref="Telemetry"/>).</summary>
public sealed class TelemetryOptions : ISettings
{
    public static string Section => "Telemetry";

    public string? OtlpEndpoint { get; set; }

    /// <summary>The endpoint as an address, or null when none is set.</summary>
    public Uri? Endpoint => Uri.TryCreate(OtlpEndpoint?.Trim(), UriKind.Absolute, out var endpoint) ? endpoint : null;

    public string? Problem() =>
        string.IsNullOrWhiteSpace(OtlpEndpoint) || Endpoint is { Scheme: "http" or "https" } ? null
        : Settings.Wrong("Telemetry:OtlpEndpoint", OtlpEndpoint, "the collector's OTLP address, such as http://collector:4318 (http/protobuf) or http://collector:4317 (grpc)");
}
