using CongressHub.Domain.Common;
using CsvHelper;

namespace CongressHub.Web.Api;

/// <summary>A CSV file for download, written through <see cref="CsvFiles"/> (UTF-8 with BOM, no formula cells).</summary>
public static class CsvDownload
{
    public static async Task<IResult> CreateAsync(string fileName, Func<CsvWriter, Task> write) =>
        Results.File(await CsvFiles.WriteAsync(write), "text/csv; charset=utf-8", fileName);
}
