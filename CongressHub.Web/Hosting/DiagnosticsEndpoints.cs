using System.Diagnostics;
using CongressHub.Web.Realtime;

namespace CongressHub.Web.Hosting;

/// <summary>
/// Memory figures for the benchmark, only when <c>Diagnostics:Enabled</c> is true (never in a normal run): a forced
/// full collection, then the managed heap and the process's resident memory.
/// </summary>
public static class DiagnosticsEndpoints
{
    public static void MapDiagnostics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DiagnosticsOptions>>().Value.Enabled)
        {
            return;
        }
        app.MapGet("/diagnostics/memory", (SessionFeeds feeds, int? sessionId) =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            return TypedResults.Ok(new
            {
                ManagedBytes = GC.GetTotalMemory(forceFullCollection: true),
                WorkingSetBytes = process.WorkingSet64,
                Subscribers = sessionId is { } id ? feeds.SubscriberCount(id) : 0,
            });
        }).ExcludeFromDescription();
    }
}
