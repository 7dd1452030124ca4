using CongressHub.Web.Documents;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CongressHub.Tests.Documents;

/// <summary>The Word builder: Markdown through Markdig's syntax tree to Word paragraphs, a file Word opens without complaint.</summary>
public class WordDocumentTests
{
    private const string Minutes = """
        # 一、会议议程

        会议由**召集人**主持，*全体代表*出席。

        ## 二、表决情况

        - 第一项议案：通过
        - 第二项议案：通过

        1. 赞成29票
        2. 反对4票

        | 议案 | 结果 |
        | --- | --- |
        | 快递柜 | 通过 |

        <script>alert(1)</script> 与 <b>粗体</b>
        """;

    [Fact]
    public void Markdown_BecomesHeadingsParagraphsRunsListsAndTables()
    {
        var bytes = new WordDocument().Title("纪要").Markdown(Minutes).ToBytes();

        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = word.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).Where(t => t.Length > 0).ToList();
        Assert.Equal(["纪要", "一、会议议程"], paragraphs.Take(2));
        Assert.Contains(body.Descendants<Run>(), r => r.InnerText == "召集人" && r.RunProperties?.Bold is not null);
        Assert.Contains(body.Descendants<Run>(), r => r.InnerText == "全体代表" && r.RunProperties?.Italic is not null);
        Assert.Contains("• 第一项议案：通过", paragraphs);
        Assert.Contains("1. 赞成29票", paragraphs);
        Assert.Contains("2. 反对4票", paragraphs);
        var table = Assert.Single(body.Elements<Table>());
        Assert.Equal([["议案", "结果"], ["快递柜", "通过"]], table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToArray());
        Assert.Contains(paragraphs, p => p.Contains("<script>alert(1)</script>", StringComparison.Ordinal) && p.Contains("<b>粗体</b>", StringComparison.Ordinal));
        Assert.Equal("黑体", body.Descendants<Run>().First(r => r.InnerText == "一、会议议程").RunProperties!.RunFonts!.EastAsia!.Value);
    }

    [Fact]
    public void Document_IsValidOpenXml_OnA4WithEastAsianDefaults()
    {
        var bytes = new WordDocument().Title("关于召开例会的通知").CentredLine("2026-Q4-01").Line("各位代表：").Paragraph("正文")
            .Table(["序号", "议题"], [["1", "审议议案"]]).Markdown(Minutes).Signature("示例街道居民代表会议", "2026年12月2日").ToBytes();

        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator().Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        var defaults = word.MainDocumentPart!.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!.RunFonts!;
        Assert.Equal("仿宋", defaults.EastAsia!.Value);
        var section = word.MainDocumentPart.Document!.Body!.GetFirstChild<SectionProperties>()!;
        Assert.Equal((11906U, 16838U), (section.GetFirstChild<PageSize>()!.Width!.Value, section.GetFirstChild<PageSize>()!.Height!.Value));
        var paragraphs = word.MainDocumentPart.Document.Body.Elements<Paragraph>().Where(p => p.InnerText.Length > 0).ToList();
        Assert.Equal(JustificationValues.Center, paragraphs[0].ParagraphProperties!.Justification!.Val!.Value);
        Assert.Equal(JustificationValues.Right, paragraphs[^1].ParagraphProperties!.Justification!.Val!.Value);
        Assert.Equal("2026年12月2日", paragraphs[^1].InnerText);
    }
}
