using Bunit;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using CongressHub.Web.Directory;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Directory;

public class DirectoryPagesTests : ComponentTest
{
    [Fact]
    public void DelegatesPage_ShowsTheConvenersOwnRoster_WithQuota()
    {
        SignInAs("convener");
        RenderProviders();

        var page = Render<DelegatesPage>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("#delegate-table tbody tr").Count));
        Assert.Contains("第 1–25 条，共 40 条", page.Markup);
        Assert.Contains("东风社区 5 · 符合", page.Find(".quota").TextContent);
        Assert.DoesNotContain("海滨社区", page.Markup);
    }

    [Fact]
    public void DelegatesPage_Search_FiltersTheRows()
    {
        SignInAs("convener");
        RenderProviders();
        var page = Render<DelegatesPage>();
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("#delegate-table tbody tr").Count));
        string someone;
        using (var ctx = Db.NewContext())
        {
            someone = ctx.Delegates.Where(d => d.Phone == "13700000002" && d.StreetId == Me.StreetId).Select(d => d.Name).Single();
        }

        page.Find("#delegate-search").Input(someone);
        page.Find("#delegate-search").Blur();

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("#delegate-table tbody tr");
            Assert.Single(rows);
            Assert.Contains(someone, rows[0].TextContent);
        });
    }

    [Fact]
    public void DelegateDialog_SaveWithoutName_ShowsTheServersMessageOnTheField()
    {
        SignInAs("convener");
        RenderProviders();
        var page = Render<DelegatesPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#delegate-table tbody tr")));

        page.Find("#add-delegate").Click();
        var dialog = Dialogs;
        dialog.WaitForAssertion(() => Assert.NotNull(dialog.Find("#delegate-save")));
        dialog.Find("#delegate-save").Click();

        dialog.WaitForAssertion(() => Assert.Contains("请填写“姓名”", dialog.Markup));
        using var ctx = Db.NewContext();
        Assert.Equal(80, ctx.Delegates.Count(d => ctx.Terms.Any(t => t.Id == d.TermId && t.CommunityId == null && t.Body == VotingBody.Congress)));
    }

    [Fact]
    public void RosterPreviewTable_ShowsEachRowsErrors_AndCanShowOnlyThose()
    {
        SignInAs("convener");
        RenderProviders();
        var preview = new RosterPreview(null,
        [
            new RosterPreviewRow(2, "甲", "居民代表", "东风社区", "", []),
            new RosterPreviewRow(3, "乙", "居民代表", "月球社区", "", ["本街道没有名为“月球社区”的社区。"]),
        ]);

        var table = Render<RosterPreviewTable>(p => p.Add(x => x.Preview, preview));

        Assert.Contains("1 行可以导入", table.Markup);
        Assert.Contains("1 行有错误", table.Markup);
        Assert.Equal(2, table.FindAll("#preview-table tbody tr").Count);
        Assert.Single(table.FindAll("tr.row-invalid"));
        table.Find(".preview-summary input[type=checkbox]").Change(true);
        table.WaitForAssertion(() => Assert.Single(table.FindAll("#preview-table tbody tr")));
        Assert.Contains("月球社区", table.Find("#preview-table tbody tr").TextContent);
    }

    [Fact]
    public void ImportPage_BadRow_ThenFixedFile_ImportsAndOffersTheCards()
    {
        SignInAs("convener");
        RenderProviders();
        var page = Render<ImportPage>();
        page.WaitForAssertion(() => Assert.False(page.Find("#choose-file").HasAttribute("disabled")));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "姓名,类别,社区,电话\n新人甲,居民代表,东风社区,13955550001\n新人乙,居民代表,月球社区,\n", "roster.csv"));

        page.WaitForAssertion(() => Assert.Contains("月球社区", page.Find("#preview-table").TextContent));
        Assert.Empty(page.FindAll("#confirm-import"));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "姓名,类别,社区,电话\n新人甲,居民代表,东风社区,13955550001\n新人乙,居民代表,春晖社区,\n", "roster-fixed.csv"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#confirm-import")));
        page.Find("#confirm-import").Click();

        page.WaitForAssertion(() => Assert.Contains("已导入 2 位代表", page.Find("#import-done").TextContent));
        Assert.Contains("打印 2 张代表证", page.Find("#print-imported").TextContent);
        using var ctx = Db.NewContext();
        Assert.Equal(2, ctx.Delegates.Count(d => d.Name.StartsWith("新人")));
        Assert.Equal(2, ctx.DelegateCards.Count());
    }

    [Fact]
    public void ImportPage_NotACsv_SaysSoAndWritesNothing()
    {
        SignInAs("convener");
        RenderProviders();
        var page = Render<ImportPage>();
        page.WaitForAssertion(() => Assert.False(page.Find("#choose-file").HasAttribute("disabled")));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00], "roster.xlsx"));

        page.WaitForAssertion(() => Assert.Contains("CSV", page.Find("#import-error").TextContent));
        Assert.Empty(page.FindAll("#confirm-import"));
    }

    [Fact]
    public async Task CardsPage_AfterIssuing_ShowsThePrintableCardWithItsCodeAndQr()
    {
        SignInAs("convener");
        RenderProviders();
        var card = await Db.Get<CardService>().IssueAsync(Me, (await Db.ActorAsync("delegate03")).DelegateId!.Value);
        Services.GetRequiredService<IssuedCardsBatch>().Replace([card]);

        var page = Render<CardsPage>();

        var face = page.Find(".delegate-card");
        Assert.Contains(card.Name, face.TextContent);
        Assert.Equal(card.Code, face.QuerySelector(".card-code")!.GetAttribute("data-code"));
        Assert.Contains(CardCode.Format(card.Code), face.TextContent);
        Assert.NotNull(face.QuerySelector(".qr svg"));
    }
}
