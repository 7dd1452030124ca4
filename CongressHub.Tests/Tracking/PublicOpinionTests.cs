using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Tracking;

/// <summary>The residents' side of the closed loop over HTTP: the public opinion form and the public follow-up list.</summary>
public partial class PublicOpinionTests : FreshAppTest
{
    private const string FormUrl = "/s/shiyan/opinions/new";
    private const string ListUrl = "/s/shiyan/opinions";

    private TrackingService Tracking => App.Services.GetRequiredService<TrackingService>();

    private FollowUpService FollowUp => App.Services.GetRequiredService<FollowUpService>();

    [Fact]
    public async Task Submit_WithTheRightAnswer_StoresTheOpinion_AndShowsTheConfirmation()
    {
        var form = await OpenFormAsync();

        var response = await PostAsync(form, f =>
        {
            f["Form.Text"] = "东风路 12 号门前路灯坏了两周，晚上很黑。";
            f["Form.ResidentName"] = "王秀兰";
            f["Form.ResidentContact"] = "13912345678";
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var sent = AppFactory.Where(response)!;
        Assert.StartsWith(FormUrl + "?sent=", sent);
        var item = await SingleItemAsync("东风路 12 号门前路灯坏了两周，晚上很黑。");
        Assert.Equal(int.Parse(sent.Split('=')[1], CultureInfo.InvariantCulture), item.Id);
        Assert.True(item.FromPublic);
        Assert.Equal(TrackedState.Submitted, item.State);
        Assert.Equal(form.CommunityId, item.CommunityId);
        Assert.Equal(OpinionCategory.Sanitation, item.Category);
        Assert.Equal(GovernmentLevel.Street, item.Level);
        Assert.Equal("王秀兰", item.ResidentName);
        Assert.Equal("13912345678", item.ResidentContact);
        Assert.True(item.Publishable);
        Assert.Equal(1, item.Month!.Value.Day);
        var confirmation = await Client.GetStringAsync(sent);
        Assert.Contains($"您的意见已提交，编号 {item.Id}", confirmation);
        Assert.Contains($"href=\"{ListUrl}\"", confirmation);
    }

    [Fact]
    public async Task PublicList_ShowsAnAcceptedOpinion_ButNeverTheResidentsNameOrContact()
    {
        var id = await SubmitAsync("小区东门垃圾桶满了没人清运。", f =>
        {
            f["Form.ResidentName"] = "李建国";
            f["Form.ResidentContact"] = "13800009999";
        });
        var convener = await SignInTests.ActorOf(App, "convener");
        var department = (await FollowUp.PublicListAsync("shiyan", new TrackingFilter()))!.Departments[0];
        await Tracking.AcceptAsync(convener, id, department.Id);

        var response = await Client.GetAsync(ListUrl);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("小区东门垃圾桶满了没人清运。", html);
        Assert.Contains(department.Name, html);
        Assert.Contains("<details", html);
        Assert.DoesNotContain("李建国", html);
        Assert.DoesNotContain("13800009999", html);
        Assert.DoesNotContain("convener", html);
        Assert.DoesNotMatch("<script(?! src=\"/print.js\" defer></script>)", html);
        Assert.Contains("<meta name=\"description\"", html);
    }

    [Fact]
    public async Task Submit_WithAWrongAnswer_KeepsTheInput_AsksANewQuestion_AndStoresNothing()
    {
        var form = await OpenFormAsync();

        var response = await PostAsync(form, f =>
        {
            f["Form.Text"] = "答错了验证题的意见";
            f["Form.CheckAnswer"] = (form.A + form.B + 1).ToString(CultureInfo.InvariantCulture);
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("计算结果不对", html);
        Assert.Contains("答错了验证题的意见</textarea>", html);
        Assert.NotEqual(form.CheckToken, CheckToken(html));
        Assert.Equal(0, await CountAsync("答错了验证题的意见"));
    }

    [Fact]
    public async Task Submit_WithATamperedToken_IsRefused()
    {
        var form = await OpenFormAsync();

        var response = await PostAsync(form, f => f["Form.CheckToken"] = "not-a-token");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("验证问题已失效", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync(DefaultText));
    }

    [Theory]
    [InlineData("empty", "请填写“意见内容”")]
    [InlineData("long", "“意见内容”最多 4000 个字")]
    [InlineData("community", "请从列表中选择本街道的社区")]
    [InlineData("category", "请选择意见类别")]
    public async Task Submit_WithABadField_ShowsWhatIsWrong_AndStoresNothing(string bad, string message)
    {
        var form = await OpenFormAsync();
        var before = await CountAsync();

        var response = await PostAsync(form, f =>
        {
            switch (bad)
            {
                case "empty": f["Form.Text"] = "   "; break;
                case "long": f["Form.Text"] = new string('长', TrackedItem.TextMaxLength + 1); break;
                case "community": f["Form.CommunityId"] = "999999"; break;
                case "category": f["Form.Category"] = ""; break;
            }
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains("意见尚未提交", html);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Submit_SixthWithinAnHour_IsRefusedWith429_KeepingTheText()
    {
        for (var i = 1; i <= 5; i++)
        {
            var ok = await PostAsync(await OpenFormAsync(), f => f["Form.Text"] = $"第 {i} 条意见");
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var response = await PostAsync(await OpenFormAsync(), f => f["Form.Text"] = "第 6 条意见");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null);
        Assert.Contains("提交次数过多", html);
        Assert.Contains("第 6 条意见</textarea>", html);
        Assert.Equal(0, await CountAsync("第 6 条意见"));
        Assert.Equal(1, await CountAsync("第 5 条意见"));
    }

    [Fact]
    public async Task SendCode_SixthWithinAnHour_FromOneClient_IsRefusedWith429_AndLeavesTheOpinionsAllowance()
    {
        for (var i = 1; i <= 5; i++)
        {
            var ok = await PostAsync(await OpenFormAsync(), f => (f["Form.Intent"], f["Form.NotifyContact"]) = ("code", $"r{i}@example.cn"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Contains("验证码已发出", await ok.Content.ReadAsStringAsync());
        }

        var sixth = await PostAsync(await OpenFormAsync(), f => (f["Form.Intent"], f["Form.NotifyContact"]) = ("code", "r6@example.cn"));
        var opinion = await PostAsync(await OpenFormAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal(5, App.Email.Sent.Count(m => m.Notices[0].TextKey == "Notice.ContactCode"));
        Assert.DoesNotContain(App.Email.Sent, m => m.Address == "r6@example.cn");
        Assert.Equal(HttpStatusCode.Redirect, opinion.StatusCode);
        Assert.Equal(1, await CountAsync(DefaultText));
    }

    [Fact]
    public async Task Submit_WithAnAddressButAWrongCode_Answers422_NamingTheCode_AndStoresNothing()
    {
        var code = await PostAsync(await OpenFormAsync(), f => (f["Form.Intent"], f["Form.NotifyContact"]) = ("code", "resident@example.cn"));
        Assert.Equal(HttpStatusCode.OK, code.StatusCode);
        var sent = App.Email.Sent.Single().Notices[0].Args[0];

        var response = await PostAsync(await OpenFormAsync(), f =>
        {
            f["Form.Text"] = "验证码填错了的意见";
            f["Form.NotifyContact"] = "resident@example.cn";
            f["Form.NotifyCode"] = sent == "000000" ? "111111" : "000000";
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("验证码不对", html);
        Assert.Contains("href=\"/s/shiyan/opinions/new#notify-code\"", html);
        Assert.Equal(0, await CountAsync("验证码填错了的意见"));
    }

    [Fact]
    public async Task Submit_ALowerConfiguredLimit_Applies()
    {
        await using var strict = App.WithWebHostBuilder(b => b.UseSetting("PublicForms:OpinionsPerHour", "1"));
        var client = strict.CreateClient(new() { AllowAutoRedirect = false });

        var first = await PostAsync(await OpenFormAsync(client), f => f["Form.Text"] = "限额内的意见", client);
        var second = await PostAsync(await OpenFormAsync(client), f => f["Form.Text"] = "超出限额的意见", client);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task Submit_ReplayingASolvedQuestion_IsRefused()
    {
        var form = await OpenFormAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(form, f => f["Form.Text"] = "第一次提交")).StatusCode);

        var again = await PostAsync(form, f => f["Form.Text"] = "重放同一个验证题");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("验证问题已失效", await again.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync("重放同一个验证题"));
    }

    [Fact]
    public async Task HtmlInTheText_IsShownEscaped_NeverAsMarkup()
    {
        const string text = "<script>alert('x')</script><img src=x onerror=alert(1)> 路面坑洼";
        var id = await SubmitAsync(text);
        await Tracking.AcceptAsync(await SignInTests.ActorOf(App, "convener"), id);

        var html = await Client.GetStringAsync(ListUrl);

        Assert.Contains("&lt;script&gt;alert(", html);
        Assert.Contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; 路面坑洼", html);
        Assert.DoesNotMatch("<script(?! src=\"/print.js\" defer></script>)", html);
        Assert.DoesNotContain("<img src=x", html);
    }

    [Fact]
    public async Task HtmlInTheText_IsEscapedWhenTheFormIsShownAgain()
    {
        var form = await OpenFormAsync();

        var response = await PostAsync(form, f =>
        {
            f["Form.Text"] = "<script>alert(1)</script>";
            f["Form.CheckAnswer"] = "";
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;</textarea>", html);
        Assert.DoesNotMatch("<script(?! src=\"/print.js\" defer></script>)", html);
    }

    [Fact]
    public async Task PublicList_HidesItemsNotPublishable_OrStillSubmitted()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var shown = await SubmitAsync("可以公开且已受理的意见");
        var waiting = await SubmitAsync("可以公开但尚未受理的意见");
        var privateOne = await SubmitAsync("不同意公开的意见", f => f.Remove("Form.Publishable"));
        await Tracking.AcceptAsync(convener, shown);
        await Tracking.AcceptAsync(convener, privateOne);

        var html = await Client.GetStringAsync(ListUrl);

        Assert.Contains("可以公开且已受理的意见", html);
        Assert.DoesNotContain("可以公开但尚未受理的意见", html);
        Assert.DoesNotContain("不同意公开的意见", html);
        Assert.NotEqual(0, waiting);
    }

    [Fact]
    public async Task PublicList_FiltersByCategory_AndSearch()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var safety = await SubmitAsync("楼道里堆放杂物有火灾隐患", f => f["Form.Category"] = "Safety");
        var transport = await SubmitAsync("公交站台缺少遮雨棚", f => f["Form.Category"] = "Transport");
        await Tracking.AcceptAsync(convener, safety);
        await Tracking.AcceptAsync(convener, transport);

        var bySafety = await Client.GetStringAsync(ListUrl + "?category=Safety");
        var bySearch = await Client.GetStringAsync(ListUrl + "?q=" + Uri.EscapeDataString("遮雨棚"));
        var stray = await Client.GetAsync(ListUrl + "?community=abc&category=nope&page=-3");

        Assert.Contains("楼道里堆放杂物有火灾隐患", bySafety);
        Assert.DoesNotContain("公交站台缺少遮雨棚", bySafety);
        Assert.Contains("公交站台缺少遮雨棚", bySearch);
        Assert.DoesNotContain("楼道里堆放杂物有火灾隐患", bySearch);
        Assert.Equal(HttpStatusCode.OK, stray.StatusCode);
    }

    [Theory]
    [InlineData("/s/nowhere/opinions")]
    [InlineData("/s/nowhere/opinions/new")]
    public async Task UnknownStreet_Answers404(string url)
    {
        var response = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到页面", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StreetHome_LinksBothPages()
    {
        var html = await Client.GetStringAsync("/s/shiyan");

        Assert.Contains($"href=\"{ListUrl}\"", html);
        Assert.Contains($"href=\"{FormUrl}\"", html);
    }

    [Fact]
    public async Task PublicList_NextAndPreviousLinks_CarryTheirPlace_AndPageTwoHoldsTheRest()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var staff = await SignInTests.ActorOf(App, "staff01");
        var department = (await FollowUp.PublicListAsync("shiyan", new TrackingFilter()))!.Departments[0];
        for (var i = 1; i <= FollowUpService.PublicPageSize + 5; i++)
        {
            var id = await Tracking.RecordOpinionAsync(staff, new OpinionInput(staff.CommunityId!.Value, DateOnly.FromDateTime(DateTime.UtcNow), $"第 {i} 条公开的意见",
                OpinionCategory.Sanitation, GovernmentLevel.Street, "李四", "13800000000", Publishable: true));
            await Tracking.AcceptAsync(convener, id, department.Id);
        }

        var first = await Client.GetStringAsync(ListUrl);
        var next = WebUtility.HtmlDecode(NextLinkPattern().Match(first).Groups[1].Value);
        var second = await Client.GetStringAsync(next);
        var previous = WebUtility.HtmlDecode(PreviousLinkPattern().Match(second).Groups[1].Value);

        Assert.Matches("^/s/shiyan/opinions\\?before=\\d+\\.\\d+&page=2$", next);
        Assert.Contains("第 1 页，共", first);
        Assert.Contains("第 2 页，共", second);
        var onFirst = ItemPattern().Matches(first).Select(m => m.Groups[1].Value).ToList();
        var onSecond = ItemPattern().Matches(second).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(FollowUpService.PublicPageSize, onFirst.Count);
        Assert.NotEmpty(onSecond);
        Assert.Empty(onFirst.Intersect(onSecond));
        // Back to the first page: the list's own address, not a second one for the same page.
        Assert.Equal(ListUrl, previous);
    }

    [Fact]
    public async Task Sitemap_ListsTheOpinionPagesOfEveryStreet()
    {
        var locs = await PublicSitemap.PathsAsync(Client);

        Assert.Contains("/s/shiyan/opinions", locs);
        Assert.Contains("/s/shiyan/opinions/new", locs);
        Assert.Contains("/s/xinghai/opinions", locs);
        Assert.Contains("/s/xinghai/opinions/new", locs);
    }

    [Fact]
    public async Task Form_InEnglish_AsksTheQuestionInEnglish()
    {
        await Client.GetAsync("/culture/en");

        var html = await Client.GetStringAsync(FormUrl);

        Assert.Matches(QuestionPattern(), html);
        Assert.Contains("What is", html);
        Assert.Contains("never published", html);
    }

    // ---- helpers

    private const string DefaultText = "测试意见：希望增加社区健身器材。";

    private sealed record FormPage(string Antiforgery, string CheckToken, int A, int B, int CommunityId);

    private async Task<FormPage> OpenFormAsync(HttpClient? client = null)
    {
        var html = await (client ?? Client).GetStringAsync(FormUrl);
        var question = QuestionPattern().Match(html);
        Assert.True(question.Success, "No check question on the form.");
        var community = CommunityPattern().Match(html);
        Assert.True(community.Success, "No community to choose on the form.");
        return new FormPage(AppFactory.Antiforgery(html), CheckToken(html),
            int.Parse(question.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(question.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(community.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private async Task<HttpResponseMessage> PostAsync(FormPage form, Action<Dictionary<string, string>>? change = null, HttpClient? client = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Antiforgery,
            ["_handler"] = "opinion",
            ["Form.CommunityId"] = form.CommunityId.ToString(CultureInfo.InvariantCulture),
            ["Form.Category"] = "Sanitation",
            ["Form.Level"] = "Street",
            ["Form.Text"] = DefaultText,
            ["Form.Publishable"] = "true",
            ["Form.CheckToken"] = form.CheckToken,
            ["Form.CheckAnswer"] = (form.A + form.B).ToString(CultureInfo.InvariantCulture),
        };
        change?.Invoke(fields);
        return await (client ?? Client).PostAsync(FormUrl, new FormUrlEncodedContent(fields));
    }

    private async Task<int> SubmitAsync(string text, Action<Dictionary<string, string>>? change = null)
    {
        var response = await PostAsync(await OpenFormAsync(), f =>
        {
            f["Form.Text"] = text;
            change?.Invoke(f);
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(AppFactory.Where(response)!.Split('=')[1], CultureInfo.InvariantCulture);
    }

    private async Task<TrackedItem> SingleItemAsync(string text)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        return await db.TrackedItems.AsNoTracking().SingleAsync(i => i.Text == text);
    }

    private async Task<int> CountAsync(string? text = null)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        return await db.TrackedItems.CountAsync(i => text == null || i.Text == text);
    }

    private static string CheckToken(string html) =>
        WebUtility.HtmlDecode(CheckTokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No check token on the form."));

    [GeneratedRegex("id=\"check-question\">\\D*?(\\d+)\\D+?(\\d+)")]
    private static partial Regex QuestionPattern();

    [GeneratedRegex("name=\"Form.CheckToken\" value=\"([^\"]+)\"")]
    private static partial Regex CheckTokenPattern();

    [GeneratedRegex("id=\"community\".*?<option value=\"(\\d+)\"", RegexOptions.Singleline)]
    private static partial Regex CommunityPattern();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"next\"")]
    private static partial Regex NextLinkPattern();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"prev\"")]
    private static partial Regex PreviousLinkPattern();

    [GeneratedRegex("<article class=\"opinion-card[^\"]*\" id=\"item-(\\d+)\"")]
    private static partial Regex ItemPattern();
}
