using System.Globalization;
using Bunit;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using CongressHub.Web.Components.Shared;
using CongressHub.Web.Reviews;
using CongressHub.Web.Sessions;
using CongressHub.Web.Voting;
using MudBlazor;

namespace CongressHub.Tests.Components;

/// <summary>Each chart rendered from known figures: the bars, labels and values drawn are those figures.</summary>
public class ChartTests : ComponentTest
{
    private static readonly DateTime At = new(2026, 9, 4, 6, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void SvgBars_DrawsEachBarWithItsLabelValueAndWidth_AndSumsThemUpAsItsTextAlternative()
    {
        var groups = new[]
        {
            new SvgBarGroup("民政科", [new SvgBar("2024年", 80, "80.0%"), new SvgBar("2025年", 100, "100.0%")]),
            new SvgBarGroup("综治办", [new SvgBar("2025年", 56.25, "56.3%", "no")]),
        };

        var cut = Render<SvgBars>(p => p.Add(x => x.Id, "bars").Add(x => x.Title, "各部门历年满意率").Add(x => x.Groups, groups).Add(x => x.Max, 100));

        var svg = cut.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("bars-title bars-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("各部门历年满意率", cut.Find("title").TextContent);
        Assert.Equal("民政科：2024年 80.0%，2025年 100.0%；综治办：2025年 56.3%", cut.Find("desc").TextContent);
        Assert.Equal(["民政科", "综治办"], cut.FindAll(".svg-bars-heading").Select(t => t.TextContent));
        var bars = cut.FindAll("g.svg-bar");
        Assert.Equal(["2024年", "2025年", "2025年"], bars.Select(b => b.QuerySelector(".svg-bar-label")!.TextContent));
        Assert.Equal(["80.0%", "100.0%", "56.3%"], bars.Select(b => b.QuerySelector(".svg-bar-value")!.TextContent));
        Assert.Equal(["80%", "100%", "56.25%"], bars.Select(b => b.QuerySelector(".svg-bar-fill")!.GetAttribute("width")));
        Assert.Contains("tone-no", bars[2].ClassList);
    }

    [Fact]
    public void SvgBars_ScalesToItsMaximum_AndNeverDrawsPastTheTrack()
    {
        var cut = Render<SvgBars>(p => p.Add(x => x.Id, "v").Add(x => x.Title, "表决结果").Add(x => x.Max, 40)
            .Add(x => x.Groups, [new SvgBarGroup(null, [new SvgBar("赞成", 33, "33"), new SvgBar("错", 50, "50")])]));

        Assert.Equal(["82.5%", "100%"], cut.FindAll(".svg-bar-fill").Select(r => r.GetAttribute("width")));
        Assert.Empty(cut.FindAll(".svg-bars-heading"));
    }

    [Fact]
    public void SvgBars_ShowLabelsAsWritten_MarkupInThemStaysText()
    {
        var cut = Render<SvgBars>(p => p.Add(x => x.Id, "m").Add(x => x.Title, "<b>标题</b>")
            .Add(x => x.Groups, [new SvgBarGroup("第\"1\"组 & <i>", [new SvgBar("<script>alert(1)</script>街道", 50, "50%\" onload=\"x", Tone: "a\" b")])]));

        Assert.Empty(cut.FindAll("script, b, i"));
        var bar = cut.Find(".svg-bar");
        Assert.Equal("<script>alert(1)</script>街道", bar.GetAttribute("data-label"));
        Assert.Equal("50%\" onload=\"x", bar.GetAttribute("data-value"));
        Assert.Null(bar.GetAttribute("onload"));
        Assert.Equal("<script>alert(1)</script>街道", cut.Find(".svg-bar-label").TextContent);
        Assert.Equal("第\"1\"组 & <i>", cut.Find(".svg-bars-heading").TextContent);
        Assert.Equal("<b>标题</b>", cut.Find("title").TextContent);
    }

    [Fact]
    public void SatisfactionChart_HasOneSeriesPerYear_AndOneBarGroupPerDepartmentInRankOrder()
    {
        var view = ResultsView();

        var cut = Render<SatisfactionChart>(p => p.Add(x => x.View, view));

        var chart = cut.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(["民政科", "环境卫生科"], chart.ChartLabels);
        Assert.Equal(["2024年", "2025年"], chart.ChartSeries.Select(s => s.Name));
        Assert.Equal([90.6, null], chart.ChartSeries[0].Data.Points.Select(p => p.HasValue ? p.Y : (double?)null));
        Assert.Equal([100.0, 56.3], chart.ChartSeries[1].Data.Points.Select(p => p.HasValue ? p.Y : (double?)null));
        Assert.Contains("民政科：2024年 90.6%，2025年 100.0%；环境卫生科：2025年 56.3%", cut.Markup);
    }

    [Fact]
    public void SatisfactionBars_ForThePublicPage_GroupTheYearsUnderEachDepartment()
    {
        var cut = Render<SatisfactionBars>(p => p.Add(x => x.View, ResultsView()));

        Assert.Equal(["民政科", "环境卫生科"], cut.FindAll(".svg-bars-heading").Select(t => t.TextContent));
        Assert.Equal(["2024年 90.6%", "2025年 100.0%", "2025年 56.3%"],
            cut.FindAll("g.svg-bar").Select(g => $"{g.GetAttribute("data-label")} {g.GetAttribute("data-value")}"));
    }

    [Theory]
    [InlineData(MajorityRule.HalfOfPresent, new[] { "赞成", "反对", "弃权", "出席未表决" }, new[] { 15.0, 4, 2, 3 })]
    [InlineData(MajorityRule.TwoThirdsOfAll, new[] { "赞成", "反对", "弃权", "缺席或未表决" }, new[] { 15.0, 4, 2, 19 })]
    [InlineData(MajorityRule.HalfOfCast, new[] { "赞成", "反对", "弃权" }, new[] { 15.0, 4, 2 })]
    public void VoteResultChart_ShowsYesNoAbstain_AndThoseTheRuleCountsWithoutAVote(MajorityRule rule, string[] labels, double[] values)
    {
        var vote = new VoteView(7, 1, null, null, "关于社区停车管理办法的表决", false, rule, VoteState.Closed, 24, 21, 40, 15, 4, 2, true, At, At);

        var cut = Render<VoteResultChart>(p => p.Add(x => x.Vote, vote));

        var chart = cut.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(ChartType.Bar, chart.ChartType);
        Assert.Equal(labels, chart.ChartLabels);
        Assert.Equal(values, chart.ChartSeries.Single().Data.Values);
        Assert.Equal(string.Join("，", labels.Zip(values, (l, v) => $"{l} {v.ToString(CultureInfo.InvariantCulture)}")), cut.Find(".visually-hidden").TextContent);
    }

    [Fact]
    public void AttendanceChart_StacksPresentExcusedAbsentPerSession_AndPrintsThemInItsTable()
    {
        var rows = new[]
        {
            new SessionAttendance(1, "第一季度例会", At.AddMonths(-6), 40, 36, 3),
            new SessionAttendance(2, "第二季度例会", At.AddMonths(-3), 40, 31, 4),
        };

        var cut = Render<AttendanceChart>(p => p.Add(x => x.Rows, rows));

        var chart = cut.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(ChartType.StackedBar, chart.ChartType);
        Assert.Equal(["2026-03-04", "2026-06-04"], chart.ChartLabels);
        Assert.Equal(["出席", "请假", "缺席"], chart.ChartSeries.Select(s => s.Name));
        Assert.Equal([36.0, 31], chart.ChartSeries[0].Data.Values);
        Assert.Equal([3.0, 4], chart.ChartSeries[1].Data.Values);
        Assert.Equal([1.0, 5], chart.ChartSeries[2].Data.Values);
        Assert.Equal(["36", "3", "1"], cut.FindAll("#attendance-table tbody tr")[0].QuerySelectorAll("td").Select(td => td.TextContent));
    }

    private static ReviewResultsView ResultsView()
    {
        ReportResult Result(int id, string title, int raters, int satisfied, int basically) =>
            new(id, ReporterKind.Department, title, id, null, raters, satisfied, basically, raters - satisfied - basically, [], []);
        var civil = Result(1, "民政科", 32, 30, 2);
        var sanitation = Result(2, "环境卫生科", 32, 12, 6);
        var history = new Dictionary<string, IReadOnlyList<(int Year, double? Rate)>>
        {
            [ReviewService.KeyOf(civil)] = [(2024, 29 * 100.0 / 32), (2025, 100)],
            [ReviewService.KeyOf(sanitation)] = [(2025, 56.25)],
        };
        return new ReviewResultsView(1, "示例街道", "shiyan", 2025, ReviewState.Published, ["履职尽责"], 90, 60,
            [], [new RankedResult(1, civil, Standing.Commend), new RankedResult(2, sanitation, Standing.FollowUpTalk)], [], history);
    }
}
