using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Resolutions;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Councils;

/// <summary>A council decision's public page over HTTP, without signing in: what it shows, where it is not, the sitemap and comments.</summary>
public partial class CouncilDecisionPortalTests : FreshAppTest
{
    private CongressDbContext NewContext() => App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContext();

    private CouncilDecisionService Decisions => App.Services.GetRequiredService<CouncilDecisionService>();

    private async Task<CouncilDecision> InNoticeAsync()
    {
        await using var db = NewContext();
        return await db.CouncilDecisions.AsNoTracking().SingleAsync(d => d.State == CouncilDecisionState.InNotice);
    }

    private static string Url(CouncilDecision d, string slug = "shiyan") => $"/s/{slug}/c/{d.CommunityId}/decisions/{d.Id}";

    [Fact]
    public async Task DecisionInNotice_ShowsItsTextNoticeInTheZone_TheApprovedCommentOnly_AndTheForm()
    {
        var d = await InNoticeAsync();

        var response = await Client.GetAsync(Url(d));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(d.Title, html);
        Assert.Contains("<strong>40</strong>", html);
        Assert.Contains(SessionTime.FormatDateTime(d.NoticeEndsUtc!.Value), html);
        Assert.Contains("支持建充电棚！建议加装监控和灭火器。", html);
        Assert.Contains("已采纳：充电棚将同步安装监控和灭火器。", html);
        Assert.DoesNotContain("收费标准希望尽早公布", html);
        Assert.Contains("id=\"comment-text\"", html);
    }

    [Fact]
    public async Task ScriptInTheText_IsNotRendered()
    {
        var staff = await Accounts.SignInTests.ActorOf(App, "staff01");
        var today = DateOnly.FromDateTime(SessionTime.Local(DateTime.UtcNow));
        var id = await Decisions.CreateAsync(staff, staff.CommunityId!.Value, new CouncilDecisionInput("关于试点垃圾分类的决定", "试点垃圾分类。\n\n<script>alert('x')</script>\n\n[点我](javascript:alert(1))", today));
        await Decisions.PublishAsync(staff, id, 0);

        var html = await Client.GetStringAsync($"/s/shiyan/c/{staff.CommunityId}/decisions/{id}");

        Assert.Contains("试点垃圾分类。", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("href=\"javascript:", html);
    }

    [Fact]
    public async Task AnotherStreet_AnUnknownCommunity_OrADraft_IsALocalizedNotFoundPage()
    {
        var d = await InNoticeAsync();
        var staff = await Accounts.SignInTests.ActorOf(App, "staff01");
        var draft = await Decisions.CreateAsync(staff, d.CommunityId, new CouncilDecisionInput("草稿决定", "草稿", DateOnly.FromDateTime(SessionTime.Local(DateTime.UtcNow))));

        foreach (var url in new[] { Url(d, "xinghai"), $"/s/shiyan/c/{d.CommunityId + 1}/decisions/{d.Id}", $"/s/shiyan/c/{d.CommunityId}/decisions/{draft}" })
        {
            var response = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("找不到页面", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Sitemap_ListsPublishedDecisions_AndNoDraft()
    {
        var d = await InNoticeAsync();
        var staff = await Accounts.SignInTests.ActorOf(App, "staff01");
        var draft = await Decisions.CreateAsync(staff, d.CommunityId, new CouncilDecisionInput("草稿决定", "草稿", DateOnly.FromDateTime(SessionTime.Local(DateTime.UtcNow))));

        var sitemap = await PublicSitemap.PathsAsync(Client);

        Assert.Contains(Url(d), sitemap);
        Assert.DoesNotContain(sitemap, p => p.EndsWith($"/decisions/{draft}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "请填写“意见”。")]
    [InlineData("<script>alert(1)</script>好", "不能包含 HTML 标签或脚本")]
    public async Task BadComment_IsRefusedWithALocalizedMessage_AndNothingIsStored(string text, string message)
    {
        var d = await InNoticeAsync();
        var before = await CommentCountAsync(d.Id);

        var response = await PostAsync(Url(d), text);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains("aria-invalid", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Equal(before, await CommentCountAsync(d.Id));
    }

    [Fact]
    public async Task Comment_IsHeldForModeration()
    {
        var d = await InNoticeAsync();

        var response = await PostAsync(Url(d), "充电棚请留出轮椅通道。");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Url(d) + "?sent=1", AppFactory.Where(response));
        var page = await Client.GetStringAsync(Url(d) + "?sent=1");
        Assert.Contains("id=\"comment-sent\"", page);
        Assert.DoesNotContain("充电棚请留出轮椅通道。", page);
        await using var db = NewContext();
        Assert.Equal(CommentStatus.Pending, (await db.CouncilDecisionComments.SingleAsync(c => c.Text == "充电棚请留出轮椅通道。")).Status);
    }

    // ---- helpers

    private async Task<HttpResponseMessage> PostAsync(string url, string text)
    {
        var html = await Client.GetStringAsync(url);
        var question = QuestionPattern().Match(html);
        Assert.True(question.Success, "No check question on the comment form.");
        var token = CheckTokenPattern().Match(html);
        var answer = int.Parse(question.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(question.Groups[2].Value, CultureInfo.InvariantCulture);
        return await Client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Antiforgery(html),
            ["_handler"] = "decision-comment",
            ["Form.Text"] = text,
            ["Form.CheckToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Form.CheckAnswer"] = answer.ToString(CultureInfo.InvariantCulture),
        }));
    }

    private async Task<int> CommentCountAsync(int id)
    {
        await using var db = NewContext();
        return await db.CouncilDecisionComments.CountAsync(c => c.DecisionId == id);
    }

    [GeneratedRegex("id=\"check-question\">\\D*?(\\d+)\\D+?(\\d+)")]
    private static partial Regex QuestionPattern();

    [GeneratedRegex("name=\"Form.CheckToken\" value=\"([^\"]+)\"")]
    private static partial Regex CheckTokenPattern();
}
