using System.Globalization;
using System.Text;
using CsvHelper;

namespace CongressHub.Web.Api;

/// <summary>A CSV file for download: UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese.</summary>
public static class CsvDownload
{
    public static async Task<IResult> CreateAsync(string fileName, Func<CsvWriter, Task> write)
    {
        var stream = new MemoryStream();
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            await write(csv);
        }
        return Results.File(stream.ToArray(), "text/csv; charset=utf-8", fileName);
    }

    public static async Task WriteRowAsync(this CsvWriter csv, IEnumerable<object?> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field);
        }
        await csv.NextRecordAsync();
    }
}
