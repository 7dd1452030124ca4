using System.Data;
using CongressHub.Domain.Common;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace CongressHub.Web.Documents;

/// <summary>
/// An Excel workbook (.xlsx) written with MiniExcel: one sheet per table, a header row, text as text cells and numbers
/// as numbers. Names and texts come from residents and users: a text that a spreadsheet would run as a formula is
/// escaped as <see cref="CsvFiles"/> escapes it in CSV, with a leading <c>'</c>.
/// </summary>
public sealed class Workbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private readonly Dictionary<string, object> _sheets = [];

    public Workbook Sheet(string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var table = new DataTable(SheetName(name));
        foreach (var column in header)
        {
            var title = column;
            for (var n = 2; table.Columns.Contains(title); n++)
            {
                title = $"{column} ({n})";
            }
            table.Columns.Add(title, typeof(object));
        }
        foreach (var row in rows)
        {
            table.Rows.Add(header.Select((_, i) => i < row.Count ? Cell(row[i]) : "").ToArray());
        }
        _sheets[table.TableName] = table;
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(_sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: new OpenXmlConfiguration { AutoFilter = false, TableStyles = TableStyles.None });
        return stream.ToArray();
    }

    /// <summary>A cell's value: text escaped where a spreadsheet would read a formula, numbers as they are, nothing as empty text.</summary>
    public static object Cell(object? value) => value switch
    {
        null => "",
        string s => Escape(s),
        int or long or double => value,
        _ => Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };

    public static string Escape(string text) =>
        text.Length > 0 && CsvFiles.WriterConfiguration.InjectionCharacters.Contains(text[0])
            ? CsvFiles.WriterConfiguration.InjectionEscapeCharacter + text
            : text;

    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim();
        return clean.Length == 0 ? "Sheet" : clean.Length > 31 ? clean[..31] : clean;
    }
}
