using System.Diagnostics;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CongressHub.Web.Hosting;

/// <summary>
/// Figures for the benchmark, only when <c>Diagnostics:Enabled</c> is true (never in a normal run): memory after a
/// forced full collection (the managed heap and the process's resident memory), and where a change's time goes
/// (<see cref="DiagnosticTimings"/>).
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

        // Methods the runtime has compiled so far (any tier) and the time it took: a benchmark measures only once the
        // count stops growing, so that no measured change shares the cores with the compiler.
        app.MapGet("/diagnostics/jit", () => TypedResults.Ok(new
        {
            Methods = System.Runtime.JitInfo.GetCompiledMethodCount(),
            CompilationMilliseconds = System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,
        })).ExcludeFromDescription();

        var timings = new DiagnosticTimings();
        app.Lifetime.ApplicationStopped.Register(timings.Dispose);
        app.MapGet("/diagnostics/timings", () => TypedResults.Ok(timings.Summaries())).ExcludeFromDescription();
        app.MapDelete("/diagnostics/timings", () =>
        {
            timings.Clear();
            return TypedResults.NoContent();
        }).ExcludeFromDescription();
        // The hub's serialization of a session's state happens inside SignalR's send to the group, once per send; here
        // the same message (the newest state, through the hub's own JSON protocol) is serialized on its own and timed.
        app.MapGet("/diagnostics/serialization", async (SessionFeeds feeds, IHubProtocolResolver protocols, int sessionId, int? times) =>
        {
            var snapshot = await feeds.CurrentAsync(sessionId);
            if (snapshot is null)
            {
                return Results.NotFound();
            }
            var protocol = protocols.GetProtocol("json", null)!;
            var message = new InvocationMessage(nameof(ISessionClient.SessionChanged), [snapshot]);
            var samples = new List<double>();
            var bytes = 0;
            for (var i = 0; i < Math.Clamp(times ?? 100, 1, 10_000); i++)
            {
                var started = Stopwatch.GetTimestamp();
                bytes = protocol.GetMessageBytes(message).Length;
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return Results.Ok(new { Bytes = bytes, Timing = TimingSummary.Of(samples) });
        }).ExcludeFromDescription();
    }
}
