using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace CongressHub.Tests.Support;

/// <summary>
/// One app on a loopback port and one Debian Chromium for all browser tests (they run one class at a time).
/// Screenshots go to TestResults/screenshots at the repository root.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Expectations wait for a condition; on two cores shared by parallel test classes and, in the dress rehearsal,
    // thirteen browsers at once, a circuit's answer has once taken longer than 15 s. A wrong answer still fails, only later.
    static BrowserFixture() => Assertions.SetDefaultExpectTimeout(30_000);

    private IPlaywright? _playwright;

    public AppFactory App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Errors the app logged and the browser showed, read by <see cref="BrowserTest"/> after each test.</summary>
    public ErrorLog Errors { get; } = new();

    public static string ScreenshotFolder { get; } =
        System.IO.Directory.CreateDirectory(Path.Combine(Common.ResourceTests.RepoRoot(), "TestResults", "screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        // Notices go out as soon as they are written, so a test sees a resident told without waiting out a digest window.
        App = await AppFactory.CreateAsync(Errors, new Dictionary<string, string> { ["Notices:DigestMinutes"] = "0" });
        BaseUrl = App.StartOnLoopback();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(LaunchOptions);
    }

    /// <summary>Debian's Chromium, headless, with nothing that reaches outside the machine.</summary>
    public static BrowserTypeLaunchOptions LaunchOptions => new()
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    };

    /// <summary>
    /// A fresh browser profile: a desktop window, or a phone <paramref name="phoneWidth"/> px wide (a common 360 px one
    /// unless told) with a phone's two device pixels per CSS pixel, or <paramref name="phoneScale"/> (the page sweep's
    /// hundreds of full-page screenshots are as readable at one and take a quarter of the pixels).
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(bool phone = false, int phoneWidth = 360, float phoneScale = 2)
    {
        var context = await Browser.NewContextAsync(phone
            ? new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = phoneWidth, Height = 780 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = phoneScale }
            : new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // Colour transitions would let axe measure contrast halfway between two states; tests see end states only.
        await context.AddInitScriptAsync("""
            document.addEventListener('DOMContentLoaded', () => {
              const style = document.createElement('style');
              style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
              document.head.appendChild(style);
            });
            """);
        context.Page += (_, page) => Watch(page, Errors);
        return context;
    }

    /// <summary>Records what the page's console shows as an error and what the page throws.</summary>
    public static void Watch(IPage page, ErrorLog errors)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"browser console error at {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"browser page error at {page.Url}: {error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

public static class PageChecks
{
    /// <summary>Waits until a working page's circuit is live (its handlers answer clicks).</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("#circuit-state[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>The axe-core script that Deque's package carries, read once.</summary>
    private static readonly Lazy<string> AxeScript = new(() =>
    {
        using var stream = typeof(AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")!;
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>
    /// Runs axe on the page and fails on any serious or critical finding, naming rule and element. Axe runs in the page
    /// itself and hands back only what it found: Deque's <c>RunAxe</c> also runs each frame apart and joins the results
    /// in a second blank page, which took seconds more per call (the app's pages have no frames), and ships every
    /// passing node back as well.
    /// </summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeScript.Value);
        }
        var serious = await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
                `${v.impact} ${v.id}: ${v.help} — ` + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.html).join(' | '));
            }
            """);
        Assert.True(serious.Length == 0, $"{page.Url}: " + string.Join("\n", serious));
    }

    /// <summary>
    /// Waits until the page shows the address (a glob: <c>**</c> any text, <c>*</c> one path segment) and its document
    /// has loaded. Polls both instead of Playwright's WaitForURLAsync, whose .NET client can miss a load event
    /// that arrives while it subscribes (microsoft/playwright-dotnet#3364) and then waits out its timeout.
    /// </summary>
    public static Task ArriveAtAsync(this IPage page, string glob) =>
        page.ArriveAtAsync(new Regex("^" + Regex.Escape(glob).Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*") + "$"));

    /// <inheritdoc cref="ArriveAtAsync(IPage, string)"/>
    public static async Task ArriveAtAsync(this IPage page, Regex address)
    {
        await Assertions.Expect(page).ToHaveURLAsync(address);
        // A function, not an expression: Playwright compiles it once and calls it at each poll, where an expression
        // would be evaluated again as a string, which the app's Content-Security-Policy (no 'unsafe-eval') refuses.
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
    }

    /// <summary>Signs in through the sign-in form, as a person would, and lands on the overview.</summary>
    public static async Task SignInAsync(this IPage page, string user)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Domain.Seeding.DemoSeeder.Password);
        await page.Locator("#password").PressAsync("Enter");
        await page.ArriveAtAsync("**/dashboard");
    }

    /// <summary>
    /// Fails when the page itself scrolls sideways (WCAG 1.4.10 reflow), naming the elements that stick out past the
    /// window's right edge: first those that stick out of their parent (where the overflow starts), widest first.
    /// Elements inside a box that clips or scrolls on its own do not count: such a box sticking out is named itself.
    /// </summary>
    public static async Task AssertNoSidewaysScrollAsync(this IPage page, string when)
    {
        var overflow = await page.EvaluateAsync<string?>("""
            () => {
              const root = document.documentElement, width = root.clientWidth;
              if (root.scrollWidth <= width) return null;
              // A box that clips or scrolls: overflow set on a block (on a table's rows or groups it does nothing).
              const clips = s => s.overflowX !== 'visible' && !/^(table-|inline$|contents$)/.test(s.display);
              const inBox = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (clips(getComputedStyle(p))) return true; return false; };
              const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('');
              const out = [];
              for (const e of document.body.querySelectorAll('*')) {
                const r = e.getBoundingClientRect();
                if (r.width === 0 || r.right <= width + 0.5 || inBox(e)) continue;
                // Where the overflow starts: past its parent's edge (a fixed bar only follows the widened window).
                const starts = r.right > e.parentElement.getBoundingClientRect().right + 0.5 && getComputedStyle(e).position !== 'fixed';
                out.push({ starts, width: r.width, text: `${name(e)} (${Math.round(r.width)} px wide, right edge at ${Math.round(r.right)} px)` });
              }
              out.sort((a, b) => (b.starts - a.starts) || (b.width - a.width));
              return `${root.scrollWidth} px wide in a ${width} px window; sticking out: ` + out.slice(0, 8).map(o => o.text).join('; ');
            }
            """);
        Assert.True(overflow is null, $"{page.Url} scrolls sideways {when}: {overflow}");
    }

    /// <summary>
    /// Sets the text size as a reader does in the browser's settings: the root font size, which every rem of MudBlazor
    /// and of the app follows. The page is not loaded again.
    /// </summary>
    public static Task SetTextSizeAsync(this IPage page, int percent) =>
        page.EvaluateAsync("percent => { document.documentElement.style.fontSize = percent + '%'; }", percent);

    public static Task ScreenshotAsync(this IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = fullPage });
}
