using System.Globalization;
using System.Text;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Directory;

/// <summary>One serving delegate of a term's roster.</summary>
public sealed record RosterRow(string Name, DelegateCategory Category, string? Community, string? Phone);

public sealed record RosterPreviewRow(int Line, string Name, string Category, string Community, string Phone, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>What an import would do, row by row, before anything is written. <see cref="FileError"/> is set when the file as a whole cannot be read.</summary>
public sealed record RosterPreview(string? FileError, IReadOnlyList<RosterPreviewRow> Rows)
{
    public int ValidCount => Rows.Count(r => r.IsValid);
    public int ErrorCount => Rows.Count(r => !r.IsValid);
    public bool CanImport => FileError is null && Rows.Count > 0 && ErrorCount == 0;
}

public sealed record RosterImportResult(int Imported, IReadOnlyList<IssuedCard> Cards);

/// <summary>
/// Imports a term's delegates from a CSV roster (columns name, category, community, phone; Chinese headers too)
/// and exports it. The preview validates every row; the import re-validates the same bytes and writes all rows,
/// their code-only accounts and their cards in one transaction, or nothing.
/// </summary>
public sealed class RosterImportService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxRows = 5000;

    private static readonly string[] NameHeaders = ["name", "姓名"];
    private static readonly string[] CategoryHeaders = ["category", "类别"];
    private static readonly string[] CommunityHeaders = ["community", "社区"];
    private static readonly string[] PhoneHeaders = ["phone", "电话", "手机"];

    static RosterImportService() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task<RosterPreview> PreviewAsync(Actor actor, int termId, byte[] content, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Access.InStreet(await db.Terms.FindAsync([termId], ct), streetId, t => t.StreetId);
        var (preview, _) = await ParseAsync(db, streetId, termId, content, ct);
        return preview;
    }

    public async Task<RosterImportResult> ImportAsync(Actor actor, int termId, byte[] content, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var db = change.Db;
        Access.InStreet(await db.Terms.FindAsync([termId], ct), streetId, t => t.StreetId);
        var (preview, inputs) = await ParseAsync(db, streetId, termId, content, ct);
        if (preview.FileError is not null)
        {
            throw new DomainException(preview.FileError);
        }
        if (!preview.CanImport)
        {
            throw DomainException.Because("Roster.HasErrors", preview.ErrorCount);
        }

        var roleId = await CodeOnlyAccounts.DelegateRoleIdAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var delegates = inputs.Select(i => CongressDelegate.Create(streetId, termId, i)).ToList();
        const int batch = 250;
        var issued = new List<(CongressDelegate, string)>(delegates.Count);
        for (var start = 0; start < delegates.Count; start += batch)
        {
            var chunk = delegates.Skip(start).Take(batch).ToList();
            db.Delegates.AddRange(chunk);
            await change.SaveAsync(ct);
            foreach (var d in chunk)
            {
                CodeOnlyAccounts.New(db, d, roleId);
                var (card, code) = DelegateCard.Issue(streetId, d.Id, now);
                db.DelegateCards.Add(card);
                issued.Add((d, code));
            }
            await change.SaveAsync(ct);
            db.ChangeTracker.Clear();
            progress?.Report(Math.Min(1.0, (start + chunk.Count) / (double)delegates.Count));
        }
        await change.CommitAsync(ct);
        return new RosterImportResult(delegates.Count, await CardService.DescribeAsync(db, issued, ct));
    }

    /// <summary>The term's active delegates as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese), headers in the current language.</summary>
    public async Task<byte[]> ExportAsync(Actor actor, int termId, CancellationToken ct = default)
    {
        var rows = await RosterAsync(actor, termId, ct);
        return await CsvFiles.WriteAsync(async csv =>
        {
            await csv.WriteRowAsync(new[] { "Csv.Name", "Csv.Category", "Csv.Community", "Csv.Phone" }.Select(key => DomainText.Get(key)));
            foreach (var d in rows)
            {
                await csv.WriteRowAsync([d.Name, d.Category.Label(), d.Community ?? "", d.Phone ?? ""]);
            }
        });
    }

    /// <summary>The serving delegates of a term, by category, community and name. Conveners of the term's street only.</summary>
    public async Task<IReadOnlyList<RosterRow>> RosterAsync(Actor actor, int termId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Access.InStreet(await db.Terms.FindAsync([termId], ct), streetId, t => t.StreetId);
        var communities = await db.Communities.Where(c => c.StreetId == streetId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var rows = await db.Delegates.AsNoTracking().Where(d => d.TermId == termId && d.RetiredUtc == null)
            .OrderBy(d => d.Category).ThenBy(d => d.CommunityId).ThenBy(d => d.Name).ThenBy(d => d.Id)
            .ToListAsync(ct);
        return rows.Select(d => new RosterRow(d.Name, d.Category, d.CommunityId is { } cid ? communities.GetValueOrDefault(cid) : null, d.Phone)).ToList();
    }

    private static async Task<(RosterPreview Preview, List<DelegateInput> Inputs)> ParseAsync(
        CongressDbContext db, int streetId, int termId, byte[] content, CancellationToken ct)
    {
        if (content.Length == 0)
        {
            return (Fail("Roster.Empty"), []);
        }
        if (content.Length > MaxBytes)
        {
            return (Fail("Roster.TooLarge", MaxBytes / 1024), []);
        }
        var text = Decode(content);
        if (text is null)
        {
            return (Fail("Roster.NotCsv"), []);
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
        };
        using var csv = new CsvReader(new StringReader(text), config);
        string[] header;
        try
        {
            if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } h)
            {
                return (Fail("Roster.Empty"), []);
            }
            header = h.Select(x => x.Trim().ToLowerInvariant()).ToArray();
        }
        catch (CsvHelperException)
        {
            return (Fail("Roster.NotCsv"), []);
        }

        var nameCol = Find(header, NameHeaders);
        var categoryCol = Find(header, CategoryHeaders);
        var communityCol = Find(header, CommunityHeaders);
        var phoneCol = Find(header, PhoneHeaders);
        if (nameCol < 0 || categoryCol < 0 || communityCol < 0)
        {
            return (Fail("Roster.WrongColumns", string.Join(", ", header)), []);
        }

        var communities = await db.Communities.Where(c => c.StreetId == streetId)
            .ToDictionaryAsync(c => c.Name.Trim(), c => c.Id, StringComparer.OrdinalIgnoreCase, ct);
        var existing = await db.Delegates.Where(d => d.TermId == termId && d.RetiredUtc == null)
            .Select(d => new { d.Name, d.Phone, d.CommunityId }).ToListAsync(ct);
        var seen = existing.Select(e => PersonKey(e.Name, e.Phone, e.CommunityId)).ToHashSet();
        var seenInFile = new Dictionary<string, int>();

        var rows = new List<RosterPreviewRow>();
        var inputs = new List<DelegateInput>();
        try
        {
            while (await csv.ReadAsync())
            {
                var line = csv.Parser.Row;
                // A roster this app exported has its formula-like cells escaped: read them as they were written.
                string Field(int col) => col >= 0 ? CsvFiles.Unescape((csv.GetField(col) ?? "").Trim()) : "";
                var name = Field(nameCol);
                var categoryText = Field(categoryCol);
                var communityText = Field(communityCol);
                var phone = Field(phoneCol);
                if (name.Length == 0 && categoryText.Length == 0 && communityText.Length == 0 && phone.Length == 0)
                {
                    continue;
                }
                if (rows.Count >= MaxRows)
                {
                    return (Fail("Roster.TooManyRows", MaxRows), []);
                }

                var errors = new List<string>();
                var category = DelegateCategories.Parse(categoryText);
                int? communityId = null;
                if (category is null)
                {
                    errors.Add(categoryText.Length == 0
                        ? DomainText.Get("Validation.Required", DomainText.Get("Field.Category"))
                        : DomainText.Get("Validation.UnknownCategoryText", categoryText));
                }
                if (communityText.Length > 0)
                {
                    if (communities.TryGetValue(communityText, out var cid))
                    {
                        communityId = cid;
                    }
                    else
                    {
                        errors.Add(DomainText.Get("Validation.UnknownCommunityText", communityText));
                    }
                }
                if (category is { } cat)
                {
                    var input = new DelegateInput(name, cat, communityId, phone.Length == 0 ? null : phone);
                    var check = input.Check();
                    if (!check.IsValid)
                    {
                        try { check.ThrowIfInvalid(); }
                        catch (ValidationFailedException ex)
                        {
                            // An unknown community was reported above; do not also say it is missing.
                            errors.AddRange(ex.Errors.Where(e => !(e.Field == nameof(DelegateInput.CommunityId) && communityText.Length > 0)).Select(e => e.Message));
                        }
                    }
                    else if (errors.Count == 0)
                    {
                        var key = PersonKey(name, ContactRules.Normalize(phone), communityId);
                        if (seen.Contains(key))
                        {
                            errors.Add(DomainText.Get("Validation.DuplicateDelegate", name));
                        }
                        else if (seenInFile.TryGetValue(key, out var firstLine))
                        {
                            errors.Add(DomainText.Get("Roster.DuplicateInFile", name, firstLine));
                        }
                        else
                        {
                            seenInFile[key] = line;
                            inputs.Add(input);
                        }
                    }
                }
                else if (name.Length == 0)
                {
                    errors.Add(DomainText.Get("Validation.Required", DomainText.Get("Field.PersonName")));
                }
                rows.Add(new RosterPreviewRow(line, name, category?.Label() ?? categoryText, communityText, phone, errors));
            }
        }
        catch (CsvHelperException)
        {
            return (Fail("Roster.NotCsv"), []);
        }

        if (rows.Count == 0)
        {
            return (Fail("Roster.NoRows"), []);
        }
        return (new RosterPreview(null, rows), inputs);
    }

    private static string PersonKey(string name, string? phone, int? communityId) =>
        phone is not null ? $"{name.Trim()}|p|{phone}" : $"{name.Trim()}|c|{communityId}";

    private static int Find(string[] header, string[] names) =>
        Array.FindIndex(header, h => names.Contains(h, StringComparer.OrdinalIgnoreCase));

    private static RosterPreview Fail(string key, params object?[] args) => new(DomainText.Get(key, args), []);

    /// <summary>UTF-8 (with or without BOM), else GB18030 as saved by spreadsheet programs on Chinese systems; null for binary data.</summary>
    private static string? Decode(byte[] content)
    {
        if (Array.IndexOf(content, (byte)0) >= 0)
        {
            return null;
        }
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            try
            {
                var gb = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
                return gb.GetString(content);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
    }
}
