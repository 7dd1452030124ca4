using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace CongressHub.Domain.Common;

/// <summary>
/// Every CSV file the app writes starts here: UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese,
/// and no cell that a spreadsheet would run as a formula.
/// </summary>
/// <remarks>
/// Names and texts come from residents and users; a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab
/// or a carriage return would be a formula in Excel or WPS (<c>=HYPERLINK(…)</c> on a convener's computer).
/// <see cref="InjectionOptions.Escape"/> puts a <c>'</c> before it, which shows the text as written.
/// <see cref="Unescape"/> takes it off again when a file the app wrote is read back (a roster seeds the next term).
/// </remarks>
public static class CsvFiles
{
    public static CsvConfiguration WriterConfiguration { get; } = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    /// <summary>Writes a CSV file with <paramref name="write"/> and returns its bytes.</summary>
    public static async Task<byte[]> WriteAsync(Func<CsvWriter, Task> write)
    {
        await using var stream = new MemoryStream();
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, WriterConfiguration))
        {
            await write(csv);
        }
        return stream.ToArray();
    }

    /// <summary>Writes one record of the given fields.</summary>
    public static async Task WriteRowAsync(this CsvWriter csv, IEnumerable<object?> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field);
        }
        await csv.NextRecordAsync();
    }

    /// <summary>A cell as written before <see cref="WriterConfiguration"/> escaped it.</summary>
    public static string Unescape(string field) =>
        field.Length > 1 && field[0] == WriterConfiguration.InjectionEscapeCharacter && WriterConfiguration.InjectionCharacters.Contains(field[1])
            ? field[1..]
            : field;
}
