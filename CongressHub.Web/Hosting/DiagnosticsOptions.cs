using CongressHub.Domain.Common;

namespace CongressHub.Web.Hosting;

/// <summary><c>Diagnostics:Enabled</c>: the memory figures the benchmark reads (<see cref="DiagnosticsEndpoints"/>); false by default.</summary>
public sealed class DiagnosticsOptions : ISettings
{
    public static string Section => "Diagnostics";

    public bool Enabled { get; set; }

    public string? Problem() => null;
}
