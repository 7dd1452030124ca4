using System.Reflection;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CongressHub.Web.Accounts;

/// <summary>
/// Ends one circuit as the framework ends a circuit that failed: removed from the node's registry (open or kept for a
/// reconnect), its components and services disposed. ASP.NET Core has no public call for this (its limits on kept
/// circuits are for all users together), so this reaches the registry's own <c>TerminateAsync</c>; the members are
/// looked up when the app starts, so a framework that no longer has them stops the start instead of failing silently.
/// </summary>
public sealed class CircuitCloser
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private readonly FieldInfo _host;
    private readonly PropertyInfo _circuitId;
    private readonly MethodInfo _terminate;
    private readonly object _registry;

    public CircuitCloser(IServiceProvider services)
    {
        var assembly = typeof(Circuit).Assembly;
        var registryType = assembly.GetType("Microsoft.AspNetCore.Components.Server.Circuits.CircuitRegistry", throwOnError: true)!;
        var hostType = assembly.GetType("Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost", throwOnError: true)!;
        _host = typeof(Circuit).GetField("_circuitHost", Instance) ?? throw Missing("Circuit._circuitHost");
        _circuitId = hostType.GetProperty("CircuitId", Instance) ?? throw Missing("CircuitHost.CircuitId");
        _terminate = registryType.GetMethod("TerminateAsync", Instance, [_circuitId.PropertyType]) ?? throw Missing("CircuitRegistry.TerminateAsync");
        _registry = services.GetRequiredService(registryType);
    }

    public async Task CloseAsync(Circuit circuit)
    {
        var host = _host.GetValue(circuit);
        if (host is null)
        {
            return;
        }
        await (ValueTask)_terminate.Invoke(_registry, [_circuitId.GetValue(host)])!;
    }

    private static InvalidOperationException Missing(string member) =>
        new($"This version of ASP.NET Core has no {member}: CongressHub cannot close one account's surplus circuits (Limits:CircuitsPerUser).");
}
