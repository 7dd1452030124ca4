using System.Globalization;
using System.Text.RegularExpressions;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Committee;
using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// The app runs as its own process in a zone far from China (TZ=Pacific/Auckland) and the browser in another
/// (America/Los_Angeles): every time a person sees is in the installation's zone (Asia/Shanghai), written as
/// CONTRACTS.md's "Times" says, and every time the API sends carries its offset. Expected strings are computed here
/// from the database, apart from the app's own formatter.
/// </summary>
public partial class TimeSweepTests(TimeSweepApp app) : BrowserTest, IClassFixture<TimeSweepApp>
{
    protected override ErrorLog Errors => app.Errors;

    protected override void CollectErrors() => app.CollectNodeErrors();

    [Fact]
    public async Task ConvenerAndDelegatePages_ShowEveryTimeInChina_WhateverTheServersAndBrowsersZones()
    {
        await using var desktop = await app.NewContextAsync(phone: false);
        var convener = await desktop.NewPageAsync();
        await convener.SignInAsync("convener");

        await convener.GotoAsync("/sessions");
        await convener.WaitForCircuitAsync();
        await Assertions.Expect(convener.Locator("body")).ToContainTextAsync(Shown(app.LiveScheduledUtc));
        await convener.ScreenshotAsync("times-sessions");

        await convener.GotoAsync($"/sessions/{app.LiveId}/console");
        await convener.WaitForCircuitAsync();
        await Assertions.Expect(convener.Locator("body")).ToContainTextAsync(Shown(app.LiveScheduledUtc));

        await convener.GotoAsync($"/sessions/{app.AdjournedId}/minutes");
        await convener.WaitForCircuitAsync();
        await convener.Locator("#draft-minutes").ClickAsync();
        var lastEntry = await app.ReadAsync(db => db.MinutesEntries.Where(e => e.SessionId == app.AdjournedId).OrderByDescending(e => e.Id).FirstAsync());
        await Assertions.Expect(convener.Locator(".markdown")).ToContainTextAsync("时间：" + Formal(app.AdjournedScheduledUtc) + " " + Clock(app.AdjournedScheduledUtc));
        await Assertions.Expect(convener.Locator(".markdown")).ToContainTextAsync(Clock(lastEntry.AtUtc) + " " + lastEntry.Text);
        await AssertTimeElementsAsync(convener);
        await convener.ScreenshotAsync("times-minutes-draft");

        var itemId = await app.ReadAsync(db => db.TrackedEvents.GroupBy(e => e.ItemId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync());
        var lastEvent = await app.ReadAsync(db => db.TrackedEvents.Where(e => e.ItemId == itemId).OrderByDescending(e => e.Id).FirstAsync());
        await convener.GotoAsync($"/tracking/{itemId}");
        await convener.WaitForCircuitAsync();
        await Assertions.Expect(convener.Locator("body")).ToContainTextAsync(Shown(lastEvent.AtUtc));
        await AssertTimeElementsAsync(convener);
        await convener.ScreenshotAsync("times-tracked-item");

        // The convener publishes the winter session through the app, whose process writes the notice.
        await convener.GotoAsync($"/sessions/{app.WinterId}/agenda");
        await convener.WaitForCircuitAsync();
        await Assertions.Expect(convener.Locator("body")).ToContainTextAsync(Shown(app.WinterScheduledUtc));
        await convener.Locator("#publish-session").ClickAsync();
        await convener.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Assertions.Expect(convener.Locator("#publish-session")).ToHaveCountAsync(0);

        var newestAudit = await app.ReadAsync(db => db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync());
        await convener.GotoAsync("/audit");
        await convener.WaitForCircuitAsync();
        await Assertions.Expect(convener.Locator("body")).ToContainTextAsync(Shown(newestAudit.AtUtc));
        await AssertTimeElementsAsync(convener);
        await convener.ScreenshotAsync("times-audit");

        await using var phone = await app.NewContextAsync(phone: true);
        var delegate01 = await phone.NewPageAsync();
        await delegate01.SignInAsync("delegate01");
        await delegate01.WaitForCircuitAsync();
        var notice = await app.ReadAsync(db => db.Notices.Where(n => n.Link == $"/sessions/{app.WinterId}").FirstAsync());
        Assert.Equal($"会议通知：{TimeSweepApp.WinterTitle}，{Formal(app.WinterScheduledUtc)} 06:00，{TimeSweepApp.WinterPlace}", notice.Title);
        await Assertions.Expect(delegate01.Locator(".notices")).ToContainTextAsync(notice.Title + " " + Shown(notice.CreatedUtc));
        await Assertions.Expect(delegate01.Locator("body")).ToContainTextAsync(Shown(app.LiveScheduledUtc));
        await delegate01.ScreenshotAsync("times-dashboard-phone");

        await delegate01.GotoAsync($"/sessions/{app.LiveId}");
        await delegate01.WaitForCircuitAsync();
        await Assertions.Expect(delegate01.Locator("body")).ToContainTextAsync(Shown(app.LiveScheduledUtc));
        await delegate01.ScreenshotAsync("times-live-phone");

        await delegate01.GotoAsync("/committee");
        await delegate01.WaitForCircuitAsync();
        await Assertions.Expect(delegate01.Locator(".committee")).ToContainTextAsync(Day(app.CommitteeSinceUtc) + "起任职");

        // English: the same moment, in English's one format.
        await delegate01.GotoAsync($"/culture/en?returnUrl=/sessions/{app.LiveId}");
        await delegate01.ArriveAtAsync($"**/sessions/{app.LiveId}");
        await delegate01.WaitForCircuitAsync();
        await Assertions.Expect(delegate01.Locator("body")).ToContainTextAsync(China(app.LiveScheduledUtc).ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en")));
        await delegate01.ScreenshotAsync("times-live-phone-en");
    }

    [Fact]
    public async Task Projector_CountsDownTheFloorFromItsOffsetDeadline()
    {
        await using var hall = await app.NewContextAsync(phone: false, width: 1920, height: 1080);
        var projector = await hall.NewPageAsync();

        await projector.GotoAsync($"/projector/{app.ProjectorToken}");
        await projector.WaitForCircuitAsync();

        // One hour on the floor, given just before the app started: 50 to 60 minutes left, not hours off.
        await Assertions.Expect(projector.Locator(".projector-countdown")).ToHaveTextAsync(new Regex(@"^(5\d|60):\d\d$"));
        await projector.ScreenshotAsync("times-projector-1920");
    }

    [Fact]
    public async Task PublicPages_ShowEveryTimeInChina()
    {
        await using var phone = await app.NewContextAsync(phone: true);
        var page = await phone.NewPageAsync();

        await page.GotoAsync("/s/shiyan");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync(Shown(app.LiveScheduledUtc));
        await AssertTimeElementsAsync(page);
        await page.ScreenshotAsync("times-public-street");

        await page.GotoAsync($"/s/shiyan/resolutions/{app.ResolutionNumber}");
        await Assertions.Expect(page.Locator(".doc-date")).ToContainTextAsync(Formal(app.ResolutionSessionUtc));
        await AssertTimeElementsAsync(page);
        await page.ScreenshotAsync("times-public-resolution");

        await page.GotoAsync("/s/shiyan/opinions");
        Assert.True(await AssertTimeElementsAsync(page) > 0);
        await page.ScreenshotAsync("times-public-opinions");
    }

    [Fact]
    public async Task Api_OfTheAppFarFromChina_SendsEveryTimeWithItsOffset()
    {
        var token = await app.Node.TokenAsync("delegate01");

        var sessions = await AppFactory.GetJsonAsync(app.Node.Http, "/api/sessions", token);
        var live = await AppFactory.GetJsonAsync(app.Node.Http, $"/api/sessions/{app.LiveId}/live", token);

        var scheduled = sessions.EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == app.LiveId).GetProperty("scheduledUtc").GetString()!;
        Assert.Matches(WithOffset(), scheduled);
        Assert.Equal(app.LiveScheduledUtc, DateTimeOffset.Parse(scheduled, CultureInfo.InvariantCulture).UtcDateTime);
        Assert.Matches(WithOffset(), live.GetProperty("scheduledUtc").GetString()!);
        Assert.All(live.GetProperty("speakers").EnumerateArray(), s => Assert.Matches(WithOffset(), s.GetProperty("deadlineUtc").GetString()!));
    }

    /// <summary>
    /// Every <c>time</c> element: its machine-readable value is a date, or a moment with its offset, and the text shows
    /// that moment in China. Returns how many moments (not dates alone) the page holds.
    /// </summary>
    private static async Task<int> AssertTimeElementsAsync(IPage page)
    {
        var moments = 0;
        foreach (var time in await page.Locator("time[datetime]").AllAsync())
        {
            var value = (await time.GetAttributeAsync("datetime"))!;
            var text = (await time.TextContentAsync())!;
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                continue;
            }
            Assert.Matches(WithOffset(), value);
            var utc = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).UtcDateTime;
            Assert.Contains(text.Contains(':') ? Clock(utc) : Day(utc), text, StringComparison.Ordinal);
            moments++;
        }
        return moments;
    }

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateTime China(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Shanghai);

    private static string Shown(DateTime utc) => China(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Day(DateTime utc) => China(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Clock(DateTime utc) => China(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Formal(DateTime utc) => $"{China(utc).Year}年{China(utc).Month}月{China(utc).Day}日";

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex WithOffset();
}

/// <summary>
/// The app as its own process with <c>TZ=Pacific/Auckland</c> on a copy of the demo, prepared before it starts: the
/// floor given on the live session for an hour, a winter session at 22:00 UTC (06:00 the next day in China) left to
/// publish, a session adjourned at once, and a committee elected at 17:30 UTC (the next day in China).
/// </summary>
public sealed class TimeSweepApp : IAsyncLifetime
{
    public const string WinterTitle = "冬季例会";

    public const string WinterPlace = "街道礼堂";

    private ServiceProvider _services = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public NodeProcess Node { get; private set; } = null!;

    /// <summary>Errors the app process logged and the browsers showed.</summary>
    public ErrorLog Errors { get; } = new();

    private int _outputRead;

    /// <summary>Adds the app process's error lines written since the last call.</summary>
    public void CollectNodeErrors()
    {
        var output = Node.Output;
        foreach (var line in output[_outputRead..].Split('\n').Where(l => l.Contains(" fail: ") || l.Contains(" crit: ")))
        {
            Errors.Add("app process: " + line.Trim());
        }
        _outputRead = output.Length;
    }

    public int LiveId { get; private set; }

    public DateTime LiveScheduledUtc { get; private set; }

    public int WinterId { get; private set; }

    public int AdjournedId { get; private set; }

    public DateTime AdjournedScheduledUtc { get; private set; }

    public DateTime WinterScheduledUtc { get; private set; }

    public DateTime CommitteeSinceUtc { get; private set; }

    public string ProjectorToken { get; private set; } = "";

    public string ResolutionNumber { get; private set; } = "";

    public DateTime ResolutionSessionUtc { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var path = await TestDatabase.CopyTemplateAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:CongressHub"] = $"Data Source={path}" }).Build();
        _services = Domain.DependencyInjection.AddCongressDomain(new ServiceCollection().AddLogging(), config, Path.GetDirectoryName(path)!).BuildServiceProvider();
        await PrepareAsync();
        Node = await NodeProcess.StartOnSqliteAsync(path, new Dictionary<string, string> { ["TZ"] = "Pacific/Auckland" });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(BrowserFixture.LaunchOptions);
    }

    /// <summary>A browser profile in Los Angeles: a desktop window (or a given size), or a 360 px phone.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool phone, int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(phone
            ? new BrowserNewContextOptions { BaseURL = Node.Url, TimezoneId = "America/Los_Angeles", ViewportSize = new ViewportSize { Width = 360, Height = 780 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 }
            : new BrowserNewContextOptions { BaseURL = Node.Url, TimezoneId = "America/Los_Angeles", ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.Page += (_, page) => BrowserFixture.Watch(page, Errors);
        return context;
    }

    public async Task<T> ReadAsync<T>(Func<CongressDbContext, Task<T>> read)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    private async Task PrepareAsync()
    {
        var sessions = _services.GetRequiredService<SessionService>();
        var snapshots = _services.GetRequiredService<SnapshotBuilder>();
        var convener = await ActorAsync("convener");
        LiveId = (await sessions.ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var snapshot = await snapshots.ReadAsync(convener, LiveId);
        LiveScheduledUtc = snapshot.ScheduledUtc;

        var speaker = await ActorAsync("delegate02");
        await sessions.CheckInAsync(speaker, LiveId);
        foreach (var a in (await sessions.ListAttendanceAsync(convener, LiveId)).Where(a => a.DelegateId != speaker.DelegateId).Take(snapshot.Quorum.Required - 1))
        {
            await sessions.MarkAttendanceAsync(convener, LiveId, a.DelegateId, AttendanceStatus.Present);
        }
        await sessions.StartItemAsync(convener, LiveId, snapshot.Items[0].Id);
        await sessions.SetSpeakingLimitAsync(convener, LiveId, 3600);
        await sessions.RequestFloorAsync(speaker, LiveId);
        var request = (await snapshots.ReadAsync(convener, LiveId)).Speakers.Single().RequestId;
        await sessions.GiveFloorAsync(convener, LiveId, request);
        ProjectorToken = await sessions.GetProjectorTokenAsync(convener, LiveId);

        var day = DateTime.UtcNow.Date.AddDays(10);
        WinterScheduledUtc = DateTime.SpecifyKind(day.AddHours(22), DateTimeKind.Utc);
        WinterId = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, WinterTitle, WinterScheduledUtc, WinterPlace), withTemplate: true);

        // A session held earlier today and adjourned, whose minutes the convener drafts from the log.
        AdjournedScheduledUtc = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddHours(-1), DateTimeKind.Utc);
        AdjournedId = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Extraordinary, "临时会议", AdjournedScheduledUtc, WinterPlace), withTemplate: false);
        await sessions.AddItemAsync(convener, AdjournedId, new AgendaItemInput(AgendaItemType.Other, "通报紧急事项", null, null, 20));
        await sessions.PublishAsync(convener, AdjournedId);
        await sessions.StartAsync(convener, AdjournedId);
        await sessions.AdjournAsync(convener, AdjournedId);

        await using var db = await _services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        var streetId = convener.StreetId!.Value;
        var vote = await db.Votes.Where(v => v.StreetId == streetId).Select(v => v.Id).FirstAsync();
        var members = await db.Delegates.Where(d => d.StreetId == streetId && d.TermId == snapshot.TermId).OrderBy(d => d.Id).Take(3).ToListAsync();
        // A committee elected at 17:30 UTC in place of the demo's, so that its first day is the next day in China.
        await db.CommitteeMembers.Where(m => m.StreetId == streetId && m.TermId == snapshot.TermId).ExecuteDeleteAsync();
        CommitteeSinceUtc = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(-20).AddHours(17).AddMinutes(30), DateTimeKind.Utc);
        db.CommitteeMembers.AddRange(members.Select((d, i) => CommitteeMember.Elected(streetId, d.TermId, d.Name, d, vote, 30 - i, CommitteeSinceUtc)));
        await db.SaveChangesAsync();

        var resolution = await db.Resolutions.Where(r => r.StreetId == streetId && r.Number != null).OrderBy(r => r.AdoptedUtc).FirstAsync();
        ResolutionNumber = resolution.Number!;
        ResolutionSessionUtc = await db.Sessions.Where(s => s.Id == resolution.SessionId).Select(s => s.ScheduledUtc).SingleAsync();
    }

    private async Task<Actor> ActorAsync(string userName)
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<CongressUser>>();
        return Actor.FromPrincipal(await factory.CreateAsync((await users.FindByNameAsync(userName))!))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
