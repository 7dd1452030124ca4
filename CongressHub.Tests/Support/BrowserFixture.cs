using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
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
        App = await AppFactory.CreateAsync(Errors);
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

    /// <summary>A fresh browser profile: a desktop window, or a 360 px phone.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(phone
            ? new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 360, Height = 780 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 }
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

    /// <summary>Runs axe on the page and fails on any serious or critical finding, naming rule and element.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        AxeResult result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target + " " + n.Html))}")));
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

    public static Task ScreenshotAsync(this IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = fullPage });
}
