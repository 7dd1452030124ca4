using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Bench;

/// <summary>
/// Delegate pages (360 px) in headless Chromium on the live demo session.
/// <para><c>pages [K...]</c>: for each K, K of the app's pages, then K plain pages in the same browser that receive a
/// message of the same size over a plain WebSocket and write the title (<see cref="PlainPages"/>, its own process),
/// then K plain pages that show the app's own hall page and write each change's replaced parts, sent as HTML;
/// change-to-visible of 5 agenda changes on every page, and the app's managed heap per circuit.</para>
/// <para><c>pages --memory N</c>: the app's managed heap with N/2 and N delegate pages open.</para>
/// Both start from the same warm-up: a few pages open, see a change, and leave (their circuits closed, not kept), so
/// that the reading before the pages holds what the first pages load once (code, caches, the localizer's texts).
/// </summary>
internal static class PagesBench
{
    private const int Changes = 5;
    private const int WarmUpPages = 4;

    /// <summary>Sessions ready for the warm-up; it goes through them until the app's runtime stops compiling.</summary>
    private const int WarmUpSessions = 8;

    /// <summary>A warm-up session that makes the runtime compile fewer methods than this ends the warm-up.</summary>
    private const int CompiledWhenWarm = 20;

    /// <summary>Between one change seen on every page and the next: twice the app's coalescing window (100 ms).</summary>
    private static readonly TimeSpan Apart = TimeSpan.FromMilliseconds(250);

    /// <summary>Delegates with an account in the demo's live session, bar delegate40, who is on leave.</summary>
    private const int Delegates = 39;

    public static async Task RunAsync(string[] args)
    {
        var appFolder = await AppUnderTest.PublishAsync();
        using var playwright = await Playwright.CreateAsync();
        if (args is ["--memory", var n])
        {
            await MemoryAsync(playwright, appFolder, int.Parse(n, CultureInfo.InvariantCulture));
            return;
        }
        if (args is ["--trace"])
        {
            await TraceAsync(playwright, appFolder);
            return;
        }
        // --server-nice N: both servers (the app and the plain pages' own) ahead of the browser's pages on the same cores,
        // as in a hall, where the phones do not take their processor time from the server's machine.
        if (args is ["--server-nice", var level, .. var rest])
        {
            AppUnderTest.ServerNice = int.Parse(level, CultureInfo.InvariantCulture);
            args = rest;
        }
        int[] ks = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [20, 50];
        await using var browser = await LaunchAsync(playwright);
        Console.WriteLine($"servers at nice {AppUnderTest.ServerNice}, the browser as it sets itself");
        var latency = new List<string>();
        var memory = new List<string>();
        var cpu = new List<string>();
        var perChange = new List<string>();
        var work = new List<string>();
        var stages = new List<(int K, JsonElement Timings)>();
        foreach (var k in ks)
        {
            Console.WriteLine($"K = {k}: load average {Load()}");
            var warmUp = new List<int>();
            await using var app = await StartAppAsync(appFolder, warmUp);
            using var live = await LiveSession.OpenAsync(app.Url, warmUp);
            await WarmUpAsync(browser, live, warmUp);
            var before = await live.MemoryAsync();
            var pages = new List<IPage>();
            for (var i = 0; i < k; i++)
            {
                pages.Add(await OpenAsync(await NewContextAsync(browser, app.Url), $"delegate{i % Delegates + 1:D2}", live.SessionId, signIn: true));
            }
            var after = await live.SettledAsync(k);
            memory.Add($"| {k} | {after.Subscribers} | {after.Circuits} | {PerCircuit(after.Managed - before.Managed, k)} | {PerCircuit(after.Held - before.Held, k)} | {PerCircuit(after.Pooled - before.Pooled, k)} | {PerCircuit(after.Rss - before.Rss, k)} |");

            var appWork = await BrowserWork.WatchAsync(pages);
            var appCpuTime = await CpuTime.WatchAsync(app.ProcessId, k);
            await live.ClearTimingsAsync();
            var jit = await live.JitAsync();
            // One delegate's page as it was before the changes and what each change replaced in it, for the plain
            // page that shows the same (below); read after every page showed the change, outside the measured times.
            var document = await pages[0].EvaluateAsync<string>(DocumentScript, app.Url + "/");
            var shown = await SameView.ReadAsync(pages[0]);
            var sameMessages = new Dictionary<string, string>();
            var appSamples = await MeasureAsync(pages, live.Items.Take(Changes).Select(i => i.Title), title => live.StartAsync(title), async title =>
            {
                var now = await SameView.ReadAsync(pages[0]);
                sameMessages[title] = shown.MessageTo(now, title);
                shown = now;
            });
            var jitAfter = await live.JitAsync();
            stages.Add((k, await live.TimingsAsync()));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"K = {k}: the app compiled {jitAfter.Methods - jit.Methods} methods in {jitAfter.Ms - jit.Ms:F0} ms during the measured changes"));
            var appCpu = appCpuTime.PerChange(Changes);
            var appBrowser = await appWork.PerChangeAsync(Changes);
            await LeaveAsync(pages);
            var bytes = Median(appSamples.Select(s => (double)s.Bytes));

