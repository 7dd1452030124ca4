using CongressHub.Domain.Common;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Table = DocumentFormat.OpenXml.Wordprocessing.Table;
using TableCell = DocumentFormat.OpenXml.Wordprocessing.TableCell;
using TableRow = DocumentFormat.OpenXml.Wordprocessing.TableRow;

namespace CongressHub.Web.Documents;

/// <summary>
/// A Word document in the shape a street office files: the title centred in 宋体 bold 二号, an optional number line,
/// the body in 仿宋 三号, and the signer and the formal date at the bottom right, on A4 with the usual office margins.
/// Every run names its East Asian font (<c>w:eastAsia</c>) beside the Latin one, or Word substitutes a Western font.
/// </summary>
public sealed class WordDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public const string SongTi = "宋体";
    public const string FangSong = "仿宋";
    public const string HeiTi = "黑体";
    public const string KaiTi = "楷体";
    private const string Latin = "Times New Roman";

    // Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
    private const int TitleSize = 44;
    private const int BodySize = 32;
    private const int TableSize = 24;

    private readonly List<OpenXmlElement> _body = [];

    /// <summary>The document's title, centred, 宋体 bold 二号.</summary>
    public WordDocument Title(string text)
    {
        _body.Add(Para(JustificationValues.Center, Run(text, SongTi, TitleSize, bold: true)));
        return this;
    }

    /// <summary>A centred line under the title: the record's number (文号) or a line such as the adopting session.</summary>
    public WordDocument CentredLine(string text)
    {
        _body.Add(Para(JustificationValues.Center, Run(text, FangSong, BodySize)));
        return this;
    }

    public WordDocument Heading(string text, int level = 1)
    {
        var (font, bold) = level switch { 1 => (HeiTi, false), 2 => (KaiTi, false), _ => (FangSong, true) };
        _body.Add(Para(JustificationValues.Left, Run(text, font, BodySize, bold)));
        return this;
    }

    /// <summary>A body paragraph with its first line indented by two characters.</summary>
    public WordDocument Paragraph(string text)
    {
        _body.Add(Indented(Run(text, FangSong, BodySize)));
        return this;
    }

    /// <summary>A paragraph without indent (a salutation such as 各位代表：).</summary>
    public WordDocument Line(string text)
    {
        _body.Add(Para(JustificationValues.Left, Run(text, FangSong, BodySize)));
        return this;
    }

    public WordDocument Blank()
    {
        _body.Add(new Paragraph());
        return this;
    }

    /// <summary>A table with a bold header row, 小四 size, borders all round.</summary>
    public WordDocument Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        AddTable([header, .. rows], headerRows: 1);

    /// <summary>The signer and the date, right-aligned below the body.</summary>
    public WordDocument Signature(string signer, string formalDate)
    {
        _body.Add(new Paragraph());
        _body.Add(Para(JustificationValues.Right, Run(signer, FangSong, BodySize)));
        _body.Add(Para(JustificationValues.Right, Run(formalDate, FangSong, BodySize)));
        return this;
    }

    /// <summary>
    /// User-written Markdown as Word paragraphs, through Markdig's syntax tree: headings, paragraphs, bold and italic,
    /// bullet and numbered lists, tables; anything else as its plain text. Raw HTML is never interpreted.
    /// </summary>
    public WordDocument Markdown(string? markdown)
    {
        foreach (var block in Domain.Common.Markdown.Parse(markdown))
        {
            AddBlock(block, 0);
        }
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(Fonts(FangSong), new FontSize { Val = BodySize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "560", LineRule = LineSpacingRuleValues.Exact }))));
            var body = new Body();
            foreach (var element in _body)
            {
                body.Append(element);
            }
            // A4 (210 × 297 mm) with the margins of official documents: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    // ---- Markdown blocks and inlines

    private void AddBlock(Block block, int depth)
    {
        switch (block)
        {
            case HeadingBlock h:
                _body.Add(Para(JustificationValues.Left, Inlines(h.Inline, h.Level switch { 1 => HeiTi, 2 => KaiTi, _ => FangSong }, BodySize, bold: h.Level > 2)));
                break;
            case ParagraphBlock p:
                _body.Add(depth == 0 ? Indented(Inlines(p.Inline, FangSong, BodySize)) : Para(JustificationValues.Left, Inlines(p.Inline, FangSong, BodySize)));
                break;
            case ListBlock list:
                AddList(list, depth);
                break;
            case Markdig.Extensions.Tables.Table table:
                AddTable(table.OfType<Markdig.Extensions.Tables.TableRow>()
                    .Select(r => (IReadOnlyList<string>)r.OfType<Markdig.Extensions.Tables.TableCell>().Select(CellText).ToList()).ToList(),
                    table.OfType<Markdig.Extensions.Tables.TableRow>().Count(r => r.IsHeader));
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AddBlock(child, depth);
                }
                break;
            case LeafBlock leaf when leaf.Lines.Count > 0:
                foreach (var line in leaf.Lines.Lines.Take(leaf.Lines.Count))
                {
                    _body.Add(Para(JustificationValues.Left, Run(line.Slice.ToString(), FangSong, BodySize)));
                }
                break;
        }
    }

    private void AddList(ListBlock list, int depth)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}{list.OrderedDelimiter} " : "• ";
            var first = true;
            foreach (var child in item)
            {
                if (first && child is ParagraphBlock p)
                {
                    var runs = new List<OpenXmlElement> { Run(marker, FangSong, BodySize) };
                    runs.AddRange(Inlines(p.Inline, FangSong, BodySize));
                    _body.Add(Para(JustificationValues.Left, runs, new Indentation { LeftChars = 200 * (depth + 1), HangingChars = 100 }));
                }
                else
                {
                    AddBlock(child, depth + 1);
                }
                first = false;
            }
        }
    }

    private static string CellText(Markdig.Extensions.Tables.TableCell cell) =>
        string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => PlainText(p.Inline)));

    private static string PlainText(ContainerInline? inlines)
    {
        var text = new System.Text.StringBuilder();
        void Walk(Inline inline)
        {
            switch (inline)
            {
                case LiteralInline l: text.Append(l.Content.ToString()); break;
                case CodeInline c: text.Append(c.Content); break;
                case AutolinkInline a: text.Append(a.Url); break;
                case HtmlEntityInline e: text.Append(e.Transcoded.ToString()); break;
                case HtmlInline h: text.Append(h.Tag); break;
                case LineBreakInline: text.Append(' '); break;
                case ContainerInline c:
                    foreach (var child in c)
                    {
                        Walk(child);
                    }
                    break;
            }
        }
        if (inlines is not null)
        {
            Walk(inlines);
        }
        return text.ToString();
    }

    private static List<OpenXmlElement> Inlines(ContainerInline? inlines, string font, int size, bool bold = false)
    {
        var runs = new List<OpenXmlElement>();
        void Walk(Inline inline, bool b, bool i)
        {
            switch (inline)
            {
                case LiteralInline l: runs.Add(Run(l.Content.ToString(), font, size, b, i)); break;
                case CodeInline c: runs.Add(Run(c.Content, font, size, b, i)); break;
                case AutolinkInline a: runs.Add(Run(a.Url, font, size, b, i)); break;
                case HtmlEntityInline e: runs.Add(Run(e.Transcoded.ToString(), font, size, b, i)); break;
                case HtmlInline h: runs.Add(Run(h.Tag, font, size, b, i)); break;
                case LineBreakInline br:
                    runs.Add(br.IsHard ? new Run(new Break()) : Run(" ", font, size, b, i));
                    break;
                case EmphasisInline em:
                    var strong = em.DelimiterChar is '*' or '_' && em.DelimiterCount >= 2;
                    var italic = em.DelimiterChar is '*' or '_' && em.DelimiterCount == 1;
                    foreach (var child in em)
                    {
                        Walk(child, b || strong, i || italic);
                    }
                    break;
                case ContainerInline c:
                    foreach (var child in c)
                    {
                        Walk(child, b, i);
                    }
                    break;
            }
        }
        if (inlines is not null)
        {
            Walk(inlines, bold, false);
        }
        return runs;
    }

    // ---- Open XML pieces

    private WordDocument AddTable(IReadOnlyList<IReadOnlyList<string>> rows, int headerRows)
    {
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        if (columns == 0)
        {
            return this;
        }
        var border = () => new BorderType[]
        {
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 },
        };
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(border()),
            new TableLayout { Type = TableLayoutValues.Autofit }));
        table.Append(new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn())));
        for (var r = 0; r < rows.Count; r++)
        {
            var header = r < headerRows;
            var row = new TableRow();
            if (header)
            {
                row.Append(new TableRowProperties(new TableHeader()));
            }
            for (var c = 0; c < columns; c++)
            {
                var text = c < rows[r].Count ? rows[r][c] : "";
                var para = Para(header ? JustificationValues.Center : JustificationValues.Left, [Run(text, FangSong, TableSize, bold: header)],
                    spacing: new SpacingBetweenLines { Line = "360", LineRule = LineSpacingRuleValues.Auto });
                row.Append(new TableCell(new TableCellProperties(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }), para));
            }
            table.Append(row);
        }
        _body.Add(table);
        _body.Add(new Paragraph());
        return this;
    }

    private static Paragraph Indented(IEnumerable<OpenXmlElement> runs) => Para(JustificationValues.Both, runs, new Indentation { FirstLineChars = 200 });

    private static Paragraph Indented(OpenXmlElement run) => Indented([run]);

    private static Paragraph Para(JustificationValues align, OpenXmlElement run) => Para(align, [run]);

    /// <summary>A paragraph; its properties in the order the schema requires (spacing, indentation, justification).</summary>
    private static Paragraph Para(JustificationValues align, IEnumerable<OpenXmlElement> runs, Indentation? indentation = null, SpacingBetweenLines? spacing = null)
    {
        var props = new ParagraphProperties();
        if (spacing is not null)
        {
            props.Append(spacing);
        }
        if (indentation is not null)
        {
            props.Append(indentation);
        }
        props.Append(new Justification { Val = align });
        var p = new Paragraph(props);
        foreach (var run in runs)
        {
            p.Append(run);
        }
        return p;
    }

    private static RunFonts Fonts(string eastAsia) => new() { EastAsia = eastAsia, Ascii = Latin, HighAnsi = Latin, ComplexScript = Latin, Hint = FontTypeHintValues.EastAsia };

    private static Run Run(string text, string font, int size, bool bold = false, bool italic = false)
    {
        var props = new RunProperties(Fonts(font));
        if (bold)
        {
            props.Append(new Bold(), new BoldComplexScript());
        }
        if (italic)
        {
            props.Append(new Italic(), new ItalicComplexScript());
        }
        var sz = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        props.Append(new FontSize { Val = sz }, new FontSizeComplexScript { Val = sz });
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }
}
