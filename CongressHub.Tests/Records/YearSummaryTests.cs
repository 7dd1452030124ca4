using CongressHub.Domain.Common;
using CongressHub.Domain.Records;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Records;

/// <summary>
/// A delegate's yearly summary (年度履职小结): written and rewritten by that delegate only, read by the convener and
/// residents with the record, refused with the field named when empty, too long, marked up or for a year outside the
/// term; and every delegate's record of the term, for the convener only.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class YearSummaryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _delegate01 = null!;

    private DelegateRecordService Records => _db.Get<DelegateRecordService>();

    private int Own => _delegate01.DelegateId!.Value;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _delegate01 = await _db.ActorAsync("delegate01");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task SaveYearSummary_ByTheDelegate_IsOnePerYear_ReadByTheConvenerAndResidents_AndAudited()
    {
        var year = (await Records.RecordAsync(_delegate01, Own)).SummaryYears[^1];

        await Records.SaveYearSummaryAsync(_delegate01, Own, year, "  参加了四次代表会议，转达了居民关于停车难的意见。  ");
        await Records.SaveYearSummaryAsync(_delegate01, Own, year, "参加了四次代表会议。\n走访了三个楼组。");

        Assert.Contains(new RecordsChanged(_delegate01.StreetId!.Value), _db.Events.All);
        var seen = await Records.RecordAsync(_convener, Own);
        var summary = Assert.Single(seen.Summaries);
        Assert.Equal((year, "参加了四次代表会议。\n走访了三个楼组。"), (summary.Year, summary.Text));
        var shown = await Records.PublicRecordAsync("shiyan", Own);
        Assert.Equal(summary.Text, Assert.Single(shown!.Record.Summaries).Text);
        await using var db = _db.NewContext();
        Assert.Equal(1, await db.DelegateYearSummaries.CountAsync(s => s.DelegateId == Own));
        Assert.Equal(["Records.YearSummaryWritten", "Records.YearSummaryRewritten"],
            await db.AuditEntries.Where(a => a.Action.StartsWith("Records.YearSummary")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task SaveYearSummary_OfAnotherDelegate_IsRefused_ForTheConvenerToo_AndNotFoundForAnotherStreet()
    {
        var year = (await Records.RecordAsync(_delegate01, Own)).SummaryYears[^1];
        var delegate02 = await _db.ActorAsync("delegate02");
        var convener2 = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<ForbiddenException>(() => Records.SaveYearSummaryAsync(delegate02, Own, year, "代写的小结"));
        await Assert.ThrowsAsync<ForbiddenException>(() => Records.SaveYearSummaryAsync(_convener, Own, year, "召集人写的小结"));
        await Assert.ThrowsAsync<NotFoundException>(() => Records.SaveYearSummaryAsync(convener2, Own, year, "另一街道"));
        await Assert.ThrowsAsync<NotFoundException>(() => Records.SaveYearSummaryAsync(_delegate01, 999_999, year, "没有这位代表"));

        await using var db = _db.NewContext();
        Assert.False(await db.DelegateYearSummaries.AnyAsync());
    }

    [Theory]
    [InlineData("   ", "Text", "年度履职小结")]
    [InlineData("<script>alert(1)</script>走访居民", "Text", "HTML")]
    [InlineData("<b>重点</b>", "Text", "HTML")]
    [InlineData(null, "Text", "年度履职小结")]
    public async Task SaveYearSummary_WithBadText_IsRefusedWithTheFieldNamed(string? text, string field, string said)
    {
        var year = (await Records.RecordAsync(_delegate01, Own)).SummaryYears[^1];

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.SaveYearSummaryAsync(_delegate01, Own, year, text));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(said, error.Message);
        await using var db = _db.NewContext();
        Assert.False(await db.DelegateYearSummaries.AnyAsync());
    }

    [Fact]
    public async Task SaveYearSummary_TooLongOrOutsideTheTerm_IsRefusedWithTheFieldNamed()
    {
        var years = (await Records.RecordAsync(_delegate01, Own)).SummaryYears;

        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.SaveYearSummaryAsync(_delegate01, Own, years[^1], new string('字', DelegateYearSummary.TextMaxLength + 1)));
        var past = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.SaveYearSummaryAsync(_delegate01, Own, years[0] - 1, "任期之前"));
        var future = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.SaveYearSummaryAsync(_delegate01, Own, years[^1] + 1, "还没到"));

        Assert.Equal("Text", Assert.Single(tooLong.Errors).Field);
        Assert.Contains(DelegateYearSummary.TextMaxLength.ToString(), tooLong.Errors[0].Message);
        Assert.Equal("Year", Assert.Single(past.Errors).Field);
        Assert.Equal("Year", Assert.Single(future.Errors).Field);
        await using var db = _db.NewContext();
        Assert.False(await db.DelegateYearSummaries.AnyAsync());
    }

    [Fact]
    public async Task TermRecords_AreTheConvenersOnly_OneRowPerDelegateOfTheirStreetsCurrentTerm()
    {
        var convener2 = await _db.ActorAsync("convener2");
        var term = (await _db.Get<Domain.Directory.DirectoryService>().GetCurrentTermAsync(_convener))!;
        await using var db = _db.NewContext();
        var ids = await db.Delegates.Where(d => d.TermId == term.Id).Select(d => d.Id).OrderBy(d => d).ToListAsync();

        var mine = await Records.TermRecordsAsync(_convener);
        var theirs = await Records.TermRecordsAsync(convener2);

        Assert.Equal(term.Number, mine.TermNumber);
        Assert.Equal(ids, mine.Records.Select(r => r.DelegateId).Order());
        Assert.Empty(theirs.Records.Select(r => r.DelegateId).Intersect(ids));
        Assert.NotEmpty(theirs.Records);
        foreach (var user in new[] { "delegate01", "staff01", "officer01" })
        {
            await Assert.ThrowsAsync<ForbiddenException>(async () => await Records.TermRecordsAsync(await _db.ActorAsync(user)));
        }
    }
}