            await using var plain = await PlainPages.Server.StartAsync((int)bytes);
            using var plainHttp = new HttpClient { BaseAddress = new Uri(plain.Url) };
            // Each change's message as large as the app's pages received for the same change (median over the pages).
            var titles = live.Items.Take(Changes).Select(i => i.Title).ToList();
            var sizes = titles.Select((t, c) => (int)Median(appSamples.Skip(c * k).Take(k).Select(s => (double)s.Bytes))).ToList();
            Task ChangePlain(string title) =>
                plainHttp.PostAsync($"/change?title={Uri.EscapeDataString(title)}&bytes={(titles.IndexOf(title) is var c and >= 0 ? sizes[c] : (int)bytes)}", null).ContinueWith(t => t.Result.EnsureSuccessStatusCode());
            var plainPages = new List<IPage>();
            for (var i = 0; i < k; i++)
            {
                plainPages.Add(await OpenPlainAsync(browser, plain.Url));
            }
            // The same warm-up change as the app's pages had.
            await MeasureAsync(plainPages, [live.Items[^1].Title], ChangePlain);
            var plainWork = await BrowserWork.WatchAsync(plainPages);
            var plainCpuTime = await CpuTime.WatchAsync(plain.ProcessId, k);
            var plainSamples = await MeasureAsync(plainPages, live.Items.Take(Changes).Select(i => i.Title), ChangePlain);
            var plainCpu = plainCpuTime.PerChange(Changes);
            var plainBrowser = await plainWork.PerChangeAsync(Changes);
            await LeaveAsync(plainPages);

            // The plain page that shows what the app's page shows: the same markup and stylesheets, each change's
            // replaced parts sent as HTML and written into the DOM.
            (await plainHttp.PostAsync("/page", new StringContent(document))).EnsureSuccessStatusCode();
            Task ChangeSame(string title) =>
                plainHttp.PostAsync($"/change?title={Uri.EscapeDataString(title)}", sameMessages.TryGetValue(title, out var m) ? new StringContent(m) : null)
                    .ContinueWith(t => t.Result.EnsureSuccessStatusCode());
            var samePages = new List<IPage>();
            for (var i = 0; i < k; i++)
            {
                samePages.Add(await OpenPlainAsync(browser, plain.Url, "/same"));
            }
            await MeasureAsync(samePages, [live.Items[^1].Title], ChangePlain);
            var sameWork = await BrowserWork.WatchAsync(samePages);
            var sameCpuTime = await CpuTime.WatchAsync(plain.ProcessId, k);
            var sameSamples = await MeasureAsync(samePages, live.Items.Take(Changes).Select(i => i.Title), ChangeSame);
            var sameCpu = sameCpuTime.PerChange(Changes);
            var sameBrowser = await sameWork.PerChangeAsync(Changes);
            await LeaveAsync(samePages);

