using System.Runtime.CompilerServices;

namespace CongressHub.Tests.Support;

/// <summary>
/// Test classes run in parallel on two cores, and bUnit's and the servers' waits hold pool threads: start the pool
/// with enough threads that a waiting test never starves the renderer it waits for.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
    }
}
