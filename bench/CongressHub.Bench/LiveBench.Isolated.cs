using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CongressHub.Bench;

/// <summary>
/// Isolated changes: every hub client watches the same sessions, and their changes (the same 40 check-ins and three
/// agenda changes per session as the other scenarios) are made one at a time, the next only once every client has
/// the last one and at least the gap after it was sent, longer than the coalescing window. The app and the bare hub
/// (each its own process, a fresh database for every run of the app) take turns, run after run. The app also says
/// where each change's time went (<c>/diagnostics/timings</c>).
/// </summary>
internal static partial class LiveBench
{
    /// <summary>Sessions whose changes are measured.</summary>
    private const int IsolatedSessions = 3;

    /// <summary>
    /// Sessions changed first, unmeasured, to warm both servers up: with one, the app's runtime was still compiling the
    /// change's path into its final tier during the measured changes (an eighth of the app's samples in the JIT).
    /// </summary>
    private const int WarmUp = 2;

    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromSeconds(5);

    public static async Task RunIsolatedAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var runs = IntOption(args, "--runs", quick ? 1 : 3);
        var gap = TimeSpan.FromMilliseconds(IntOption(args, "--gap", 275));
        var clientCounts = ListOption(args, "--clients") ?? (quick ? [500] : [2000, 500]);
        var sessions = quick ? 1 : IsolatedSessions;
        // The bare hub sends padding of the snapshot's size, or (--same-message) the app's own snapshot, so that the
        // clients, which share the cores, parse the same document from both servers; "both" runs the two in turn.
        string[] baselines = Array.IndexOf(args, "--baseline") is var b && b >= 0 && b + 1 < args.Length
            ? args[b + 1] switch { "padding" => [Padding], "message" => [SameMessage], _ => [Padding, SameMessage] }
            : [Padding, SameMessage];
        Console.WriteLine($"live sessions, isolated changes: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.Now:yyyy-MM-dd HH:mm}");
        Console.WriteLine($"{sessions} × {Plan.Length} changes one at a time, at least {gap.TotalMilliseconds:F0} ms apart; the app and {string.Join(" and ", baselines)} in turn, {runs} runs each");
        var appFolder = await AppUnderTest.PublishAsync("congresshub-bench-live");
        var summaries = new List<string>();
        var messageFile = Path.Combine(Path.GetTempPath(), $"congresshub-bench-snapshot-{Environment.ProcessId}.json");
        foreach (var n in clientCounts)
        {
            var rows = new List<string>();
            var results = new List<Dictionary<string, Latency>>();
            var stages = new List<Dictionary<string, string>>();
            for (var run = 1; run <= runs; run++)
            {
                var result = new Dictionary<string, Latency>();
                results.Add(result);
                int payload;
                {
                    var ids = new List<int>();
                    await using var app = await AppUnderTest.StartAsync(appFolder, sp => CreateLiveSessionsAsync(sp, sessions + WarmUp, ids));
                    var tokens = await TokensAsync(app.Url);
                    var before = await SnapshotSizeAsync(app.Url, tokens, ids[WarmUp]);
                    var load = LoadAverage();
                    var (latency, timings) = await RunIsolatedAppAsync(app.Url, app.ProcessId, tokens, ids, n, gap);
                    payload = (before + await SnapshotSizeAsync(app.Url, tokens, ids[WarmUp])) / 2;
                    await File.WriteAllBytesAsync(messageFile, await SnapshotAsync(app.Url, tokens, ids[WarmUp]));
                    rows.Add(Row(n, run, "app", latency, load));
                    stages.Add(timings);
                    result["app"] = latency;
                }
                foreach (var baseline in baselines)
                {
                    await using var bare = await BareHubServer.StartAsync(payload, baseline == SameMessage ? messageFile : null);
                    var load = LoadAverage();
                    var latency = await RunIsolatedBareAsync(bare.Url, bare.ProcessId, sessions + WarmUp, n, gap);
                    rows.Add(Row(n, run, baseline, latency, load));
                    result[baseline] = latency;
                }
                var a = result["app"];
                foreach (var baseline in baselines)
                {
                    var l = result[baseline];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{n} clients, run {run}: app p50 {a.P(0.5):F1} p99 {a.P(0.99):F1} ms; {baseline} p50 {l.P(0.5):F1} p99 {l.P(0.99):F1} ms; p99 ratio {a.P(0.99) / l.P(0.99):F2}, p50 gap {a.P(0.5) - l.P(0.5):F1} ms"));
                }
            }
            File.Delete(messageFile);

            Console.WriteLine();
            Console.WriteLine($"isolated changes, {n} hub clients");
            Console.WriteLine("| clients | run | server | p50 ms | p95 ms | p99 ms | max ms | samples | change request p50 / p99 ms | CPU ms per change: server / clients | load average (1, 5, 15 min) |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            rows.ForEach(Console.WriteLine);
            foreach (var baseline in baselines)
            {
                var ratios = results.Select(r => r["app"].P(0.99) / r[baseline].P(0.99)).ToList();
                var gaps = results.Select(r => r["app"].P(0.5) - r[baseline].P(0.5)).ToList();
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{n} clients, against the {baseline}: p99 app/bare per run {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}, median {Median(ratios):F2}; p50 gap per run {string.Join(", ", gaps.Select(g => g.ToString("F1", CultureInfo.InvariantCulture)))} ms, median {Median(gaps):F1} ms");
                Console.WriteLine(line);
                summaries.Add(line);
            }

            Console.WriteLine();
            Console.WriteLine($"where an isolated change's time goes in the app, {n} hub clients (p50 / p99 ms per run; 'n' is how many were measured)");
            Console.WriteLine($"| stage | {string.Join(" | ", Enumerable.Range(1, stages.Count).Select(r => $"run {r}"))} |");
            Console.WriteLine($"| --- | {string.Join(" | ", stages.Select(_ => "---"))} |");
            foreach (var (key, label) in StageLabels)
            {
                Console.WriteLine($"| {label} | {string.Join(" | ", stages.Select(s => s.GetValueOrDefault(key, "–")))} |");
            }
        }
        Console.WriteLine();
        summaries.ForEach(Console.WriteLine);
    }

