using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>
/// The hall projector fits one screen, at 1920×1080 and at 1280×720, in every state of a session: attendance always in
/// view, nothing scrolled or cut off, and each thing said once. It runs the demo's live session to its end, so it has an
/// app of its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ProjectorScreenTests(ProjectorScreenTests.OwnApp own) : BrowserTest, IClassFixture<ProjectorScreenTests.OwnApp>
{
    protected override ErrorLog Errors => own.Browser.Errors;

    private static readonly (int Width, int Height)[] Sizes = [(1920, 1080), (1280, 720)];

    // What a person in the hall would miss: attendance out of view, a page that scrolls, or a box that cuts off its text.
    private const string Fit = """
        () => {
          const box = document.querySelector('#projector-attendance')?.getBoundingClientRect();
          const root = document.documentElement;
          const clipped = [...document.querySelectorAll('.projector, .projector *')]
            .filter(el => el.getClientRects().length > 0)
            .filter(el => { const s = getComputedStyle(el); return s.overflowX !== 'visible' || s.overflowY !== 'visible'; })
            .filter(el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
            .map(el => `${el.tagName.toLowerCase()}.${el.className} (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
          return {
            attendanceInView: !!box && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
            scrollsDown: root.scrollHeight > innerHeight,
            scrollsAcross: root.scrollWidth > innerWidth,
            clipped,
          };
        }
        """;

    private App Services => new(own.Browser.App.Services);

    [Fact]
    public async Task EveryStateOfASession_FitsTheScreen_AttendanceAlwaysInView_EachThingSaidOnce()
    {
        var s = Services;
        var convener = await SignInTests.ActorOf(own.Browser.App, "convener");
        var id = (await s.Sessions.ListSessionsAsync(convener)).Single(x => x.Status == SessionStatus.Live && x.Title.Contains("季度")).Id;
        var agenda = await s.Snapshots.ReadAsync(convener, id);
        if (agenda.CurrentItemId is not null)
        {
            await s.Sessions.FinishItemAsync(convener, id);
        }
        var roster = await s.Sessions.ListAttendanceAsync(convener, id);
        foreach (var row in roster.Take(26))
        {
            await s.Sessions.MarkAttendanceAsync(convener, id, row.DelegateId, AttendanceStatus.Present);
        }
        var delegates = new List<Actor>();
        foreach (var row in roster.Take(6))
        {
            delegates.Add(await ActorOfDelegateAsync(row.DelegateId));
        }
        var token = await s.Sessions.GetProjectorTokenAsync(convener, id);
        var screens = new List<IPage>();
        foreach (var (width, height) in Sizes)
        {
            var context = await own.Browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = own.Browser.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            BrowserFixture.Watch(page, own.Browser.Errors);
            await page.GotoAsync($"/projector/{token}");
            await page.WaitForCircuitAsync();
            screens.Add(page);
        }

        await ShowsAsync(screens, "idle", p => Assertions.Expect(p.Locator("#projector-item")).ToHaveTextAsync("议程间歇，请稍候。"));

        await s.Sessions.StartItemAsync(convener, id, agenda.Items.Single(i => i.Type == AgendaItemType.FollowUpReport).Id);
        await ShowsAsync(screens, "followup", async p =>
        {
            await Assertions.Expect(p.Locator(".projector-followup .followup-row:not([hidden])").First).ToBeVisibleAsync();
            // The long list turns its pages by itself, and says which page it shows.
            await Assertions.Expect(p.Locator(".projector-followup[data-page]")).ToHaveAttributeAsync("data-page", new System.Text.RegularExpressions.Regex(@"^\d+ / \d+$"));
        });

        await s.Sessions.StartItemAsync(convener, id, agenda.Items.First(i => i.Type == AgendaItemType.FloorSpeeches).Id);
        foreach (var d in delegates.Take(5))
        {
            await s.Sessions.RequestFloorAsync(d, id);
        }
        var first = (await s.Snapshots.ReadAsync(convener, id)).Waiting.First();
        await s.Sessions.GiveFloorAsync(convener, id, first.RequestId);
        var department = (await s.Tracking.ChoicesAsync(delegates[5])).Departments[0].Id;
        const string question = "老旧小区加装电梯的补贴政策什么时候出台？去年的会议上已经提过一次，街道答复说正在研究，今年居民又问了很多次，希望科室给出明确的时间表和申请办法。";
        var asked = await s.Hall.AskAsync(delegates[5], id, new QuestionInput(question, department));
        await s.Hall.ShowOnProjectorAsync(convener, id, asked);
        await ShowsAsync(screens, "floor", async p =>
        {
            await Assertions.Expect(p.Locator("#projector-speaker")).ToContainTextAsync(first.Name);
            await Assertions.Expect(p.Locator(".projector-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d\d$"));
            await Assertions.Expect(p.Locator("#projector-question")).ToContainTextAsync(question);
            await Assertions.Expect(p.Locator(".projector-next")).ToBeVisibleAsync();
        });

        // English says the same in longer words, and still fits the smaller screen.
        var small = screens[1];
        await small.GotoAsync($"/culture/en?returnUrl={Uri.EscapeDataString($"/projector/{token}")}");
        await small.ArriveAtAsync($"**/projector/{token}");
        await small.WaitForCircuitAsync();
        await ShowsAsync([small], "floor-en", p => Assertions.Expect(p.Locator(".projector-next")).ToContainTextAsync("Next"));
        await small.GotoAsync($"/culture/zh-CN?returnUrl={Uri.EscapeDataString($"/projector/{token}")}");
        await small.ArriveAtAsync($"**/projector/{token}");
        await small.WaitForCircuitAsync();

        await s.Hall.ShowOnProjectorAsync(convener, id, null);
        var motion = agenda.Items.Single(i => i.MotionId is not null);
        var voteId = await s.Voting.OpenOnMotionAsync(convener, motion.MotionId!.Value, secret: false, MajorityRule.HalfOfPresent);
        foreach (var (d, choice) in delegates.Zip([VoteChoice.Yes, VoteChoice.Yes, VoteChoice.No]))
        {
            await s.Voting.CastAsync(d, voteId, choice);
        }
        await ShowsAsync(screens, "vote-open", async p =>
        {
            await Assertions.Expect(p.Locator("#vote-count")).ToContainTextAsync("3 / 26");
            Assert.Equal(1, await OccurrencesAsync(p, motion.Title));
            // The hall screen's announcer says it too, for anyone following it with a screen reader.
            await Assertions.Expect(p.Locator("#announce-assertive")).ToContainTextAsync("表决开始");
        });

        await s.Voting.CloseAsync(convener, voteId);
        await ShowsAsync(screens, "vote-closed", async p =>
        {
            await Assertions.Expect(p.Locator("#vote-verdict")).ToHaveTextAsync("未通过");
            Assert.Equal(1, await OccurrencesAsync(p, motion.Title));
        });

        await s.Sessions.AdjournAsync(convener, id);
        await ShowsAsync(screens, "adjourned", async p =>
        {
            await Assertions.Expect(p.Locator("#projector-item")).ToHaveTextAsync("已闭会");
            Assert.Equal(1, await OccurrencesAsync(p, "已闭会"));
        });
        foreach (var screen in screens)
        {
            await screen.Context.DisposeAsync();
        }
    }

    /// <summary>On every screen: waits for what the state shows, then checks it fits, runs axe and keeps a screenshot.</summary>
    private static async Task ShowsAsync(IEnumerable<IPage> screens, string state, Func<IPage, Task> expect)
    {
        foreach (var page in screens)
        {
            await expect(page);
            var fit = await FitAsync(page);
            var size = page.ViewportSize!;
            await page.ScreenshotAsync($"projector-{state}-{size.Width}x{size.Height}", fullPage: false);
            var where = $"{state} at {size.Width}×{size.Height}";
            Assert.True(fit.GetProperty("attendanceInView").GetBoolean(), $"{where}: attendance is out of view");
            Assert.False(fit.GetProperty("scrollsDown").GetBoolean(), $"{where}: the page scrolls down");
            Assert.False(fit.GetProperty("scrollsAcross").GetBoolean(), $"{where}: the page scrolls across");
            Assert.True(fit.GetProperty("clipped").GetArrayLength() == 0, $"{where}: cut off: {fit.GetProperty("clipped")}");
            await page.AssertAccessibleAsync();
        }
    }

    /// <summary>The screen's fit once it has laid itself out (it pages and shrinks after each change); the last reading if it never fits.</summary>
    private static async Task<JsonElement> FitAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => {{ const f = ({Fit})(); return f.attendanceInView && !f.scrollsDown && !f.scrollsAcross && f.clipped.length === 0; }}",
                null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Reported below, with what does not fit.
        }
        return await page.EvaluateAsync<JsonElement>(Fit);
    }

    /// <summary>How often the screen shows a text; the announcer's words are for screen readers, not the screen.</summary>
    private static Task<int> OccurrencesAsync(IPage page, string text) =>
        page.EvaluateAsync<int>("t => document.querySelector('.projector').innerText.split(t).length - 1", text);

    private async Task<Actor> ActorOfDelegateAsync(int delegateId)
    {
        await using var db = own.Browser.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CongressDbContext>>().CreateDbContext();
        var userName = db.Users.Where(u => u.DelegateId == delegateId).Select(u => u.UserName).Single()!;
        return await SignInTests.ActorOf(own.Browser.App, userName);
    }

    private sealed record App(IServiceProvider Provider)
    {
        public SessionService Sessions => Provider.GetRequiredService<SessionService>();

        public SnapshotBuilder Snapshots => Provider.GetRequiredService<SnapshotBuilder>();

        public TrackingService Tracking => Provider.GetRequiredService<TrackingService>();

        public HallQuestionService Hall => Provider.GetRequiredService<HallQuestionService>();

        public VotingService Voting => Provider.GetRequiredService<VotingService>();
    }

    /// <summary>An app and a browser for this class alone: the session it runs ends adjourned.</summary>
    public sealed class OwnApp : IAsyncLifetime
    {
        public BrowserFixture Browser { get; } = new();

        public ValueTask InitializeAsync() => Browser.InitializeAsync();

        public ValueTask DisposeAsync() => Browser.DisposeAsync();
    }
}
