using CongressHub.Domain.Common;

namespace CongressHub.Web.Hosting;

/// <summary><c>Diagnostics:Enabled</c>: the figures the benchmark reads, memory and each request's queries (<see cref="DiagnosticsEndpoints"/>); false by default.</summary>
public sealed class DiagnosticsOptions : ISettings
{
    public static string Section => "Diagnostics";

    public bool Enabled { get; set; }

    public string? Problem() => null;
}