    private const string Padding = "bare hub (padding)";
    private const string SameMessage = "bare hub (same message)";

    private static async Task<byte[]> SnapshotAsync(string url, Dictionary<string, string> tokens, int sessionId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["convener"]);
        return await http.GetByteArrayAsync($"/api/sessions/{sessionId}/live");
    }

    /// <summary>The stages reported, in the order a change passes them; keys as <c>/diagnostics/timings</c> names them, or the benchmark's own.</summary>
    private static readonly (string Key, string Label)[] StageLabels =
    [
        ("client request", "change request, as the client sees it (send to answer)"),
        ("http.server.request.duration /api/sessions/{id:int}/attendance POST", "… in the app: check-in request (routing, sign-in check, handler, answer)"),
        ("http.server.request.duration /api/sessions/{id:int}/items/{itemId:int}/start POST", "… in the app: agenda change request"),
        ("congresshub.change.duration work", "… unit of change: reads and checks until its commit"),
        ("congresshub.change.duration save", "… unit of change: chain lock, transaction begun, rows written"),
        ("congresshub.change.duration commit", "… unit of change: transaction committed"),
        ("congresshub.change.duration publish", "… unit of change: events handed to the notifier"),
        ("congresshub.live.stage.duration queued", "live state: from the events to the send loop taking them"),
        ("congresshub.live.stage.duration snapshot", "live state: snapshot built (numbered and read)"),
        ("serialization", "live state: the hub message serialized (measured apart, same state, the hub's protocol)"),
        ("congresshub.live.stage.duration send", "live state: handed to the hub's group (serialization and 'n' clients' pipes)"),
        ("congresshub.notifier.send.duration full", "live state: the whole send (snapshot, hub, pages)"),
        ("congresshub.db.command.duration ok", "every database command (queries of the change and the snapshot)"),
    ];

    private static string Row(int clients, int run, string server, Latency latency, string load) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {clients} | {run} | {server} | {latency.P(0.5):F1} | {latency.P(0.95):F1} | {latency.P(0.99):F1} | {latency.P(1):F1} | {latency.Count} | {latency.RequestP(0.5):F1} / {latency.RequestP(0.99):F1} | {latency.Cpu} | {load} |");

    private static async Task<(Latency Latency, Dictionary<string, string> Timings)> RunIsolatedAppAsync(string url, int pid, Dictionary<string, string> tokens, List<int> ids, int clients, TimeSpan gap)
    {
        var warm = new Latency(WarmUp, Plan.Length);
        var latency = new Latency(ids.Count - WarmUp, Plan.Length);
        var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var messages = 0L;
        var connections = new List<HubConnection>();
        using (var gate = new SemaphoreSlim(32))
        {
            var joins = new List<Task>();
            for (var c = 0; c < clients; c++)
            {
                var token = tokens[$"delegate{c % Delegates + 1:D2}"];
                var connection = new HubConnectionBuilder()
                    .WithUrl(url + "/hubs/congress", o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    })
                    .AddJsonProtocol(o => o.PayloadSerializerOptions = Json)
                    .Build();
                var seen = new int[ids.Count];
                connection.On<JsonElement>("SessionChanged", snapshot =>
                {
                    Interlocked.Increment(ref messages);
                    var s = index[snapshot.GetProperty("sessionId").GetInt32()];
                    seen[s] = s < WarmUp ? warm.Received(s, seen[s], Progress(snapshot)) : latency.Received(s - WarmUp, seen[s], Progress(snapshot));
                });
                connections.Add(connection);
                joins.Add(Task.Run(async () =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        await connection.StartAsync();
                        foreach (var id in ids)
                        {
                            await connection.InvokeAsync<SessionSnapshot>("JoinSession", id);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }
            await Task.WhenAll(joins);
        }

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var items = new Dictionary<int, int[]>();
        foreach (var id in ids)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{id}/live");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["convener"]);
            var snapshot = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<SessionSnapshot>(Json);
            items[id] = [.. snapshot!.Items.Select(i => i.Id)];
        }
        var checkedIn = new int[ids.Count];
        var started = new int[ids.Count];
        async Task ChangeAsync(Latency target, int s, int j)
        {
            var id = ids[s];
            var (path, user) = Plan[j - 1] == "checkin"
                ? ($"/api/sessions/{id}/attendance", $"delegate{++checkedIn[s]:D2}")
                : ($"/api/sessions/{id}/items/{items[id][started[s]++]}/start", "convener");
            var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
            target.Sent(s < WarmUp ? s : s - WarmUp, j);
            var begun = Stopwatch.GetTimestamp();
            var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{path} as {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            target.RequestTook(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
        }

        // The first sessions warm the app up (its code compiled to the final tier, its pools filled), unmeasured, at the
        // measured pace: about 24 s after the joins, time for the runtime to promote the change's path, and for most
        // security stamps remembered at the joins to lapse (30 s), so that the app reads an account again before the
        // measured part, not first in it.
        await DriveIsolatedAsync(warm, [.. Enumerable.Range(0, WarmUp)], clients, gap, (s, j) => ChangeAsync(warm, s, j));
        await SettleAsync(pid, "app", clients);
        (await http.DeleteAsync("/diagnostics/timings")).EnsureSuccessStatusCode();
        var jit = await http.GetFromJsonAsync<JsonElement>("/diagnostics/jit");
        var cpu = CpuTimes.Start(pid);
        Interlocked.Exchange(ref messages, 0);
        await DriveIsolatedAsync(latency, [.. Enumerable.Range(WarmUp, ids.Count - WarmUp)], clients, gap, (s, j) => ChangeAsync(latency, s, j));
        MessagesPerChange("app", Interlocked.Read(ref messages), latency.Count);
        var jitAfter = await http.GetFromJsonAsync<JsonElement>("/diagnostics/jit");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"app: {jitAfter.GetProperty("methods").GetInt64() - jit.GetProperty("methods").GetInt64()} methods compiled during the measured changes, in {jitAfter.GetProperty("compilationMilliseconds").GetDouble() - jit.GetProperty("compilationMilliseconds").GetDouble():F0} ms"));
        latency.Cpu = cpu.PerChange(latency.Count / clients);

        var timings = new Dictionary<string, string>();
        foreach (var (key, t) in await http.GetFromJsonAsync<Dictionary<string, JsonElement>>("/diagnostics/timings") ?? [])
        {
            timings[key] = Stage(t.GetProperty("p50").GetDouble(), t.GetProperty("p99").GetDouble(), t.GetProperty("count").GetInt32());
        }
        var serialization = await http.GetFromJsonAsync<JsonElement>($"/diagnostics/serialization?sessionId={ids[WarmUp]}&times=200");
        var st = serialization.GetProperty("timing");
        timings["serialization"] = Stage(st.GetProperty("p50").GetDouble(), st.GetProperty("p99").GetDouble(), st.GetProperty("count").GetInt32())
            + $", {serialization.GetProperty("bytes").GetInt32()} B";
        timings["client request"] = Stage(latency.RequestP(0.5), latency.RequestP(0.99), latency.Count / clients);
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return (latency, timings);
    }

    /// <summary>Messages the clients received per change each saw: more than one means a change went out more than once.</summary>
    private static void MessagesPerChange(string server, long messages, int samples) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{server}: {messages / (double)Math.Max(1, samples):F2} messages received per change and client"));

    private static string Stage(double p50, double p99, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{p50:F3} / {p99:F3} (n {count})");

    private static async Task<Latency> RunIsolatedBareAsync(string url, int pid, int sessions, int clients, TimeSpan gap)
    {
        var warm = new Latency(WarmUp, Plan.Length);
        var latency = new Latency(sessions - WarmUp, Plan.Length);
        var messages = 0L;
        var connections = new List<HubConnection>();
        using (var gate = new SemaphoreSlim(32))
        {
            var joins = new List<Task>();
            for (var c = 0; c < clients; c++)
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(url + "/bare", o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
                    .Build();
                var seen = new int[sessions];
                connection.On<JsonElement>("SessionChanged", p =>
                {
                    Interlocked.Increment(ref messages);
                    var s = int.Parse(p.GetProperty("group").GetString()!, CultureInfo.InvariantCulture);
                    var progress = p.GetProperty("progress").GetInt32();
                    if (p.TryGetProperty("snapshot", out var snapshot))
                    {
                        // The same reading of the state as the app's clients do, its result unused.
                        GC.KeepAlive(Progress(snapshot));
                    }
                    seen[s] = s < WarmUp ? warm.Received(s, seen[s], progress) : latency.Received(s - WarmUp, seen[s], progress);
                });
                connections.Add(connection);
                joins.Add(Task.Run(async () =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        await connection.StartAsync();
                        for (var s = 0; s < sessions; s++)
                        {
                            await connection.InvokeAsync("Join", s.ToString(CultureInfo.InvariantCulture));
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }
            await Task.WhenAll(joins);
        }

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        async Task ChangeAsync(Latency target, int s, int j)
        {
            target.Sent(s < WarmUp ? s : s - WarmUp, j);
            var begun = Stopwatch.GetTimestamp();
            (await http.PostAsync($"/change/{s}/{j}", null)).EnsureSuccessStatusCode();
            target.RequestTook(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
        }
        await DriveIsolatedAsync(warm, [.. Enumerable.Range(0, WarmUp)], clients, gap, (s, j) => ChangeAsync(warm, s, j));
        await SettleAsync(pid, "bare hub", clients);
        var cpu = CpuTimes.Start(pid);
        Interlocked.Exchange(ref messages, 0);
        await DriveIsolatedAsync(latency, [.. Enumerable.Range(WarmUp, sessions - WarmUp)], clients, gap, (s, j) => ChangeAsync(latency, s, j));
        MessagesPerChange("bare hub", Interlocked.Read(ref messages), latency.Count);
        latency.Cpu = cpu.PerChange(latency.Count / clients);
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return latency;
    }

    /// <summary>
    /// Makes the plan's changes in each of <paramref name="sessions"/> in turn, one at a time: the next goes once every
    /// client has received the last (or after <see cref="DeliveryPatience"/>) and at least <paramref name="gap"/> after
    /// the last was sent, so no change ever waits behind another or in the coalescing window.
    /// </summary>
    private static async Task DriveIsolatedAsync(Latency latency, int[] sessions, int clients, TimeSpan gap, Func<int, int, Task> change)
    {
        var late = 0;
        foreach (var s in sessions)
        {
            for (var j = 1; j <= Plan.Length; j++)
            {
                var expected = latency.Count + clients;
                var sent = Stopwatch.GetTimestamp();
                await change(s, j);
                while (latency.Count < expected && Stopwatch.GetElapsedTime(sent) < DeliveryPatience)
                {
                    await Task.Delay(2);
                }
                late += latency.Count < expected ? 1 : 0;
                var rest = gap - Stopwatch.GetElapsedTime(sent);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest);
                }
            }
        }
        if (late > 0)
        {
            Console.WriteLine($"warning: {late} changes did not reach every client within {DeliveryPatience.TotalSeconds:F0} s");
        }
    }

    /// <summary>
    /// Waits, after the warm-up, until the server is idle again (under 100 ms of processor time a second, twice running;
    /// at most 30 s): the runtime compiles the hot code again in the background for several seconds after a warm-up,
    /// and measured changes must not share the cores with that.
    /// </summary>
    private static async Task SettleAsync(int pid, string name, int clients)
    {
        var started = Stopwatch.GetTimestamp();
        var quiet = 0;
        var last = 0.0;
        while (quiet < 2 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            var cpu = CpuTimes.Start(pid);
            await Task.Delay(TimeSpan.FromSeconds(1));
            last = cpu.ServerMilliseconds();
            quiet = last < 100 ? quiet + 1 : 0;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} with {clients} clients idle after {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s ({last:F0} ms of processor time in the last second)"));
    }

    /// <summary>
    /// Processor time spent by the server's process and by this one (the clients, their parsing of every message
    /// included) over the measured changes: unlike latency, it hardly moves when other work shares the cores.
    /// </summary>
    private sealed class CpuTimes
    {
        private readonly Process _server;
        private readonly TimeSpan _serverStart;
        private readonly TimeSpan _clientsStart;

        private CpuTimes(int pid)
        {
            _server = Process.GetProcessById(pid);
            _serverStart = _server.TotalProcessorTime;
            _clientsStart = Process.GetCurrentProcess().TotalProcessorTime;
        }

        public static CpuTimes Start(int pid) => new(pid);

        public double ServerMilliseconds()
        {
            _server.Refresh();
            var ms = (_server.TotalProcessorTime - _serverStart).TotalMilliseconds;
            _server.Dispose();
            return ms;
        }

        public string PerChange(int changes)
        {
            _server.Refresh();
            var server = (_server.TotalProcessorTime - _serverStart).TotalMilliseconds / changes;
            var clients = (Process.GetCurrentProcess().TotalProcessorTime - _clientsStart).TotalMilliseconds / changes;
            _server.Dispose();
            return string.Create(CultureInfo.InvariantCulture, $"{server:F1} / {clients:F1}");
        }
    }

    /// <summary>The machine's load average over 1, 5 and 15 minutes (Linux), to tell a quiet run from a busy one.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static int[]? ListOption(string[] args, string name) =>
        Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length
            ? [.. args[i + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))]
            : null;
}
