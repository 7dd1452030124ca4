using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Councils;

/// <summary>A community's public page over HTTP: its topics, the propose form, 404 elsewhere, and the sitemap.</summary>
public partial class PublicCommunityPageTests(AppFixture app) : AppTest(app)
{
    private async Task<(int Dongfeng, int OtherStreet)> CommunitiesAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        var dongfeng = await db.Communities.Where(c => c.Name == "东风社区").Select(c => c.Id).SingleAsync();
        var other = await db.Communities.Where(c => c.Name == "海滨社区").Select(c => c.Id).SingleAsync();
        return (dongfeng, other);
    }

    private async Task<int> CountAsync(string title)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        return await db.Topics.CountAsync(t => t.Title == title);
    }

    [Fact]
    public async Task Page_ShowsTheCommunitysTopics_Counts_Reasons_AndTheDecisionsSection()
    {
        var (dongfeng, _) = await CommunitiesAsync();

        var response = await Client.GetAsync($"/s/shiyan/c/{dongfeng}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>东风社区</h1>", html);
        Assert.Contains("小区电动自行车集中充电棚", html);
        Assert.Contains("附议 12 人", html);
        Assert.Contains("已达到附议人数，社区须受理或公开答复", html);
        Assert.Contains("<strong>按次收费</strong>", html);
        Assert.Contains("已并入议题", html);
        Assert.Contains("id=\"council-decisions\"", html);
        Assert.Contains("id=\"submit-topic\"", html);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "");
    }

    [Fact]
    public async Task Page_OfAnotherStreetsCommunity_OrUnknown_Answers404()
    {
        var (_, other) = await CommunitiesAsync();

        var elsewhere = await Client.GetAsync($"/s/shiyan/c/{other}");
        var unknown = await Client.GetAsync("/s/shiyan/c/999999");

        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("", "请填写“议题标题”")]
    [InlineData("label", "请不要填写电话号码或电子邮箱")]
    public async Task Propose_WithABadField_ShowsTheLocalizedMessage_AndStoresNothing(string bad, string message)
    {
        var (dongfeng, _) = await CommunitiesAsync();
        var url = $"/s/shiyan/c/{dongfeng}";
        var form = await Client.GetStringAsync(url);

        var response = await Client.PostAsync(url, new FormUrlEncodedContent(Fields(form, bad == "" ? "" : "好议题", bad == "label" ? "139 1234 5678" : "")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Equal(0, await CountAsync("好议题"));
    }

    [Fact]
    public async Task Propose_WithEverythingRight_StoresTheTopic_AndShowsIt()
    {
        var (dongfeng, _) = await CommunitiesAsync();
        var url = $"/s/shiyan/c/{dongfeng}";
        var form = await Client.GetStringAsync(url);

        var response = await Client.PostAsync(url, new FormUrlEncodedContent(Fields(form, "增设快递柜", "2号楼居民")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(url + "?proposed=", AppFactory.Where(response));
        Assert.Equal(1, await CountAsync("增设快递柜"));
        var page = await Client.GetStringAsync(AppFactory.Where(response));
        Assert.Contains("您的议题已提交", page);
        Assert.Contains("2号楼居民", page);
    }

    [Fact]
    public async Task Sitemap_ListsEveryCommunityPage_AndTheStreetHomeLinksThem()
    {
        var (dongfeng, other) = await CommunitiesAsync();

        var locs = await PublicSitemap.PathsAsync(Client);
        var home = await Client.GetStringAsync("/s/shiyan");

        Assert.Contains($"/s/shiyan/c/{dongfeng}", locs);
        Assert.Contains($"/s/xinghai/c/{other}", locs);
        Assert.Equal(10, locs.Count(l => CommunityPath().IsMatch(l)));
        Assert.Contains($"href=\"/s/shiyan/c/{dongfeng}\"", home);
    }

    private static Dictionary<string, string> Fields(string html, string title, string label)
    {
        var question = Regex.Match(html, @"id=""topic-check-question"">\D*?(\d+)\D+?(\d+)");
        Assert.True(question.Success, "No check question on the propose form.");
        var token = Regex.Match(html, @"name=""Form.CheckToken"" value=""([^""]+)""");
        Assert.True(token.Success, "No check token on the propose form.");
        return new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Antiforgery(html),
            ["_handler"] = "topic",
            ["Form.Title"] = title,
            ["Form.Description"] = "小区快递多，建议在东门增设快递柜。",
            ["Form.ProposerKind"] = "Resident",
            ["Form.ProposerLabel"] = label,
            ["Form.CheckToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Form.CheckAnswer"] = (int.Parse(question.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(question.Groups[2].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex(@"^/s/[a-z]+/c/\d+$")]
    private static partial Regex CommunityPath();
}
