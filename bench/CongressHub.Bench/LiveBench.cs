using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Bench;

/// <summary>
/// Live sessions over the hub: the city's quarterly week (many sessions live at once, 40 delegates each, check-ins and
/// agenda changes in all of them) and one stress session with N clients, each beside the bare-hub baseline.
/// </summary>
internal static partial class LiveBench
{
    private const int Delegates = 40;
    private const int CityRate = 100;

    // Per session: 40 check-ins with three agenda changes among them; each raises progress by one.
    private static readonly string[] Plan = [.. Enumerable.Range(1, 20).Select(_ => "checkin"), "item", .. Enumerable.Range(1, 10).Select(_ => "checkin"), "item", .. Enumerable.Range(1, 10).Select(_ => "checkin"), "item"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var sessionCount = quick ? 10 : 50;
        int[] stress = quick ? [200, 500] : [500, 1000, 2000];
        Console.WriteLine($"live sessions: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var appFolder = await AppUnderTest.PublishAsync("congresshub-bench-live");
        var rows = new List<string>();

        var ids = new List<int>();
        await using (var app = await AppUnderTest.StartAsync(appFolder, sp => CreateLiveSessionsAsync(sp, sessionCount, ids)))
        {
            var tokens = await TokensAsync(app.Url);
            var payload = await SnapshotSizeAsync(app.Url, tokens, ids[0]);
            Console.WriteLine($"snapshot payload ≈ {payload} bytes");
            // First at 100 changes a second across the city (a hall's check-ins spread over minutes are far slower),
            // then the same changes as one burst.
            var paced = await RunAppAsync(app.Url, tokens, ids, clientsPerSession: Delegates, perSecond: CityRate);
            rows.Add($"| quarterly week, {CityRate} changes/s: {ids.Count} sessions × {Delegates} | {ids.Count * Delegates} | {paced.Summary()} | {await MemoryAsync(app.Url)} |");
            await using var bare = await BareHubServer.StartAsync(payload);
            var pacedBaseline = await RunBareAsync(bare.Url, ids.Count, Delegates, perSecond: CityRate);
            rows.Add($"| baseline (bare hub), same clients and pace | {ids.Count * Delegates} | {pacedBaseline.Summary()} | |");
            Console.WriteLine($"quarterly week paced p99 {paced.P99():F0} ms, baseline p99 {pacedBaseline.P99():F0} ms, ratio {paced.P99() / pacedBaseline.P99():F2}; change requests themselves: {paced.Requests()}");
        }

        var again = new List<int>();
        await using (var app = await AppUnderTest.StartAsync(appFolder, sp => CreateLiveSessionsAsync(sp, sessionCount, again)))
        {
            var tokens = await TokensAsync(app.Url);
            var payload = await SnapshotSizeAsync(app.Url, tokens, again[0]);
            var week = await RunAppAsync(app.Url, tokens, again, clientsPerSession: Delegates);
            rows.Add($"| quarterly week, burst: {again.Count} sessions × {Delegates} | {again.Count * Delegates} | {week.Summary()} | {await MemoryAsync(app.Url)} |");
            await using var bare = await BareHubServer.StartAsync(payload);
            var baseline = await RunBareAsync(bare.Url, again.Count, Delegates);
            rows.Add($"| baseline (bare hub), same clients, burst | {again.Count * Delegates} | {baseline.Summary()} | |");
            Console.WriteLine($"quarterly week burst p99 {week.P99():F0} ms, baseline p99 {baseline.P99():F0} ms, ratio {week.P99() / baseline.P99():F2}; change requests themselves: {week.Requests()}");
        }

        foreach (var n in args.Contains("--week") ? [] : stress)
        {
            var one = new List<int>();
            await using var app = await AppUnderTest.StartAsync(appFolder, sp => CreateLiveSessionsAsync(sp, 1, one));
            var tokens = await TokensAsync(app.Url);
            var result = await RunAppAsync(app.Url, tokens, one, clientsPerSession: n);
            var memory = await MemoryAsync(app.Url);
            rows.Add($"| stress: 1 session | {n} | {result.Summary()} | {memory} |");
            var payload = await SnapshotSizeAsync(app.Url, tokens, one[0]);
            await using var bare = await BareHubServer.StartAsync(payload);
            var baseline = await RunBareAsync(bare.Url, 1, n);
            rows.Add($"| baseline (bare hub) | {n} | {baseline.Summary()} | |");
        }

        Console.WriteLine();
        Console.WriteLine("| scenario | hub clients | p50 ms | p95 ms | p99 ms | max ms | samples | app memory after |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.ForEach(Console.WriteLine);
    }

    /// <summary>
    /// The quarterly week on PostgreSQL: one node alone, one node with Redis, then two nodes sharing PostgreSQL and Redis
    /// with the hub clients split across them and every change made through the first, paced and as a burst. Needs
    /// the servers of <c>scripts/services.sh</c> (its env file sourced).
    /// </summary>
    public static async Task RunNodesAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var sessionCount = quick ? 10 : 50;
        Console.WriteLine($"live sessions on several nodes: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var appFolder = await AppUnderTest.PublishAsync("congresshub-bench-live");
        var rows = new List<string>();
        var p50 = new Dictionary<(int Nodes, bool Redis, double Rate), double>();
        foreach (var rate in new double[] { CityRate, 0 })
        {
            foreach (var (nodes, redis) in new[] { (1, false), (1, true), (2, true) })
            {
                var ids = new List<int>();
                await using var cluster = await NodesUnderTest.StartAsync(appFolder, nodes, redis, sp => CreateLiveSessionsAsync(sp, sessionCount, ids));
                var urls = cluster.Nodes.Select(n => n.Url).ToArray();
                var tokens = await TokensAsync(urls[0]);
                var result = await RunAppAsync(urls, tokens, ids, clientsPerSession: Delegates, perSecond: rate);
                var pace = rate > 0 ? $"{rate} changes/s" : "burst";
                var name = nodes == 1 ? $"one node, PostgreSQL{(redis ? " + Redis" : "")}" : "two nodes, PostgreSQL + Redis, clients split";
                var memory = string.Join("; ", await Task.WhenAll(urls.Select(MemoryAsync)));
                rows.Add($"| quarterly week, {pace}: {name} | {ids.Count * Delegates} | {result.Summary()} | {memory} |");
                if (nodes == 2)
                {
                    rows.Add($"| … of which clients on node A (where changes are made) | {ids.Count * Delegates / 2} | {result.SummaryOf(0)} | |");
                    rows.Add($"| … of which clients on node B (changes cross through Redis) | {ids.Count * Delegates / 2} | {result.SummaryOf(1)} | |");
                    Console.WriteLine($"{pace}: p50 on node A {result.P50Of(0):F1} ms, on node B {result.P50Of(1):F1} ms");
                }
                p50[(nodes, redis, rate)] = result.P50();
                Console.WriteLine($"{pace}, {name}: p50 {result.P50():F1} ms, p99 {result.P99():F0} ms; change requests themselves: {result.Requests()}");
            }
            Console.WriteLine($"{(rate > 0 ? "paced" : "burst")}: two nodes add {p50[(2, true, rate)] - p50[(1, true, rate)]:F1} ms at p50 to one node with Redis, {p50[(2, true, rate)] - p50[(1, false, rate)]:F1} ms to one node alone");
        }

        Console.WriteLine();
        Console.WriteLine("| scenario | hub clients | p50 ms | p95 ms | p99 ms | max ms | samples | app memory after |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.ForEach(Console.WriteLine);
    }

    private static async Task CreateLiveSessionsAsync(IServiceProvider services, int count, List<int> ids)
    {
        var sessions = services.GetRequiredService<SessionService>();
        var convener = await ImportBench.ActorAsync(services, "convener");
        for (var i = 0; i < count; i++)
        {
            var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, $"基准会议 {i + 1}", DateTime.UtcNow, $"第 {i + 1} 会场"), withTemplate: true);
            await sessions.PublishAsync(convener, id);
            await sessions.StartAsync(convener, id);
            ids.Add(id);
        }
    }

    private static async Task<Dictionary<string, string>> TokensAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var tokens = new Dictionary<string, string>();
        foreach (var user in Enumerable.Range(1, Delegates).Select(i => $"delegate{i:D2}").Append("convener"))
        {
            var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = "Demo!2026" });
            response.EnsureSuccessStatusCode();
            tokens[user] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        }
        return tokens;
    }

    private static async Task<int> SnapshotSizeAsync(string url, Dictionary<string, string> tokens, int sessionId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["convener"]);
        return (await http.GetByteArrayAsync($"/api/sessions/{sessionId}/live")).Length;
    }

    private static async Task<string> MemoryAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var m = await http.GetFromJsonAsync<JsonElement>("/diagnostics/memory");
        return $"{m.GetProperty("managedBytes").GetInt64() / 1048576.0:F0} MB managed, {m.GetProperty("workingSetBytes").GetInt64() / 1048576.0:F0} MB RSS";
    }

    private static Task<Latency> RunAppAsync(string url, Dictionary<string, string> tokens, List<int> sessionIds, int clientsPerSession, double perSecond = 0) =>
        RunAppAsync([url], tokens, sessionIds, clientsPerSession, perSecond);

    /// <summary>
    /// Hub clients split across <paramref name="urls"/> (client c of a session on node c mod n, its latency in group n),
    /// every change made through the first node.
    /// </summary>
    private static async Task<Latency> RunAppAsync(string[] urls, Dictionary<string, string> tokens, List<int> sessionIds, int clientsPerSession, double perSecond = 0)
    {
        var url = urls[0];
        var latency = new Latency(sessionIds.Count, Plan.Length);
        var connections = new List<HubConnection>();
        using var gate = new SemaphoreSlim(32);
        var connectTasks = new List<Task>();
        for (var s = 0; s < sessionIds.Count; s++)
        {
            for (var c = 0; c < clientsPerSession; c++)
            {
                var session = s;
                var node = c % urls.Length;
                var token = tokens[$"delegate{c % Delegates + 1:D2}"];
                var connection = new HubConnectionBuilder()
                    .WithUrl(urls[node] + "/hubs/congress", o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    })
                    .AddJsonProtocol(o => o.PayloadSerializerOptions = Json)
                    .Build();
                var seen = 0;
                // Parsed as a JSON document, as the baseline's clients parse theirs: the same work on both sides.
                connection.On<JsonElement>("SessionChanged", snapshot => seen = latency.Received(session, seen, Progress(snapshot), node));
                connections.Add(connection);
                connectTasks.Add(Task.Run(async () =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        await connection.StartAsync();
                        await connection.InvokeAsync<SessionSnapshot>("JoinSession", sessionIds[session]);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }
        }
        await Task.WhenAll(connectTasks);
        Console.WriteLine($"{connections.Count} hub clients joined {sessionIds.Count} sessions");

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var items = new Dictionary<int, int[]>();
        foreach (var id in sessionIds)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{id}/live");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["convener"]);
            var snapshot = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<SessionSnapshot>(Json);
            items[id] = [.. snapshot!.Items.Select(i => i.Id)];
        }

        using var changeGate = new SemaphoreSlim(16);
        await Task.WhenAll(sessionIds.Select((id, s) => Task.Run(async () =>
        {
            var checkedIn = 0;
            var item = 0;
            var pace = Pace(perSecond, sessionIds.Count, s);
            for (var j = 1; j <= Plan.Length; j++)
            {
                await pace.NextAsync();
                var (path, user) = Plan[j - 1] == "checkin"
                    ? ($"/api/sessions/{id}/attendance", $"delegate{++checkedIn:D2}")
                    : ($"/api/sessions/{id}/items/{items[id][item++]}/start", "convener");
                await changeGate.WaitAsync();
                try
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, path);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
                    latency.Sent(s, j);
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    var response = await http.SendAsync(request);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"{path} as {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                    latency.RequestTook(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                finally
                {
                    changeGate.Release();
                }
            }
        })));

        await WaitForAllAsync(latency, connections.Count * Plan.Length);
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return latency;
    }

    private static async Task<Latency> RunBareAsync(string url, int sessions, int clientsPerSession, double perSecond = 0)
    {
        var latency = new Latency(sessions, Plan.Length);
        var connections = new List<HubConnection>();
        using var gate = new SemaphoreSlim(32);
        var tasks = new List<Task>();
        for (var s = 0; s < sessions; s++)
        {
            for (var c = 0; c < clientsPerSession; c++)
            {
                var session = s;
                var connection = new HubConnectionBuilder()
                    .WithUrl(url + "/bare", o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
                    .Build();
                var seen = 0;
                connection.On<JsonElement>("SessionChanged", p => seen = latency.Received(session, seen, p.GetProperty("progress").GetInt32()));
                connections.Add(connection);
                tasks.Add(Task.Run(async () =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        await connection.StartAsync();
                        await connection.InvokeAsync("Join", session.ToString(CultureInfo.InvariantCulture));
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }
        }
        await Task.WhenAll(tasks);

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using var changeGate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(s => Task.Run(async () =>
        {
            var pace = Pace(perSecond, sessions, s);
            for (var j = 1; j <= Plan.Length; j++)
            {
                await pace.NextAsync();
                await changeGate.WaitAsync();
                try
                {
                    latency.Sent(s, j);
                    (await http.PostAsync($"/change/{s}/{j}", null)).EnsureSuccessStatusCode();
                }
                finally
                {
                    changeGate.Release();
                }
            }
        })));

        await WaitForAllAsync(latency, connections.Count * Plan.Length);
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return latency;
    }

    /// <summary>Every client must end having seen the last state; a bounded wait, then whatever arrived is reported.</summary>
    private static async Task WaitForAllAsync(Latency latency, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (latency.Count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        if (latency.Count < expected)
        {
            Console.WriteLine($"warning: {expected - latency.Count} of {expected} (client, change) pairs never arrived");
        }
    }

    /// <summary>
    /// Spreads a city-wide rate of changes over the sessions: each session changes every sessions/rate seconds, the
    /// sessions staggered. A rate of 0 sends each session's changes back to back (a burst).
    /// </summary>
    private static Pacer Pace(double perSecond, int sessions, int index) =>
        new(perSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(sessions / perSecond), perSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(index / perSecond));

    private sealed class Pacer(TimeSpan interval, TimeSpan offset)
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private int _n;

        public Task NextAsync()
        {
            if (interval == TimeSpan.Zero)
            {
                return Task.CompletedTask;
            }
            var due = offset + interval * _n++;
            var wait = due - _clock.Elapsed;
            return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
        }
    }

    private static int Progress(JsonElement s) =>
        s.GetProperty("quorum").GetProperty("present").GetInt32()
        + s.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("status").GetString() != "pending");
}
