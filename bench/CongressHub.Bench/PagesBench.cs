using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace CongressHub.Bench;

/// <summary>
/// K delegate pages in headless Chromium on the live demo session: server memory per circuit (managed heap after a
/// forced full collection, and process RSS) and change-to-visible latency of an agenda change on every page.
/// </summary>
internal static class PagesBench
{
    public static async Task RunAsync(string[] args)
    {
        int[] ks = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [20, 50];
        var appFolder = await AppUnderTest.PublishAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var rows = new List<string>();
        foreach (var k in ks)
        {
            await using var app = await AppUnderTest.StartAsync(appFolder, _ => Task.CompletedTask);
            using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
            var convener = await TokenAsync(http, "convener");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", convener);
            var session = (await http.GetFromJsonAsync<JsonElement>("/api/sessions")).EnumerateArray().First(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
            var items = (await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/live")).GetProperty("items").EnumerateArray()
                .Select(i => (Id: i.GetProperty("id").GetInt32(), Title: i.GetProperty("title").GetString()!)).ToList();

            // Warm the app (JIT, EF model) with one page before measuring memory.
            var warm = await OpenAsync(browser, app.Url, "delegate40", session);
            await warm.Context.CloseAsync();
            var before = await MemoryAsync(http, session);

            var pages = new List<IPage>();
            for (var i = 0; i < k; i++)
            {
                pages.Add(await OpenAsync(browser, app.Url, $"delegate{i % 39 + 1:D2}", session));
            }
            var after = await MemoryAsync(http, session);
            var managedPerCircuit = (after.Managed - before.Managed) / (double)k / 1024;
            var rssPerCircuit = (after.Rss - before.Rss) / (double)k / 1024;

            // Each page notes the moment (its own clock, the machine's) the new item appears; no polling from here.
            var samples = new List<double>();
            for (var c = 0; c < Math.Min(5, items.Count); c++)
            {
                var (id, title) = items[c];
                await Task.WhenAll(pages.Select(p => p.EvaluateAsync(WatchScript, title)));
                var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                (await http.PostAsync($"/api/sessions/{session}/items/{id}/start", null)).EnsureSuccessStatusCode();
                foreach (var p in pages)
                {
                    var seen = await p.WaitForFunctionAsync("() => window.__seen", null, new PageWaitForFunctionOptions { PollingInterval = 100, Timeout = 30_000 });
                    samples.Add((await seen.JsonValueAsync<double>()) - sent);
                }
            }
            samples.Sort();
            string P(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)].ToString("F0", CultureInfo.InvariantCulture);
            rows.Add($"| {k} | {after.Subscribers} | {P(0.5)} | {P(0.95)} | {samples[^1]:F0} | {managedPerCircuit:F0} KB | {rssPerCircuit:F0} KB |");
            foreach (var p in pages)
            {
                await p.Context.CloseAsync();
            }
        }
        Console.WriteLine("| delegate pages (K) | live subscribers | change-to-visible p50 ms | p95 ms | max ms | managed heap per circuit | RSS per circuit |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        rows.ForEach(Console.WriteLine);
    }

    private const string WatchScript = """
        t => {
          window.__seen = null;
          const check = () => {
            if (!window.__seen && (document.querySelector('#current-item')?.textContent ?? '').includes(t)) window.__seen = Date.now();
          };
          new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
          check();
        }
        """;

    private static async Task<IPage> OpenAsync(IBrowser browser, string url, string user, int session)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, ViewportSize = new ViewportSize { Width = 360, Height = 780 } });
        var page = await context.NewPageAsync();
        // Straight from sign-in to the session page: a detour through another interactive page would leave a
        // second, disconnected circuit retained on the server and double the memory counted per page.
        await page.GotoAsync($"/signin?returnUrl=%2Fsessions%2F{session}");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", "Demo!2026");
        await page.Locator("#password").PressAsync("Enter");
        await page.WaitForURLAsync($"**/sessions/{session}");
        await page.Locator("#circuit-state[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    internal static async Task<string> TokenAsync(HttpClient http, string user)
    {
        var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = "Demo!2026" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<(long Managed, long Rss, int Subscribers)> MemoryAsync(HttpClient http, int session)
    {
        var m = await http.GetFromJsonAsync<JsonElement>($"/diagnostics/memory?sessionId={session}");
        return (m.GetProperty("managedBytes").GetInt64(), m.GetProperty("workingSetBytes").GetInt64(), m.GetProperty("subscribers").GetInt32());
    }
}
