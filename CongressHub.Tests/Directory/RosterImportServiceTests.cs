using System.Globalization;
using System.Text;
using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Directory;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class RosterImportServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _termId;
    private RosterImportService Roster => _db.Get<RosterImportService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _termId = (await _db.Get<DirectoryService>().GetCurrentTermAsync(_convener))!.Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static byte[] Csv(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Preview_ReportsEachBadRowWithItsReason_AndWritesNothing()
    {
        var csv = Csv("""
            姓名,类别,社区,电话
            甲一,居民代表,东风社区,13800000101
            ,居民代表,东风社区,
            乙二,居民代表,不存在社区,
            丙三,村长,东风社区,
            丁四,居民代表,东风社区,12345
            甲一,居民代表,东风社区,13800000101
            戊五,居民代表,,
            """);

        var preview = await Roster.PreviewAsync(_convener, _termId, csv);

        Assert.Null(preview.FileError);
        Assert.Equal(7, preview.Rows.Count);
        Assert.True(preview.Rows[0].IsValid);
        Assert.Contains(preview.Rows[1].Errors, e => e.Contains("姓名") || e.Contains("名称"));
        Assert.Contains(preview.Rows[2].Errors, e => e.Contains("不存在社区"));
        Assert.Contains(preview.Rows[3].Errors, e => e.Contains("村长"));
        Assert.Contains(preview.Rows[4].Errors, e => e.Contains("12345"));
        Assert.Contains(preview.Rows[5].Errors, e => e.Contains("第 2 行"));
        Assert.NotEmpty(preview.Rows[6].Errors);
        Assert.False(preview.CanImport);
        Assert.Equal(2, preview.Rows[0].Line);
        await using var ctx = _db.NewContext();
        Assert.Equal(80, await ctx.Delegates.CountAsync(d => ctx.Terms.Any(t => t.Id == d.TermId && t.CommunityId == null && t.Body == VotingBody.Congress)));
    }

    [Fact]
    public async Task Preview_PersonAlreadyOnTheRoster_IsADuplicate()
    {
        string existing;
        await using (var ctx = _db.NewContext())
        {
            existing = (await ctx.Delegates.FirstAsync(d => d.Phone == "13800000001")).Name;
        }

        var preview = await Roster.PreviewAsync(_convener, _termId, Csv($"name,category,community,phone\n{existing},deputy,,13800000001\n"));

        Assert.Contains(preview.Rows.Single().Errors, e => e.Contains(existing));
    }

    [Theory]
    [InlineData("", "空")]
    [InlineData("name,category\n张三,resident\n", "表头")]
    [InlineData("姓名,类别,社区\n", "只有表头")]
    public async Task Preview_UnusableFile_GivesOneClearMessage(string content, string expected)
    {
        var preview = await Roster.PreviewAsync(_convener, _termId, Csv(content));

        Assert.Contains(expected, preview.FileError);
        Assert.Empty(preview.Rows);
    }

    [Fact]
    public async Task Preview_BinaryFile_IsNotCsv()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D };

        var preview = await Roster.PreviewAsync(_convener, _termId, png);

        Assert.Contains("CSV", preview.FileError);
    }

    [Fact]
    public async Task Preview_OverTheSizeLimit_IsRefused()
    {
        var big = new byte[RosterImportService.MaxBytes + 1];
        Array.Fill(big, (byte)'a');

        var preview = await Roster.PreviewAsync(_convener, _termId, big);

        Assert.Contains("KB", preview.FileError);
    }

    [Fact]
    public async Task Preview_Gb18030File_FromAChineseSpreadsheet_IsRead()
    {
        var gb = Encoding.GetEncoding("GB18030").GetBytes("姓名,类别,社区\r\n孔明,居民代表,和平社区\r\n");

        var preview = await Roster.PreviewAsync(_convener, _termId, gb);

        Assert.True(preview.CanImport);
        Assert.Equal("孔明", preview.Rows.Single().Name);
    }

    [Fact]
    public async Task Import_WithErrors_IsRefusedAndWritesNothing()
    {
        var csv = Csv("name,category,community\n好人,resident,东风社区\n坏行,unknown,东风社区\n");

        var ex = await Assert.ThrowsAsync<DomainException>(() => Roster.ImportAsync(_convener, _termId, csv));

        Assert.Contains("1", ex.Message);
        await using var ctx = _db.NewContext();
        Assert.False(await ctx.Delegates.AnyAsync(d => d.Name == "好人"));
    }

    [Fact]
    public async Task Import_WritesDelegatesWithCodeOnlyAccountsAndWorkingCards()
    {
        var csv = Csv("name,category,community,phone\n新甲,resident,东风社区,13900000001\n新乙,cppcc,,\n");
        var reports = new List<double>();

        var result = await Roster.ImportAsync(_convener, _termId, csv, new SyncProgress(reports.Add));

        Assert.Equal(2, result.Imported);
        Assert.Equal(["新甲", "新乙"], result.Cards.Select(c => c.Name));
        Assert.Equal(1.0, reports[^1]);
        var holder = await _db.Get<CardService>().FindHolderAsync(result.Cards[0].Code);
        await using var ctx = _db.NewContext();
        var user = await ctx.Users.SingleAsync(u => u.Id == holder!.UserId);
        Assert.Null(user.PasswordHash);
        Assert.Equal(_convener.StreetId, user.StreetId);
        Assert.True(await ctx.UserRoles.AnyAsync(r => r.UserId == user.Id && ctx.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Delegate)));
    }

    [Fact]
    public async Task Import_TwoThousandRows_AllWrittenInOneGo()
    {
        var sb = new StringBuilder("name,category,community,phone\n");
        for (var i = 0; i < 2000; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"代表{i:D4},resident,东风社区,139{i:D8}\n");
        }

        var result = await Roster.ImportAsync(_convener, _termId, Csv(sb.ToString()));

        Assert.Equal(2000, result.Imported);
        Assert.Equal(2000, result.Cards.Select(c => c.Code).Distinct().Count());
        await using var ctx = _db.NewContext();
        Assert.Equal(2040, await ctx.Delegates.CountAsync(d => d.TermId == _termId));
    }

    [Fact]
    public async Task Export_ThenPreviewIntoANewTerm_RoundTrips()
    {
        var directory = _db.Get<DirectoryService>();
        var today = DateOnly.FromDateTime(_db.Clock.GetUtcNow().UtcDateTime);
        var nextTerm = await directory.CreateTermAsync(_convener, new TermInput(4, today.AddYears(4).AddDays(1), today.AddYears(9)));

        var csv = await Roster.ExportAsync(_convener, _termId);
        var preview = await Roster.PreviewAsync(_convener, nextTerm, csv);

        Assert.Equal(40, preview.Rows.Count);
        Assert.True(preview.CanImport, string.Join("; ", preview.Rows.SelectMany(r => r.Errors)));
    }

    [Fact]
    public async Task PreviewAndExport_TermOfAnotherStreet_AreNotFound()
    {
        var convener2 = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<NotFoundException>(() => Roster.ExportAsync(convener2, _termId));
        await Assert.ThrowsAsync<NotFoundException>(() => Roster.PreviewAsync(convener2, _termId, Csv("name,category,community\n")));
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
