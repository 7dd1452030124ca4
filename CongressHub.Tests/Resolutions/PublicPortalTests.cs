using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CongressHub.Domain.Common;
using CongressHub.Domain.Resolutions;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Resolutions;

/// <summary>The residents' portal over HTTP, without signing in: pages, feed, sitemap, comments, and what must never leak.</summary>
public partial class PublicPortalTests : FreshAppTest
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>The demo's draft: adopted, its vote's result published, its wording edited once and not yet published.</summary>
    private const string DraftTitle = "关于规范小区内快递柜设置的决议";

    /// <summary>Words of the draft's text, as adopted and as edited.</summary>
    private const string DraftWords = "不得占用消防通道和绿地";

    // The demo street's resolutions of last quarter: carried out with its notice over, in progress, in its notice now.
    private string Done => App.DemoResolution(1);

    private string InProgress => App.DemoResolution(2);

    private string InNotice => App.DemoResolution(3);

    [Fact]
    public async Task EveryPublicPage_RendersWithoutSignIn_WithTitleDescriptionAndTheFeedAnnounced()
    {
        var urls = (await PublicSitemap.UrlsAsync(Client)).Select(u => new Uri(u).PathAndQuery).ToList();
        Assert.Contains("/s/shiyan/resolutions", urls);
        Assert.Contains($"/s/shiyan/resolutions/{Done}", urls);
        Assert.Contains($"/s/shiyan/resolutions/{InNotice}", urls);
        Assert.Contains(urls, u => u.StartsWith("/s/shiyan/sessions/", StringComparison.Ordinal) && u.EndsWith("/minutes", StringComparison.Ordinal));

        foreach (var url in urls.Where(u => u.StartsWith("/s/", StringComparison.Ordinal)))
        {
            var response = await Client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {response.StatusCode}");
            var slug = url.Split('/')[2];
            Assert.Contains($"<link rel=\"alternate\" type=\"application/atom&#x2B;xml\" title=\"决议与公示（Atom 订阅）\" href=\"/s/{slug}/feed.atom\" />", html);
            Assert.Matches("<title>[^<]+</title>", html);
            Assert.Contains("<meta name=\"description\" content=\"", html);
            Assert.DoesNotContain("blazor.web.js", html); // static: no circuit needed to read
        }
    }

    [Fact]
    public async Task ResolutionPage_ShowsNumberVoteResponsibleAndItsHistory()
    {
        var html = await Client.GetStringAsync($"/s/shiyan/resolutions/{Done}");

        Assert.Contains($"决议编号 {Done}", html);
        Assert.Contains("关于打通和平里至春晖小区消防通道的议案", html);
        Assert.Contains("赞成 33 票，反对 1 票，弃权 2 票", html);
        Assert.Contains("城市管理科", html);
        Assert.Contains("80% · 通道已打通", html);
        Assert.Contains("已办结", html);
        // The notice is over: how many comments came in and how they were handled; the rejected one is not shown.
        Assert.Contains("公示期内共收到意见 3 条，公开 2 条，未公开 1 条。", html);
        Assert.Contains("采纳2条", html);
        Assert.DoesNotContain("专业疏通下水道", html);
        Assert.DoesNotContain("id=\"submit-comment\"", html);
        // Lower case or with spaces, the number still finds it.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/s/shiyan/resolutions/" + Done.ToLowerInvariant())).StatusCode);
    }

    [Fact]
    public async Task Drafts_NeverLeak_ThroughListSearchDetailFeedOrSitemap()
    {
        await using (var db = NewContext())
        {
            var draft = await db.Resolutions.SingleAsync(r => r.Status == ResolutionStatus.Draft);
            Assert.Equal(DraftTitle, draft.Title);
            Assert.Null(draft.Number);
            Assert.True(await db.ResolutionVersions.AnyAsync(v => v.ResolutionId == draft.Id));
            Assert.False((await db.TrackedItems.SingleAsync(i => i.Id == draft.ImplementationId)).Publishable);
        }

        var list = await Client.GetStringAsync("/s/shiyan/resolutions");
        // The motions' three and this year's three livelihood projects.
        Assert.Contains("共 6 项决议", list);
        Assert.DoesNotContain("快递柜", list);
        var search = await Client.GetStringAsync("/s/shiyan/resolutions?q=" + Uri.EscapeDataString("快递柜"));
        Assert.Contains("id=\"no-items\"", search);
        Assert.DoesNotContain(DraftTitle, search); // the search box keeps the words; no result carries them
        Assert.Contains("id=\"no-items\"", await Client.GetStringAsync("/s/shiyan/resolutions?q=" + Uri.EscapeDataString(DraftWords)));
        foreach (var guess in new[] { App.DemoResolution(7), App.DemoResolution(0), "draft", "7" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/s/shiyan/resolutions/{guess}")).StatusCode);
        }
        Assert.DoesNotContain("快递柜", await Client.GetStringAsync("/s/shiyan/feed.atom"));
        Assert.DoesNotContain("快递柜", await Client.GetStringAsync("/s/shiyan"));
        Assert.DoesNotContain(await PublicSitemap.UrlsAsync(Client), u => u.Contains(App.DemoResolution(7), StringComparison.Ordinal));
        Assert.DoesNotContain("快递柜", await Client.GetStringAsync("/s/shiyan/opinions"));
    }

    [Fact]
    public async Task Feed_IsAtom_ThatAnOrdinaryReaderParses()
    {
        var response = await Client.GetAsync("/s/shiyan/feed.atom");
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var xml = await response.Content.ReadAsStringAsync();

        var doc = XDocument.Parse(xml);
        var feed = doc.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        foreach (var required in new[] { "id", "title", "updated" })
        {
            Assert.Single(feed.Elements(Atom + required));
        }
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        var entries = feed.Elements(Atom + "entry").ToList();
        // Six published resolutions (three of them livelihood projects), and the openings of the two notices that have started.
        Assert.Equal(8, entries.Count);
        foreach (var entry in entries)
        {
            Assert.Single(entry.Elements(Atom + "id"));
            Assert.Single(entry.Elements(Atom + "title"));
            Assert.True(DateTimeOffset.TryParse(entry.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
            Assert.StartsWith("http://", entry.Element(Atom + "link")!.Attribute("href")!.Value);
        }
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());

        using var reader = XmlReader.Create(new StringReader(xml));
        var parsed = SyndicationFeed.Load(reader);
        Assert.Contains(parsed.Items, i => i.Title.Text.Contains(InNotice, StringComparison.Ordinal) && i.Title.Text.StartsWith("公示", StringComparison.Ordinal));
        Assert.Contains(parsed.Items, i => i.Links.Any(l => l.Uri.AbsolutePath == $"/s/shiyan/resolutions/{Done}"));
    }

    [Theory]
    [InlineData("/s/nowhere")]
    [InlineData("/s/nowhere/resolutions")]
    [InlineData("/s/nowhere/resolutions/2026-Q3-01")]
    [InlineData("/s/nowhere/feed.atom")]
    [InlineData("/s/shiyan/resolutions/2099-Q1-01")]
    public async Task UnknownStreetOrResolution_IsALocalizedNotFoundPage(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到页面", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Comment_DuringTheNotice_IsHeldForModeration_ThenShownOnceApproved()
    {
        var form = await OpenAsync(InNotice);
        var response = await PostAsync(form, "楼道里加装电梯后，请保留一楼的自行车停放位置。");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"/s/shiyan/resolutions/{InNotice}?sent=1", AppFactory.Where(response));
        var page = await Client.GetStringAsync($"/s/shiyan/resolutions/{InNotice}?sent=1");
        Assert.Contains("id=\"comment-sent\"", page);
        Assert.DoesNotContain("请保留一楼的自行车停放位置", page);

        int id;
        await using (var db = NewContext())
        {
            var stored = await db.ResolutionComments.SingleAsync(c => c.Text == "楼道里加装电梯后，请保留一楼的自行车停放位置。");
            Assert.Equal(CommentStatus.Pending, stored.Status);
            id = stored.Id;
        }
        var convener = await Accounts.SignInTests.ActorOf(App, "convener");
        await App.Services.GetRequiredService<ResolutionService>().ModerateAsync(convener, id, approve: true, "已转社区，方案中将保留非机动车位。");

        var after = await Client.GetStringAsync($"/s/shiyan/resolutions/{InNotice}");
        Assert.Contains("楼道里加装电梯后，请保留一楼的自行车停放位置。", after);
        Assert.Contains("已转社区，方案中将保留非机动车位。", after);
    }

    [Theory]
    [InlineData("", "请填写“意见”。")]
    [InlineData("   ", "请填写“意见”。")]
    [InlineData("<script>alert(1)</script>好", "不能包含 HTML 标签或脚本")]
    [InlineData("请看 <a href=\"x\">这里</a>", "不能包含 HTML 标签或脚本")]
    [InlineData("[点我](javascript:alert(1))", "不能包含 HTML 标签或脚本")]
    public async Task BadComment_IsRefusedWithAMessage_AndNothingIsStored(string text, string message)
    {
        var response = await PostAsync(await OpenAsync(InNotice), text);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains("aria-invalid", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Equal(2, await CommentCountAsync(InNotice));
    }

    [Fact]
    public async Task TooLongComment_IsRefused()
    {
        var response = await PostAsync(await OpenAsync(InNotice), new string('长', ResolutionComment.TextMaxLength + 1));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"最多 {ResolutionComment.TextMaxLength} 个字", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, await CommentCountAsync(InNotice));
    }

    [Fact]
    public async Task WrongSum_IsRefused_AndTheResidentKeepsTheirText()
    {
        var form = await OpenAsync(InNotice);
        var response = await PostAsync(form with { A = form.A + 1 }, "算错了验证题的意见");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("算错了验证题的意见", html);
        Assert.Equal(2, await CommentCountAsync(InNotice));
    }

    [Fact]
    public async Task TamperedCheck_IsRefused_AndTheResidentKeepsTheirText()
    {
        var form = await OpenAsync(InNotice);

        var response = await PostAsync(form with { CheckToken = "not-a-token" }, "改过验证题的意见");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("验证问题已失效", html);
        Assert.Contains("改过验证题的意见</textarea>", html);
        Assert.Equal(2, await CommentCountAsync(InNotice));
    }

    [Fact]
    public async Task ReplayingASolvedQuestion_IsRefused()
    {
        var form = await OpenAsync(InNotice);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(form, "第一次提交的意见")).StatusCode);

        var again = await PostAsync(form, "重放同一个验证题的意见");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("验证问题已失效", await again.Content.ReadAsStringAsync());
        Assert.Equal(3, await CommentCountAsync(InNotice));
    }

    [Fact]
    public async Task Flood_IsRefusedWith429_AfterTheHourlyAllowance()
    {
        await using var strict = App.WithWebHostBuilder(b => b.UseSetting("PublicForms:CommentsPerHour", "1"));
        using var client = strict.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var first = await PostAsync(await OpenAsync(InNotice, client), "第一条意见", client);
        var second = await PostAsync(await OpenAsync(InNotice, client), "第二条意见", client);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Contains("第二条意见", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OutsideItsNotice_AResolutionTakesNoComments()
    {
        var html = await Client.GetStringAsync($"/s/shiyan/resolutions/{InProgress}");
        Assert.DoesNotContain("id=\"submit-comment\"", html);

        var service = App.Services.GetRequiredService<ResolutionService>();
        var closed = await Assert.ThrowsAsync<DomainException>(() => service.CommentAsync("shiyan", Done, "公示结束后才来的意见"));
        Assert.Contains("不在公示期内", closed.Message);
        await Assert.ThrowsAsync<DomainException>(() => service.CommentAsync("shiyan", InProgress, "没有公示的决议"));
        await Assert.ThrowsAsync<NotFoundException>(() => service.CommentAsync("xinghai", InNotice, "别的街道"));
    }

    [Fact]
    public async Task APageKeptInMemory_ShowsAChangeAtTheNextRequest()
    {
        var url = $"/s/shiyan/resolutions/{InProgress}";
        var first = await Client.GetStringAsync(url);
        Assert.Equal(first, await Client.GetStringAsync(url));
        Assert.Contains("60% · ", first);

        var tracking = App.Services.GetRequiredService<Domain.Tracking.TrackingService>();
        var convener = await Accounts.SignInTests.ActorOf(App, "convener");
        var resolutions = App.Services.GetRequiredService<ResolutionService>();
        var id = (await resolutions.ListAsync(convener)).Single(r => r.Number == InProgress).Id;
        await tracking.RecordProgressAsync(convener, (await resolutions.GetAsync(convener, id)).ImplementationId, 75, "和平社区助餐点开业");

        Assert.Contains("75% · 和平社区助餐点开业", await Client.GetStringAsync(url));
        Assert.Contains("办理进度 75%", await Client.GetStringAsync("/s/shiyan/resolutions"));
    }

    [Fact]
    public async Task UnknownQueryStrings_AreServedFromTheKeptPage_WhileAPagesOwnParametersAreNot()
    {
        var kept = await Client.GetAsync("/s/shiyan/resolutions", TestContext.Current.CancellationToken);
        var stray = await Client.GetAsync("/s/shiyan/resolutions?utm_source=chat&r=" + Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);
        var detail = $"/s/shiyan/resolutions/{Done}";
        await Client.GetAsync(detail, TestContext.Current.CancellationToken);
        var strayDetail = await Client.GetAsync(detail + "?x=" + Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);
        var filtered = await Client.GetAsync("/s/shiyan/resolutions?stage=Done&utm_source=chat", TestContext.Current.CancellationToken);

        // The output cache answers a kept page with its age; a page rendered for this request has none.
        Assert.Null(kept.Headers.Age);
        Assert.NotNull(stray.Headers.Age);
        Assert.Equal(await kept.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await stray.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(strayDetail.Headers.Age);
        Assert.Null(filtered.Headers.Age);
        Assert.Contains("共 2 项决议", await filtered.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Search_FindsByWordsAndNumber_AndFiltersByStage()
    {
        Assert.Contains(InNotice, await Client.GetStringAsync("/s/shiyan/resolutions?q=" + Uri.EscapeDataString("电梯")));
        var byNumber = await Client.GetStringAsync("/s/shiyan/resolutions?q=" + InProgress[5..].ToLowerInvariant());
        Assert.Contains("共 1 项决议", byNumber);
        Assert.Contains("老年人助餐点", byNumber);
        var done = await Client.GetStringAsync("/s/shiyan/resolutions?stage=Done");
        // The fire lane, and this year's fire-safety project.
        Assert.Contains("共 2 项决议", done);
        Assert.Contains(Done, done);
        var notice = await Client.GetStringAsync("/s/shiyan/resolutions?stage=InNotice");
        Assert.Contains("共 1 项决议", notice);
        Assert.Contains(InNotice, notice);
        // A hand-edited address with stray values shows the whole list.
        Assert.Contains("共 6 项决议", await Client.GetStringAsync("/s/shiyan/resolutions?stage=42&year=x&session=-1&page=abc"));
    }

    [Fact]
    public async Task Search_ByOneCharacter_FindsEveryResolutionWithIt_AndAWordNoneHas_ShowsNone()
    {
        var lifts = await Client.GetStringAsync("/s/shiyan/resolutions?q=" + Uri.EscapeDataString("梯"));
        Assert.Contains(InNotice, lifts);
        Assert.DoesNotContain(Done, lifts);
        var none = await Client.GetStringAsync("/s/shiyan/resolutions?q=" + Uri.EscapeDataString("没有这样的词语"));
        Assert.Contains("id=\"no-items\"", none);
    }

    // ---- helpers

    private sealed record CommentForm(string Url, string Antiforgery, string CheckToken, int A, int B);

    private CongressDbContext NewContext() => App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContext();

    private async Task<CommentForm> OpenAsync(string number, HttpClient? client = null)
    {
        var url = $"/s/shiyan/resolutions/{number}";
        var html = await (client ?? Client).GetStringAsync(url);
        var question = QuestionPattern().Match(html);
        Assert.True(question.Success, "No check question on the comment form.");
        var token = CheckTokenPattern().Match(html);
        return new CommentForm(url, AppFactory.Antiforgery(html), WebUtility.HtmlDecode(token.Groups[1].Value),
            int.Parse(question.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(question.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private async Task<HttpResponseMessage> PostAsync(CommentForm form, string text, HttpClient? client = null) =>
        await (client ?? Client).PostAsync(form.Url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Antiforgery,
            ["_handler"] = "comment",
            ["Form.Text"] = text,
            ["Form.CheckToken"] = form.CheckToken,
            ["Form.CheckAnswer"] = (form.A + form.B).ToString(CultureInfo.InvariantCulture),
        }));

    private async Task<int> CommentCountAsync(string number)
    {
        await using var db = NewContext();
        return await db.ResolutionComments.CountAsync(c => db.Resolutions.Any(r => r.Id == c.ResolutionId && r.Number == number));
    }

    [GeneratedRegex("id=\"check-question\">\\D*?(\\d+)\\D+?(\\d+)")]
    private static partial Regex QuestionPattern();

    [GeneratedRegex("name=\"Form.CheckToken\" value=\"([^\"]+)\"")]
    private static partial Regex CheckTokenPattern();
}
