using Bunit;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using CongressHub.Web.Tracking;

namespace CongressHub.Tests.Tracking;

/// <summary>The follow-up report on a delegate's phone: a long report shows a page at a time, the items to rate first.</summary>
public class FollowUpPanelTests : ComponentTest
{
    private static List<FollowUpRow> Report(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new FollowUpRow(i, TrackedKind.Opinion, i % 3 == 0 ? TrackedState.Done : TrackedState.Assigned,
            $"事项{i}", "城市管理科", null, 0, null, false, Rateable: i % 3 == 0, new RatingSummary(0, 0, 0), null))];

    [Fact]
    public void OnAPhone_ALongReport_ShowsTheItemsToRateFirst_APageAtATime()
    {
        var rows = Report(45);
        var panel = Render<FollowUpPanel>(p => p.Add(x => x.Rows, rows).Add(x => x.PageSize, 20)
            .Add(x => x.OnRate, Microsoft.AspNetCore.Components.EventCallback.Factory.Create<(int, Satisfaction)>(this, _ => { })));
        int[] Shown() => [.. panel.FindAll("[data-followup]").Select(li => int.Parse(li.GetAttribute("data-followup")!, System.Globalization.CultureInfo.InvariantCulture))];

        // The 15 items to rate (3, 6, … 45) come first, in the report's order, then the others.
        var first = Shown();
        Assert.Equal(20, first.Length);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => i * 3), first.Take(15));
        Assert.Equal([1, 2, 4, 5, 7], first.Skip(15));
        Assert.Equal(15, panel.FindAll(".rating-buttons").Count);
        Assert.Equal("显示更多（还有 25 项）", panel.Find("#followup-more").TextContent.Trim());

        panel.Find("#followup-more").Click();
        Assert.Equal(40, Shown().Length);
        Assert.Equal("显示更多（还有 5 项）", panel.Find("#followup-more").TextContent.Trim());

        panel.Find("#followup-more").Click();
        Assert.Equal(45, Shown().Distinct().Count());
        Assert.Empty(panel.FindAll("#followup-more"));
    }

    [Fact]
    public void ARow_ShowsItsTextAsWritten_MarkupInItStaysText()
    {
        var row = new FollowUpRow(7, TrackedKind.Opinion, TrackedState.InProgress, "<img src=x onerror=alert(1)>路灯 & \"井盖\"", "城管<科>",
            "<script>alert(2)</script>已更换", 40, new DateOnly(2026, 3, 31), true, Rateable: false, new RatingSummary(2, 1, 1), null);
        var panel = Render<FollowUpPanel>(p => p.Add(x => x.Rows, [row]));

        var li = panel.Find("[data-followup='7']");
        Assert.Empty(li.QuerySelectorAll("img, script"));
        Assert.Equal("<img src=x onerror=alert(1)>路灯 & \"井盖\"", li.QuerySelector(".followup-title")!.TextContent);
        Assert.Contains("40%", li.QuerySelector(".followup-state")!.TextContent);
        Assert.StartsWith("城管<科> · ", li.QuerySelector(".followup-meta")!.TextContent);
        Assert.NotNull(li.QuerySelector(".followup-meta .overdue-flag"));
        Assert.Equal("<script>alert(2)</script>已更换", li.QuerySelector(".followup-outcome")!.TextContent);
        Assert.NotNull(li.QuerySelector(".followup-ratings"));
        // Chinese is sent as it is, not as character references.
        Assert.Contains("路灯", panel.Markup);
    }

    [Fact]
    public void WithoutAPageSize_TheWholeReportShows_InItsOwnOrder()
    {
        var panel = Render<FollowUpPanel>(p => p.Add(x => x.Rows, Report(45)));

        Assert.Equal(Enumerable.Range(1, 45), panel.FindAll("[data-followup]").Select(li => int.Parse(li.GetAttribute("data-followup")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(panel.FindAll("#followup-more"));
    }
}
