using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace CongressHub.Bench;

/// <summary>
/// Requests per second for the residents' resolutions list and a resolution's page under concurrent load on loopback,
/// against Kestrel serving a static file of the same size, in the same run and on the same cores. The app and the
/// static server are each their own process; the load comes from this one.
/// </summary>
internal static class PortalBench
{
    public static async Task RunAsync(string[] args)
    {
        var concurrency = Option(args, "--connections", 32);
        var seconds = Option(args, "--seconds", 10);
        var appFolder = await AppUnderTest.PublishAsync();
        await using var app = await AppUnderTest.StartAsync(appFolder, _ => Task.CompletedTask, new Dictionary<string, string>
        {
            // The load comes from one address: the per-address limit of the public site would refuse it after a few
            // hundred requests. A limit too large to reach keeps its cost in the measured path.
            ["Limits__PublicRequestsPerMinute"] = "1000000000",
        });
        var pages = new (string Name, string Path)[]
        {
            ("resolutions list", "/s/shiyan/resolutions"),
            ("resolution page", "/s/shiyan/resolutions/2026-Q3-01"),
        };

        // The static twins: files of exactly the bytes each page answers with.
        var staticFolder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-bench", "static-" + Guid.NewGuid().ToString("N"))).FullName;
        using (var http = new HttpClient { BaseAddress = new Uri(app.Url) })
        {
            for (var i = 0; i < pages.Length; i++)
            {
                var bytes = await http.GetByteArrayAsync(pages[i].Path);
                await File.WriteAllBytesAsync(Path.Combine(staticFolder, $"page{i}.html"), bytes);
            }
        }
        using var staticServer = StartStaticServer(staticFolder, out var staticUrl);
        await WaitUntilUpAsync(staticUrl + "/page0.html");

        // Both servers first run every target for a while unmeasured, so that the measured runs find the code already
        // compiled to its final tier (on two busy cores the background compiler otherwise lags into the first run).
        foreach (var i in Enumerable.Range(0, pages.Length))
        {
            await LoadAsync(app.Url + pages[i].Path, concurrency, 3);
            await LoadAsync($"{staticUrl}/page{i}.html", concurrency, 3);
        }
        Console.WriteLine($"{concurrency} connections, {seconds} s per target after 2 s of warm-up");
        Console.WriteLine("| target | bytes | requests/s | p50 ms | p99 ms | static file of the same size, requests/s | ratio |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        for (var i = 0; i < pages.Length; i++)
        {
            var size = new FileInfo(Path.Combine(staticFolder, $"page{i}.html")).Length;
            var page = await LoadAsync(app.Url + pages[i].Path, concurrency, seconds);
            var file = await LoadAsync($"{staticUrl}/page{i}.html", concurrency, seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {pages[i].Name} | {size:N0} | {page.Rps:F0} | {page.P50:F1} | {page.P99:F1} | {file.Rps:F0} | {page.Rps / file.Rps:F2}× |"));
        }
        staticServer.Kill(entireProcessTree: true);
        await RandomQueriesAsync(app, pages, concurrency, seconds);
    }

    /// <summary>
    /// The same pages asked for with a random query string each time (<c>?utm=…</c>, as a crawler or a hostile client
    /// sends): requests per second, and the app's memory after a forced full collection before and after the run.
    /// </summary>
    private static async Task RandomQueriesAsync(AppUnderTest app, (string Name, string Path)[] pages, int concurrency, int seconds)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        Console.WriteLine();
        Console.WriteLine("random query strings (?utm=<random>) on every request");
        Console.WriteLine("| target | requests/s | p50 ms | p99 ms | managed heap before → after | RSS before → after |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (name, path) in pages)
        {
            var before = await MemoryAsync(http);
            var load = await LoadAsync(() => $"{app.Url}{path}?utm={Guid.NewGuid():N}", concurrency, seconds);
            var after = await MemoryAsync(http);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {load.Rps:F0} | {load.P50:F1} | {load.P99:F1} | {before.Managed / 1e6:F0} → {after.Managed / 1e6:F0} MB | {before.Rss / 1e6:F0} → {after.Rss / 1e6:F0} MB |"));
        }
    }

    private static async Task<(long Managed, long Rss)> MemoryAsync(HttpClient http)
    {
        var json = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/diagnostics/memory");
        return (json.GetProperty("managedBytes").GetInt64(), json.GetProperty("workingSetBytes").GetInt64());
    }

    /// <summary>The static baseline as its own process: <c>serve-static FOLDER PORT</c>.</summary>
    public static async Task ServeStaticAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{args[1]}");
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(args[0]) });
        await app.RunAsync();
    }

    private static Process StartStaticServer(string folder, out string url)
    {
        var port = AppUnderTest.FreePort();
        url = $"http://127.0.0.1:{port}";
        var self = Environment.ProcessPath!;
        var start = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [typeof(PortalBench).Assembly.Location, "serve-static", folder, port.ToString(CultureInfo.InvariantCulture)])
            : new ProcessStartInfo(self, ["serve-static", folder, port.ToString(CultureInfo.InvariantCulture)]);
        return Process.Start(start)!;
    }

    private static async Task WaitUntilUpAsync(string url)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                (await http.GetAsync(url)).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("The static server did not start.");
    }

    private sealed record Load(double Rps, double P50, double P99);

    /// <summary>K workers each sending one GET after another on kept-alive connections; warm-up first, then counted.</summary>
    private static Task<Load> LoadAsync(string url, int workers, int seconds) => LoadAsync(() => url, workers, seconds);

    private static async Task<Load> LoadAsync(Func<string> next, int workers, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, AutomaticDecompression = System.Net.DecompressionMethods.None });
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
        var stopAt = warmUntil + Stopwatch.Frequency * seconds;
        var perWorker = new List<double>[workers];
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var samples = perWorker[w] = new List<double>(50_000);
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= stopAt)
                {
                    return;
                }
                var url = next();
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                await using (var body = await response.Content.ReadAsStreamAsync())
                {
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                }
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
                if (began >= warmUntil)
                {
                    samples.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                }
            }
        }));
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} requests to {next()} failed.");
        }
        var all = perWorker.SelectMany(s => s).Order().ToList();
        double P(double q) => all[Math.Min(all.Count - 1, (int)Math.Ceiling(q * all.Count) - 1)];
        return new Load(all.Count / (double)seconds, P(0.5), P(0.99));
    }

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