            latency.Add(Row(k, "app (Blazor circuit)", appSamples));
            latency.Add(Row(k, "plain WebSocket page", plainSamples));
            latency.Add($"| {k} | app ÷ plain | | {Ratio(appSamples, plainSamples, 0.5)} | {Ratio(appSamples, plainSamples, 0.95)} | {Ratio(appSamples, plainSamples, 1)} | | | |");
            latency.Add(Row(k, "plain page showing the app's page", sameSamples));
            latency.Add($"| {k} | app ÷ plain showing the same | | {Ratio(appSamples, sameSamples, 0.5)} | {Ratio(appSamples, sameSamples, 0.95)} | {Ratio(appSamples, sameSamples, 1)} | | | |");
            perChange.Add($"| {k} | app | {PerChange(appSamples, k)} |");
            perChange.Add($"| {k} | plain | {PerChange(plainSamples, k)} |");
            perChange.Add($"| {k} | plain, same page | {PerChange(sameSamples, k)} |");
            cpu.Add($"| {k} | app | {appCpu} |");
            cpu.Add($"| {k} | plain | {plainCpu} |");
            cpu.Add($"| {k} | plain, same page | {sameCpu} |");
            work.Add($"| {k} | app | {appBrowser} |");
            work.Add($"| {k} | plain | {plainBrowser} |");
            work.Add($"| {k} | plain, same page | {sameBrowser} |");
            Console.WriteLine($"K = {k} done: load average {Load()}");
        }
        Console.WriteLine();
        Console.WriteLine("| pages (K) | page | samples | change-to-visible p50 ms | p95 ms | max ms | request → message in page p50 / p95 ms | message → visible p50 / p95 ms | message bytes (median) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        latency.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("| pages (K) | page | " + CpuTime.Header + " |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        cpu.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("| pages (K) | page | " + BrowserWork.Header + " |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        work.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("| pages (K) | page | " + string.Join(" | ", Enumerable.Range(1, Changes).Select(c => $"change {c} p50 / p95 ms (bytes)")) + " |");
        Console.WriteLine("| --- | --- | " + string.Join(" | ", Enumerable.Range(1, Changes).Select(_ => "---")) + " |");
        perChange.ForEach(Console.WriteLine);
        Console.WriteLine();
        // Where the server's time goes for the measured changes (its own timings: the request, the change's stages,
        // the state's read, the hand-over to every circuit).
        Console.WriteLine("| pages (K) | server stage | count | p50 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (k, timings) in stages)
        {
            foreach (var stage in timings.EnumerateObject().Where(t => !t.Name.StartsWith("congresshub.db", StringComparison.Ordinal) && !t.Name.Contains("diagnostics", StringComparison.Ordinal)))
            {
                var t = stage.Value;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {k} | {stage.Name} | {t.GetProperty("count").GetInt32()} | {t.GetProperty("p50").GetDouble():F1} | {t.GetProperty("p99").GetDouble():F1} | {t.GetProperty("max").GetDouble():F1} |"));
            }
        }
        Console.WriteLine();
        Console.WriteLine("| delegate pages (K) | live subscribers | circuits | managed heap per circuit | of it, held (less idle pooled buffers) | idle pooled buffers | RSS per circuit |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        memory.ForEach(Console.WriteLine);
    }

    /// <summary>
    /// The app's heap with N/2 and N pages: per circuit against the reading before, and the second half's own cost
    /// (N/2 → N), which no fixed cost of the first pages can enter. Pages share a browser context per delegate (signed
    /// in once), so that Chromium keeps many pages in one renderer process.
    /// </summary>
    private static async Task MemoryAsync(IPlaywright playwright, string appFolder, int n)
    {
        Console.WriteLine($"load average {Load()}");
        await using var browser = await LaunchAsync(playwright, "--renderer-process-limit=40");
        var warmUp = new List<int>();
        await using var app = await StartAppAsync(appFolder, warmUp);
        using var live = await LiveSession.OpenAsync(app.Url, warmUp);
        await WarmUpAsync(browser, live, warmUp);
        var before = await live.MemoryAsync();
        var rows = new List<string> { MemoryRow(0, before, before, before, 0) };
        var contexts = new IBrowserContext?[Delegates];
        var signIn = new SemaphoreSlim[Delegates];
        for (var d = 0; d < Delegates; d++)
        {
            signIn[d] = new SemaphoreSlim(1, 1);
        }
        var open = 0;
        var half = before;
        foreach (var target in new[] { n / 2, n })
        {
            var started = DateTime.UtcNow;
            await Parallel.ForEachAsync(Enumerable.Range(open, target - open), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var d = i % Delegates;
                bool first;
                await signIn[d].WaitAsync();
                try
                {
                    first = contexts[d] is null;
                    contexts[d] ??= await NewContextAsync(browser, app.Url);
                    if (first)
                    {
                        await OpenAsync(contexts[d]!, $"delegate{d + 1:D2}", live.SessionId, signIn: true);
                        return;
                    }
                }
                finally
                {
                    signIn[d].Release();
                }
                await OpenAsync(contexts[d]!, $"delegate{d + 1:D2}", live.SessionId, signIn: false);
            });
            open = target;
            var reading = await live.SettledAsync(target);
            rows.Add(MemoryRow(target, reading, before, half, target - (target == n ? n / 2 : 0)));
            Console.WriteLine($"{target} pages open in {(DateTime.UtcNow - started).TotalSeconds:F0} s; load average {Load()}");
            half = reading;
        }
        Console.WriteLine();
        Console.WriteLine("| delegate pages | live subscribers | circuits | managed heap | of it, idle pooled buffers | per circuit since before the pages | held per circuit since before | per circuit of the last pages opened | held per circuit of the last pages | RSS |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.ForEach(Console.WriteLine);
        foreach (var context in contexts)
        {
            if (context is not null)
            {
                await LeaveAsync(context.Pages);
            }
        }
    }

    /// <summary>
    /// One delegate page on its own, traced by Chromium over the same 5 changes: the renderer's main-thread events by
    /// name (total ms and count), and for each layout how many of the page's layout objects it had to lay out again.
    /// </summary>
    private static async Task TraceAsync(IPlaywright playwright, string appFolder)
    {
        await using var browser = await LaunchAsync(playwright);
        var warmUp = new List<int>();
        await using var app = await StartAppAsync(appFolder, warmUp);
        using var live = await LiveSession.OpenAsync(app.Url, warmUp);
        await WarmUpAsync(browser, live, warmUp);
        var page = await OpenAsync(await NewContextAsync(browser, app.Url), "delegate01", live.SessionId, signIn: true);
        await MeasureAsync([page], [live.Items[^1].Title], title => live.StartAsync(title));
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var collected = new List<JsonElement>();
        var complete = new TaskCompletionSource();
        cdp.Event("Tracing.dataCollected").OnEvent += (_, e) => collected.AddRange(e!.Value.GetProperty("value").EnumerateArray().Select(v => v.Clone()));
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
        await cdp.SendAsync("Tracing.start", new Dictionary<string, object> { ["categories"] = "devtools.timeline,blink", ["transferMode"] = "ReportEvents" });
        await MeasureAsync([page], live.Items.Take(Changes).Select(i => i.Title), title => live.StartAsync(title));
        await cdp.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var file = Path.Combine(Path.GetTempPath(), "congresshub-pages-trace.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(collected));
        var events = collected;
        var byName = new Dictionary<string, (double Ms, int Count)>();
        var layouts = new List<string>();
        foreach (var e in events)
        {
            if (!e.TryGetProperty("dur", out var dur) || e.GetProperty("ph").GetString() != "X")
            {
                continue;
            }
            var name = e.GetProperty("name").GetString()!;
            var (ms, count) = byName.GetValueOrDefault(name);
            byName[name] = (ms + dur.GetDouble() / 1000, count + 1);
            if (name == "Layout" && e.TryGetProperty("args", out var a) && a.TryGetProperty("beginData", out var b))
            {
                layouts.Add($"{dur.GetDouble() / 1000:F1} ms: {b.GetProperty("dirtyObjects").GetInt32()} of {b.GetProperty("totalObjects").GetInt32()} objects{(b.TryGetProperty("partialLayout", out var partial) && partial.GetBoolean() ? ", partial" : "")}");
            }
        }
        Console.WriteLine($"trace: {file}");
        Console.WriteLine("| event | ms over 5 changes | count |");
        Console.WriteLine("| --- | --- | --- |");
        foreach (var (name, (ms, count)) in byName.OrderByDescending(x => x.Value.Ms).Take(30))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms:F1} | {count} |"));
        }
        Console.WriteLine("layouts: " + string.Join("; ", layouts));
    }

    private static string MemoryRow(int pages, Memory m, Memory before, Memory previous, int added) =>
        $"| {pages} | {m.Subscribers} | {m.Circuits} | {m.Managed / 1024.0 / 1024:F1} MB | {m.Pooled / 1024.0 / 1024:F1} MB | "
        + (pages == 0
            ? "| | | | "
            : $"{PerCircuit(m.Managed - before.Managed, pages)} | {PerCircuit(m.Held - before.Held, pages)} | {PerCircuit(m.Managed - previous.Managed, added)} | {PerCircuit(m.Held - previous.Held, added)} | ")
        + $"{m.Rss / 1024.0 / 1024:F0} MB |";

    private static string PerCircuit(long bytes, int circuits) => $"{bytes / (double)circuits / 1024:F0} KB";

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extra) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", .. extra],
        });

    /// <summary>The app on a fresh demo database with two more live sessions of the same street, for the warm-up.</summary>
    private static Task<AppUnderTest> StartAppAsync(string appFolder, List<int> warmUp) =>
        AppUnderTest.StartAsync(appFolder, async services =>
            {
                var convener = await ImportBench.ActorAsync(services, "convener");
                var sessions = services.GetRequiredService<SessionService>();
                for (var i = 1; i <= WarmUpSessions; i++)
                {
                    var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, $"预热 {i}", DateTime.UtcNow, "预热会场"), withTemplate: true);
                    await sessions.PublishAsync(convener, id);
                    await sessions.StartAsync(convener, id);
                    warmUp.Add(id);
                }
            },
            // The pages open more than the ten pages per account that a real account may hold.
            new Dictionary<string, string> { ["Limits__CircuitsPerUser"] = "100000" });

    /// <summary>
    /// Warm-up sessions one after the other: in each, a few pages open, see every item of its agenda start (the same
    /// kinds of change as the measured ones, on another session) and leave; their circuits are closed (the page left),
    /// not kept for a reconnection. It goes on until a session's changes made the runtime compile fewer than
    /// <see cref="CompiledWhenWarm"/> methods (at least two sessions): after two sessions it still compiled 550 methods
    /// in 457 ms during the 5 measured changes, which then shared the cores with the compiler, as a server that has
    /// run a hall for an evening does not.
    /// </summary>
    private static async Task WarmUpAsync(IBrowser browser, LiveSession live, List<int> sessions)
    {
        var used = 0;
        foreach (var id in sessions)
        {
            var before = await live.JitAsync();
            using var session = await LiveSession.OpenAsync(live.Url, [], id);
            var pages = new List<IPage>();
            for (var i = 0; i < WarmUpPages; i++)
            {
                pages.Add(await OpenAsync(await NewContextAsync(browser, live.Url), $"delegate{Delegates - i:D2}", id, signIn: true));
            }
            await MeasureAsync(pages, session.Items.Select(i => i.Title), title => session.StartAsync(title));
            await LeaveAsync(pages);
            // The runtime promotes a method a moment after its calls were counted, in the background.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var after = await live.JitAsync();
            used++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up session {used}: {after.Methods - before.Methods} methods compiled in {after.Ms - before.Ms:F0} ms"));
            if (used >= 2 && after.Methods - before.Methods < CompiledWhenWarm)
            {
                break;
            }
        }
        await live.SettledAsync(0);
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, ViewportSize = new ViewportSize { Width = 360, Height = 780 } });
        await context.AddInitScriptAsync(SocketScript);
        return context;
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string user, int session, bool signIn)
    {
        var page = await context.NewPageAsync();
        if (signIn)
        {
            // Straight from sign-in to the session page: a detour through another interactive page would leave a
            // second, disconnected circuit retained on the server and double the memory counted per page.
            await page.GotoAsync($"/signin?returnUrl=%2Fsessions%2F{session}");
            await page.FillAsync("#username", user);
            await page.FillAsync("#password", "Demo!2026");
            await page.Locator("#password").PressAsync("Enter");
            await page.WaitForURLAsync($"**/sessions/{session}");
        }
        else
        {
            await page.GotoAsync($"/sessions/{session}");
        }
        await page.Locator("#circuit-state[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        // The page's own first state, read in the circuit after it subscribed to the session.
        await page.Locator("#current-item").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    private static async Task<IPage> OpenPlainAsync(IBrowser browser, string url, string path = "/")
    {
        var page = await (await NewContextAsync(browser, url)).NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("#socket-state[data-open=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>Leaves each page (the app's page tells its circuit to close, as a closed tab does) and closes its context.</summary>
    private static async Task LeaveAsync(IEnumerable<IPage> pages)
    {
        foreach (var page in pages.ToList())
        {
            await page.GotoAsync("about:blank");
            if (page.Context.Pages.All(p => p.Url == "about:blank"))
            {
                await page.Context.CloseAsync();
            }
        }
    }

    /// <summary>
    /// Per change: every page watches for the new item, the change is sent, and each page's own note of when it showed
    /// the item is read. Both sides on the machine's clock (the page's <c>Date.now()</c>, this process's UtcNow).
    /// </summary>
    private static async Task<List<Sample>> MeasureAsync(List<IPage> pages, IEnumerable<string> titles, Func<string, Task> change, Func<string, Task>? seenEverywhere = null)
    {
        var samples = new List<Sample>();
        foreach (var title in titles)
        {
            // Changes well apart, as a convener's are: none waits for the app's window that folds a burst into one send.
            await Task.Delay(Apart);
            await Task.WhenAll(pages.Select(p => p.EvaluateAsync(WatchScript, title)));
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await change(title);
            foreach (var p in pages)
            {
                var seen = await p.WaitForFunctionAsync("() => window.__seen && { seen: window.__seen, messages: window.__in.slice(0, window.__seenAt) }", null,
                    new PageWaitForFunctionOptions { PollingInterval = 100, Timeout = 60_000 });
                var v = await seen.JsonValueAsync<JsonElement>();
                var at = v.GetProperty("seen").GetDouble();
                var messages = v.GetProperty("messages").EnumerateArray().Select(m => (T: m[0].GetDouble(), Bytes: m[1].GetInt32())).Where(m => m.T >= sent).ToList();
                samples.Add(new Sample(at - sent, messages.Count > 0 ? messages[^1].T - sent : double.NaN, messages.Sum(m => m.Bytes)));
            }
            if (seenEverywhere is not null)
            {
                await seenEverywhere(title);
            }
        }
        return samples;
    }

    private static string Row(int k, string page, List<Sample> s) =>
        $"| {k} | {page} | {s.Count} | {Q(s, x => x.Visible, 0.5):F0} | {Q(s, x => x.Visible, 0.95):F0} | {Q(s, x => x.Visible, 1):F0} | "
        + $"{Q(s, x => x.Received, 0.5):F0} / {Q(s, x => x.Received, 0.95):F0} | {Q(s, x => x.Visible - x.Received, 0.5):F0} / {Q(s, x => x.Visible - x.Received, 0.95):F0} | {Median(s.Select(x => (double)x.Bytes)):F0} |";

    /// <summary>Each change's own figures: which kind of change sets the tail.</summary>
    private static string PerChange(List<Sample> samples, int k) =>
        string.Join(" | ", Enumerable.Range(0, samples.Count / k).Select(c => samples.Skip(c * k).Take(k).ToList())
            .Select(s => $"{Q(s, x => x.Visible, 0.5):F0} / {Q(s, x => x.Visible, 0.95):F0} ({Median(s.Select(x => (double)x.Bytes)):F0})"));

    private static string Ratio(List<Sample> app, List<Sample> plain, double q) =>
        (Q(app, x => x.Visible, q) / Math.Max(1, Q(plain, x => x.Visible, q))).ToString("F1", CultureInfo.InvariantCulture) + "×";

    private static double Q(List<Sample> samples, Func<Sample, double> of, double q)
    {
        var s = samples.Select(of).Where(x => !double.IsNaN(x)).Order().ToArray();
        return s.Length == 0 ? double.NaN : s[Math.Clamp((int)Math.Ceiling(q * s.Length) - 1, 0, s.Length - 1)];
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length == 0 ? 0 : s[s.Length / 2];
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <param name="Visible">Request sent → the page showed the item.</param>
    /// <param name="Received">Request sent → the page's script took the message that showed it.</param>
    /// <param name="Bytes">What the page received over its socket for the change, up to that message.</param>
    private sealed record Sample(double Visible, double Received, int Bytes);

    /// <summary>Every message the page's sockets receive, with the moment the page's script takes it and its size.</summary>
    private const string SocketScript = """
        (() => {
          const Native = window.WebSocket;
          const utf8 = new TextEncoder();
          window.__in = [];
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              this.addEventListener('message', e => window.__in.push([Date.now(), typeof e.data === 'string' ? utf8.encode(e.data).length : (e.data.byteLength ?? e.data.size)]));
            }
          };
        })();
        """;

    /// <summary>
    /// Notes the moment the page shows <c>t</c> as its current item. One watch at a time: a watch left from an earlier
    /// change would take any later mutation (the item's timer ticks) for the page showing its own, older, item.
    /// </summary>
    private const string WatchScript = """
        t => {
          window.__watch?.disconnect();
          window.__seen = null;
          window.__in = [];
          const check = () => {
            if (!window.__seen && (document.querySelector('#current-item')?.textContent ?? '').includes(t)) {
              window.__seen = Date.now();
              window.__seenAt = window.__in.length;
              window.__watch.disconnect();
            }
          };
          window.__watch = new MutationObserver(check);
          window.__watch.observe(document.body, { subtree: true, childList: true, characterData: true });
          check();
        }
        """;

    /// <summary>The page's document without its scripts, its relative addresses resolved against the app (the argument).</summary>
    private const string DocumentScript = """
        base => {
          const d = document.documentElement.cloneNode(true);
          d.querySelectorAll('script').forEach(s => s.remove());
          d.querySelector('base')?.setAttribute('href', base);
          return '<!DOCTYPE html>' + d.outerHTML;
        }
        """;

    /// <summary>
    /// The parts of a hall page a change can replace: the live page's cards and the elements beside it (the announcer),
    /// in document order; and their parent's whole markup, for a change that adds or removes a part.
    /// </summary>
    private sealed record SameView(List<string> Parts, string All)
    {
        public static async Task<SameView> ReadAsync(IPage page)
        {
            var v = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const parent = document.querySelector('.live-page').parentElement;
                  return { parts: [...parent.children].flatMap(c => c.classList.contains('live-page') ? [...c.children] : [c]).map(c => c.outerHTML), all: parent.innerHTML };
                }
                """);
            return new SameView([.. v.GetProperty("parts").EnumerateArray().Select(p => p.GetString()!)], v.GetProperty("all").GetString()!);
        }

        /// <summary>The message that turns this view into <paramref name="next"/>: the parts that differ, or the whole when their number changed.</summary>
        public string MessageTo(SameView next, string title) =>
            JsonSerializer.Serialize(next.Parts.Count == Parts.Count
                ? new SameMessage(title, [.. next.Parts.Select((html, i) => (html, i)).Where(p => p.html != Parts[p.i]).Select(p => new object[] { p.i, p.html })], null)
                : new SameMessage(title, null, next.All),
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
    }

    private sealed record SameMessage(string Title, List<object[]>? Parts, string? All);

    internal static async Task<string> TokenAsync(HttpClient http, string user)
    {
        var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = "Demo!2026" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private sealed record Memory(long Managed, long Pooled, long Rss, int Subscribers, string Circuits)
    {
        /// <summary>The heap less the buffers idle in the server's pool: what the server holds.</summary>
        public long Held => Managed - Pooled;
    }

    /// <summary>
    /// CPU time (user and system, from /proc) of the server's process and of this benchmark's browser (every Chromium
    /// process it started, by kind: the pages' renderers, the GPU process that composites their frames, here in
    /// software, the network service that carries their sockets, and the browser process), over the changes, less
    /// what the pages take idle (over a few seconds before the changes: timers): what each change costs the server in
    /// all and each page's browser, on the same two cores.
    /// </summary>
    private sealed class CpuTime(int serverPid, int pages, CpuTime.Reading start, Dictionary<string, double> idlePerSecond, DateTime started)
    {
        private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(3);
        private static readonly string[] Kinds = ["renderer", "gpu-process", "utility", "browser"];

        public const string Header = "server CPU per change ms | server CPU idle ms/s | browser CPU per page and change ms | of it: renderers / GPU process / network service / browser process ms | renderers by thread: main / compositor / foreground pool (raster) / IO / other ms | browser CPU per idle page ms/s";

        public static async Task<CpuTime> WatchAsync(int serverPid, int pages)
        {
            var idle = Read(serverPid);
            await Task.Delay(IdleWindow);
            var start = Read(serverPid);
            var rates = Kinds.Union(start.Browser.Keys).ToDictionary(k => k, k => (start.Browser.GetValueOrDefault(k) - idle.Browser.GetValueOrDefault(k)) / IdleWindow.TotalSeconds);
            rates["server"] = (start.Server - idle.Server) / IdleWindow.TotalSeconds;
            return new CpuTime(serverPid, pages, start, rates, DateTime.UtcNow);
        }

        /// <summary>Per change: server ms | server idle ms/s | browser ms per page (idle time taken out) | by kind | browser idle ms per page per second.</summary>
        public string PerChange(int changes)
        {
            var end = Read(serverPid);
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            // The server's own idle time is not taken out: after a warm-up it still compiles hot code again in the
            // background now and then, which made the idle reading larger than some changes' own.
            var server = (end.Server - start.Server) / changes;
            double Of(string kind) => (end.Browser.GetValueOrDefault(kind) - start.Browser.GetValueOrDefault(kind) - idlePerSecond.GetValueOrDefault(kind) * seconds) / changes / pages;
            var browser = Kinds.Sum(Of);
            string[] threads = ["main", "compositor", "pool", "io", "other"];
            return string.Create(CultureInfo.InvariantCulture,
                $"{server:F0} | {idlePerSecond["server"]:F0} | {browser:F1} | {string.Join(" / ", Kinds.Select(k => Of(k).ToString("F1", CultureInfo.InvariantCulture)))} | "
                + $"{string.Join(" / ", threads.Select(t => Of("renderer:" + t).ToString("F1", CultureInfo.InvariantCulture)))} | {Kinds.Sum(k => idlePerSecond[k]) / pages:F1}");
        }

        internal sealed record Reading(double Server, Dictionary<string, double> Browser);

        /// <summary>Milliseconds of CPU of the server, and of the Chromium processes under this one by kind.</summary>
        private static Reading Read(int serverPid)
        {
            var processes = new List<(int Pid, int Parent, string Name, double Ms)>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    continue;
                }
                try
                {
                    var (name, parent, ms) = Stat(File.ReadAllText(Path.Combine(dir, "stat")));
                    processes.Add((pid, parent, name, ms));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
                {
                    // Gone meanwhile.
                }
            }
            var mine = new HashSet<int> { Environment.ProcessId };
            for (var grew = true; grew;)
            {
                grew = false;
                foreach (var p in processes)
                {
                    if (!mine.Contains(p.Pid) && mine.Contains(p.Parent))
                    {
                        grew = mine.Add(p.Pid) || grew;
                    }
                }
            }
            var browser = new Dictionary<string, double>();
            foreach (var p in processes.Where(p => mine.Contains(p.Pid) && p.Name.StartsWith("chrom", StringComparison.Ordinal)))
            {
                var kind = KindOf(p.Pid);
                browser[kind] = browser.GetValueOrDefault(kind) + p.Ms;
                if (kind == "renderer")
                {
                    foreach (var (thread, ms) in Threads(p.Pid))
                    {
                        browser["renderer:" + thread] = browser.GetValueOrDefault("renderer:" + thread) + ms;
                    }
                }
            }
            return new Reading(processes.Where(p => p.Pid == serverPid).Sum(p => p.Ms), browser);
        }

        /// <summary>
        /// A process's or thread's <c>stat</c>: its name, its parent and its CPU time (user and system) in ms. After
        /// "pid (comm) " come state, ppid … utime, stime: utime is the 12th field after the closing parenthesis.
        /// </summary>
        private static (string Name, int Parent, double Ms) Stat(string stat)
        {
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (stat[(stat.IndexOf('(') + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture), ticks * 10.0);
        }

        /// <summary>A renderer's CPU by thread: its main thread, the compositor, the foreground pool (raster), the IO thread (its sockets' messages), the rest.</summary>
        private static IEnumerable<(string Thread, double Ms)> Threads(int pid)
        {
            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.EnumerateDirectories($"/proc/{pid}/task").ToList();
            }
            catch (IOException)
            {
                yield break;
            }
            foreach (var task in tasks)
            {
                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(task, "stat"));
                }
                catch (IOException)
                {
                    continue;
                }
                var (name, _, ms) = Stat(stat);
                yield return (name switch
                {
                    "chromium" or "chrome" => "main",
                    "Compositor" => "compositor",
                    // The foreground pool rasters the page's tiles (in software here), among its other tasks.
                    "ThreadPoolForeg" => "pool",
                    "Chrome_ChildIOT" => "io",
                    _ => "other",
                }, ms);
            }
        }

        /// <summary>Chromium's <c>--type=</c> of the process (zygotes count with the browser process).</summary>
        private static string KindOf(int pid)
        {
            try
            {
                var type = File.ReadAllText($"/proc/{pid}/cmdline").Split(['\0', ' ']).FirstOrDefault(a => a.StartsWith("--type=", StringComparison.Ordinal))?["--type=".Length..];
                return type is "renderer" or "gpu-process" or "utility" ? type : "browser";
            }
            catch (IOException)
            {
                return "browser";
            }
        }
    }

    /// <summary>
    /// What each page's renderer spent per change, by the browser's own counters (DevTools' <c>Performance</c>
    /// metrics, summed over the pages): script (Blazor applying its render batch, or the plain page's handler), style
    /// recalculation, layout, and the whole of the renderer's main-thread tasks (the rest of which is mostly paint and
    /// the message's own handling); the idle rate (timers) over a few seconds before the changes taken out.
    /// </summary>
    private sealed class BrowserWork(List<ICDPSession> sessions, Dictionary<string, double> start, Dictionary<string, double> idlePerSecond, DateTime started)
    {
        private static readonly string[] Durations = ["ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "TaskDuration"];
        private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(3);

        public const string Header = "script ms per page and change | style ms | layout ms | all main-thread tasks ms | style recalculations per change | layouts per change | DOM nodes per page";

        public static async Task<BrowserWork> WatchAsync(List<IPage> pages)
        {
            var sessions = new List<ICDPSession>();
            foreach (var page in pages)
            {
                var session = await page.Context.NewCDPSessionAsync(page);
                await session.SendAsync("Performance.enable");
                sessions.Add(session);
            }
            var idle = await ReadAsync(sessions);
            var watch = DateTime.UtcNow;
            await Task.Delay(IdleWindow);
            var start = await ReadAsync(sessions);
            var seconds = (DateTime.UtcNow - watch).TotalSeconds;
            return new BrowserWork(sessions, start, start.ToDictionary(m => m.Key, m => (m.Value - idle.GetValueOrDefault(m.Key)) / seconds), DateTime.UtcNow);
        }

        public async Task<string> PerChangeAsync(int changes)
        {
            var end = await ReadAsync(sessions);
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            double Per(string name, double scale) =>
                (end.GetValueOrDefault(name) - start.GetValueOrDefault(name) - idlePerSecond.GetValueOrDefault(name) * seconds) * scale / changes / sessions.Count;
            foreach (var session in sessions)
            {
                await session.DetachAsync();
            }
            return string.Join(" | ", Durations.Select(d => Per(d, 1000).ToString("F1", CultureInfo.InvariantCulture)))
                + $" | {Per("RecalcStyleCount", 1):F1} | {Per("LayoutCount", 1):F1} | {end.GetValueOrDefault("Nodes") / sessions.Count:F0}";
        }

        /// <summary>The counters summed over the pages (durations in seconds).</summary>
        private static async Task<Dictionary<string, double>> ReadAsync(List<ICDPSession> sessions)
        {
            var sum = new Dictionary<string, double>();
            foreach (var session in sessions)
            {
                var reply = await session.SendAsync("Performance.getMetrics");
                foreach (var metric in reply!.Value.GetProperty("metrics").EnumerateArray())
                {
                    var name = metric.GetProperty("name").GetString()!;
                    sum[name] = sum.GetValueOrDefault(name) + metric.GetProperty("value").GetDouble();
                }
            }
            return sum;
        }
    }

    /// <summary>The demo's live session, seen by its convener through the API.</summary>
    private sealed class LiveSession(HttpClient http, string url, int sessionId, IReadOnlyList<(int Id, string Title)> items) : IDisposable
    {
        public string Url => url;

        public int SessionId => sessionId;

        public IReadOnlyList<(int Id, string Title)> Items => items;

        /// <summary>The session <paramref name="id"/>, or the demo's live session (none of <paramref name="warmUp"/>).</summary>
        public static async Task<LiveSession> OpenAsync(string url, List<int> warmUp, int? id = null)
        {
            var http = new HttpClient { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, "convener"));
            var session = id ?? (await http.GetFromJsonAsync<JsonElement>("/api/sessions")).EnumerateArray()
                .Select(s => (Id: s.GetProperty("id").GetInt32(), Status: s.GetProperty("status").GetString()))
                .First(s => s.Status == "live" && !warmUp.Contains(s.Id)).Id;
            var items = (await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/live")).GetProperty("items").EnumerateArray()
                .Select(i => (i.GetProperty("id").GetInt32(), i.GetProperty("title").GetString()!)).ToList();
            return new LiveSession(http, url, session, items);
        }

        public async Task StartAsync(string title) =>
            (await http.PostAsync($"/api/sessions/{sessionId}/items/{items.First(i => i.Title == title).Id}/start", null)).EnsureSuccessStatusCode();

        public async Task ClearTimingsAsync() => (await http.DeleteAsync("/diagnostics/timings")).EnsureSuccessStatusCode();

        /// <summary>Methods the app's runtime has compiled so far, and the time it took.</summary>
        public async Task<(long Methods, double Ms)> JitAsync()
        {
            var jit = await http.GetFromJsonAsync<JsonElement>("/diagnostics/jit");
            return (jit.GetProperty("methods").GetInt64(), jit.GetProperty("compilationMilliseconds").GetDouble());
        }

        public Task<JsonElement> TimingsAsync() => http.GetFromJsonAsync<JsonElement>("/diagnostics/timings");

        public async Task<Memory> MemoryAsync()
        {
            var m = await http.GetFromJsonAsync<JsonElement>($"/diagnostics/memory?sessionId={sessionId}");
            return new Memory(m.GetProperty("managedBytes").GetInt64(), m.GetProperty("pooledBufferBytes").GetInt64(), m.GetProperty("workingSetBytes").GetInt64(),
                m.GetProperty("subscribers").GetInt32(), $"{m.GetProperty("circuitsConnected").GetInt32()} + {m.GetProperty("circuitsDisconnected").GetInt32()} kept");
        }

        /// <summary>The reading once exactly <paramref name="circuits"/> circuits are open and none is kept for a closed tab.</summary>
        public async Task<Memory> SettledAsync(int circuits)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var m = await MemoryAsync();
                if (m.Subscribers == circuits && m.Circuits == $"{circuits} + 0 kept")
                {
                    return m;
                }
                if (DateTime.UtcNow > deadline)
                {
                    Console.WriteLine($"not settled: {m.Subscribers} subscribers, {m.Circuits} circuits, expected {circuits}");
                    return m;
                }
                await Task.Delay(500);
            }
        }

        public void Dispose() => http.Dispose();
    }
}
