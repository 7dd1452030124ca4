using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Common;

/// <summary>The public pages draw their charts as inline SVG on the server, with the demo's figures, without a script.</summary>
public class PublicChartsTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task EvaluationsPage_DrawsEachDepartmentsSatisfactionRate_AsInlineSvg()
    {
        var year = App.DemoReviewYear();

        var page = await DocumentAsync($"/s/shiyan/evaluations/{year}");

        var svg = page.QuerySelector("#satisfaction-bars svg[role=img]")!;
        Assert.Equal("各部门历年满意率", svg.QuerySelector("title")!.TextContent);
        Assert.Equal(["民政科", "城市管理科", "综治办", "环境卫生科"], svg.QuerySelectorAll(".svg-bars-heading").Select(t => t.TextContent));
        Assert.Equal([$"{year}年 100.0% 100%", $"{year}年 90.6% 90.63%", $"{year}年 81.3% 81.25%", $"{year}年 56.3% 56.25%"], Bars(svg));
        Assert.Equal($"民政科：{year}年 100.0%；城市管理科：{year}年 90.6%；综治办：{year}年 81.3%；环境卫生科：{year}年 56.3%", svg.QuerySelector("desc")!.TextContent);
    }

    [Fact]
    public async Task ResolutionPage_DrawsItsVote_WithThoseTheRuleOfAllCountsWithoutAVote()
    {
        var page = await DocumentAsync($"/s/shiyan/resolutions/{App.DemoResolution(1)}");

        // 40 delegates, 36 present; 33 / 1 / 2 under "more than half of all": the 4 who cast nothing count too.
        var svg = page.QuerySelector("#res-vote #vote-bars svg[role=img]")!;
        Assert.Equal("表决结果", svg.QuerySelector("title")!.TextContent);
        Assert.Equal(["赞成 33 82.5%", "反对 1 2.5%", "弃权 2 5%", "缺席或未表决 4 10%"], Bars(svg));
        Assert.Equal(["yes", "no", "abstain", "absent"], svg.QuerySelectorAll("g.svg-bar").Select(g => g.ClassList.Single(c => c.StartsWith("tone-", StringComparison.Ordinal))[5..]));
    }

    private static IEnumerable<string> Bars(IElement svg) => svg.QuerySelectorAll("g.svg-bar").Select(g =>
        $"{g.QuerySelector(".svg-bar-label")!.TextContent} {g.QuerySelector(".svg-bar-value")!.TextContent} {g.QuerySelector(".svg-bar-fill")!.GetAttribute("width")}");

    private async Task<IDocument> DocumentAsync(string path)
    {
        var html = await Client.GetStringAsync(path);
        Assert.DoesNotContain("blazor.web.js", html);
        return new HtmlParser().ParseDocument(html);
    }
}
