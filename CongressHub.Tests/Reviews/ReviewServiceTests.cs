using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Reviews;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class ReviewServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _session;

    private ReviewService Reviews => _db.Get<ReviewService>();
    private SessionService Sessions => _db.Get<SessionService>();

    private SnapshotBuilder Snapshots => _db.Get<SnapshotBuilder>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _session = await Sessions.CreateSessionAsync(_convener, new SessionInput(SessionKind.AnnualReview, "年度述职评议会议", _db.Clock.GetUtcNow().UtcDateTime.AddDays(20), "礼堂"), withTemplate: false);
        await Sessions.AddItemAsync(_convener, _session, new AgendaItemInput(AgendaItemType.WorkReportReview, "述职评议", null, null, 60));
        await Sessions.PublishAsync(_convener, _session);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private ReviewRoundInput Input(int year) =>
        new(year, _session, _db.Clock.GetUtcNow().UtcDateTime.AddDays(10), ["履职尽责", "回应群众", "廉洁自律"]);

    private async Task<(int Round, IReadOnlyList<WorkReportRow> Reports)> RatingOpenAsync(int year)
    {
        var round = await Reviews.PrepareRoundAsync(_convener, Input(year));
        await Reviews.OpenReportsAsync(_convener, round);
        var officer01 = await _db.ActorAsync("officer01");
        foreach (var r in (await Reviews.MyReportsAsync(officer01)).Where(r => r.RoundId == round))
        {
            await Reviews.SubmitReportAsync(officer01, r.Id, $"## {year}年工作\n完成各项任务。", "新增就业岗位：320");
        }
        // The others' reports, entered by the convener for them.
        foreach (var r in (await Reviews.GetRoundAsync(_convener, round)).Reports.Where(r => !r.Submitted))
        {
            await Reviews.SubmitReportAsync(_convener, r.Id, $"{r.Title}{year}年工作报告。", null);
        }
        await Reviews.ReleaseAsync(_convener, round);
        await Reviews.OpenRatingAsync(_convener, round);
        return (round, (await Reviews.GetRoundAsync(_convener, round)).Reports);
    }

    private async Task<Actor> PresentAsync(string account)
    {
        var a = await _db.ActorAsync(account);
        await Sessions.CheckInAsync(a, _session);
        return a;
    }

    [Fact]
    public async Task Demo_HasLastYearsPublishedResults_WithARanking()
    {
        var round = (await Reviews.ListRoundsAsync(_convener)).Single();

        var results = await Reviews.ResultsAsync(await _db.ActorAsync("delegate01"), round.Id);

        Assert.Equal((2025, ReviewState.Published), (round.Year, round.State));
        Assert.Equal(4, results.Departments.Count);
        Assert.Contains(results.Departments, r => r.Standing == Standing.Commend);
        Assert.Contains(results.Departments, r => r.Standing == Standing.FollowUpTalk);
        Assert.All(results.Departments, r => Assert.Equal(32, r.Result.Raters));
    }

    [Fact]
    public async Task Prepare_ListsTheStreetOffice_EachDepartment_AndEachLeadingOfficial()
    {
        var round = await Reviews.PrepareRoundAsync(_convener, Input(2026));

        var reports = (await Reviews.GetRoundAsync(_convener, round)).Reports;

        Assert.Equal(1, reports.Count(r => r.Kind == ReporterKind.StreetOffice));
        Assert.Equal(4, reports.Count(r => r.Kind == ReporterKind.Department));
        Assert.Equal(2, reports.Count(r => r.Kind == ReporterKind.Official));
        Assert.All(reports, r => Assert.False(r.Submitted));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Reviews.PrepareRoundAsync(_convener, Input(2026)));
    }

    [Fact]
    public async Task Update_ChangesTheSettings_UntilRatingOpens_AndRefusesATakenYear()
    {
        var round = await Reviews.PrepareRoundAsync(_convener, Input(2026));

        await Reviews.UpdateRoundAsync(_convener, round, Input(2026) with { Criteria = ["履职尽责", "服务群众"], CommendAtOrAbove = 85 });
        var taken = await Assert.ThrowsAsync<ValidationFailedException>(() => Reviews.UpdateRoundAsync(_convener, round, Input(2025)));

        var detail = await Reviews.GetRoundAsync(_convener, round);
        Assert.Equal(["履职尽责", "服务群众"], detail.Criteria);
        Assert.Equal(85.0, detail.CommendAtOrAbove);
        Assert.Contains("2025", taken.Message);
    }

    [Fact]
    public async Task Submit_AfterTheDeadline_IsRefused_UntilTheConvenerExtendsIt()
    {
        var round = await Reviews.PrepareRoundAsync(_convener, Input(2026));
        await Reviews.OpenReportsAsync(_convener, round);
        var officer03 = await _db.ActorAsync("officer03");
        var mine = Assert.Single(await Reviews.MyReportsAsync(officer03));

        _db.Clock.Advance(TimeSpan.FromDays(11));
        var late = await Assert.ThrowsAsync<DomainException>(() => Reviews.SubmitReportAsync(officer03, mine.Id, "报告", null));
        await Reviews.ExtendDeadlineAsync(_convener, round, _db.Clock.GetUtcNow().UtcDateTime.AddDays(2));
        await Reviews.SubmitReportAsync(officer03, mine.Id, "报告", "走访居民 1,200 户");
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => Reviews.SubmitReportAsync(officer03, mine.Id, new string('字', WorkReport.TextMaxLength + 1), null));
        var notMine = await Assert.ThrowsAsync<ForbiddenException>(async () => await Reviews.SubmitReportAsync(await _db.ActorAsync("officer04"), mine.Id, "报告", null));

        Assert.Contains("截止时间已过", late.Message);
        Assert.True((await Reviews.GetRoundAsync(_convener, round)).Reports.Single(r => r.Id == mine.Id).Submitted);
        Assert.NotNull(tooLong);
        Assert.NotNull(notMine);
    }

    [Fact]
    public async Task OpenRating_OpensOnlySubmittedReports()
    {
        var round = await Reviews.PrepareRoundAsync(_convener, Input(2026));
        await Reviews.OpenReportsAsync(_convener, round);
        var officer03 = await _db.ActorAsync("officer03");
        var mine = Assert.Single(await Reviews.MyReportsAsync(officer03));
        await Reviews.SubmitReportAsync(officer03, mine.Id, "报告", null);
        await Reviews.ReleaseAsync(_convener, round);

        await Reviews.OpenRatingAsync(_convener, round);

        var reports = (await Reviews.GetRoundAsync(_convener, round)).Reports;
        Assert.Equal([mine.Id], reports.Where(r => r.RatingOpen).Select(r => r.Id));
        var agenda = (await Snapshots.ReadAsync(_convener, _session)).Items.Where(i => i.Type == AgendaItemType.WorkReportReview).ToList();
        Assert.Contains(agenda, i => i.Title == mine.Title && i.DescriptionMarkdown == "报告");
        var refused = await Assert.ThrowsAsync<DomainException>(async () =>
            await Reviews.RateAsync(await PresentAsync("delegate05"), reports.First(r => !r.Submitted).Id, new RatingInput(Grade.Satisfied, [5, 5, 5], null)));
        Assert.Contains("不接受评议", refused.Message);
    }

    [Fact]
    public async Task Rating_OncePerDelegate_OnlyWhenPresentAndOpen_WithScoresInRange()
    {
        var (round, reports) = await RatingOpenAsync(2026);
        var report = reports[0].Id;
        var d1 = await PresentAsync("delegate01");
        var absent = await _db.ActorAsync("delegate02");

        await Reviews.RateAsync(d1, report, new RatingInput(Grade.Satisfied, [5, 4, 5], "工作扎实"));
        var twice = await Assert.ThrowsAsync<DomainException>(() => Reviews.RateAsync(d1, report, new RatingInput(Grade.NotSatisfied, [1, 1, 1], null)));
        var notPresent = await Assert.ThrowsAsync<ForbiddenException>(() => Reviews.RateAsync(absent, report, new RatingInput(Grade.Satisfied, [5, 5, 5], null)));
        var outOfRange = await Assert.ThrowsAsync<ValidationFailedException>(async () => await Reviews.RateAsync(await PresentAsync("delegate03"), report, new RatingInput(Grade.Satisfied, [6, 5, 5], null)));
        var officer = await Assert.ThrowsAsync<ForbiddenException>(async () => await Reviews.RateAsync(await _db.ActorAsync("officer03"), report, new RatingInput(Grade.Satisfied, [5, 5, 5], null)));
        await Reviews.CloseRatingAsync(_convener, round);
        var closed = await Assert.ThrowsAsync<DomainException>(async () => await Reviews.RateAsync(await PresentAsync("delegate04"), report, new RatingInput(Grade.Satisfied, [5, 5, 5], null)));

        Assert.Contains("不能更改", twice.Message);
        Assert.Contains("签到", notPresent.Message);
        Assert.NotNull(outOfRange);
        Assert.NotNull(officer);
        Assert.NotNull(closed);
        Assert.Equal(1, (await Reviews.GetRoundAsync(_convener, round)).Reports.Single(r => r.Id == report).Raters);
    }

    /// <summary>
    /// Copies of the database files taken while rating is open and after it closed with a reader holding the log, read
    /// as an attacker would: no commit, column, length, row order or writing transaction links a rating to who gave it.
    /// </summary>
    [Fact]
    public async Task Ratings_CopiesOfTheFiles_WhileOpen_AndAfterClose_LinkNoRatingToItsRater()
    {
        var (round, reports) = await RatingOpenAsync(2026);
        var report = reports[0].Id;
        Npgsql.NpgsqlConnection? pg = null;
        var start = "";
        if (_db.IsPostgres)
        {
            pg = new Npgsql.NpgsqlConnection(_db.ConnectionString);
            await pg.OpenAsync();
            start = await StoredCopies.WalPositionAsync(pg);
        }
        // On SQLite a reader (a report, a backup) holds the log from before the first rating until after the close, so
        // nothing of the log can be emptied into the file or overwritten: the copies hold every commit.
        await using var reader = new SqliteConnection($"Data Source={(_db.IsPostgres ? ":memory:" : _db.Path)};Pooling=False");
        await reader.OpenAsync();
        await using var held = reader.BeginTransaction(deferred: true);
        await using (var read = reader.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master";
            await read.ExecuteScalarAsync();
        }
        var truth = new Dictionary<int, string>();
        for (var i = 1; i <= 12; i++)
        {
            var d = await PresentAsync($"delegate{i:D2}");
            var grade = i <= 4 ? Grade.NotSatisfied : i % 2 == 0 ? Grade.Satisfied : Grade.BasicallySatisfied;
            await Reviews.RateAsync(d, report, new RatingInput(grade, [i <= 4 ? 1 : 5, 3, 3], i % 3 == 0 ? $"意见{i}" : null));
            truth[d.DelegateId!.Value] = grade.ToString();
        }
        var inArrivalOrder = Enumerable.Range(1, 12).Select(i => i <= 4 ? 3L : i % 2 == 0 ? 1L : 2L).ToList();
        if (pg is not null)
        {
            await using (pg)
            {
                int? Rated(StoredCopies.PgTuple t) => t.Table == "ReportRaters" && t.Int(0) == report ? t.Int(1) : null;
                async Task<List<StoredCopies.PgTuple>> TuplesAsync() =>
                    [.. await StoredCopies.TuplesAsync(pg, "ReportRaters"), .. await StoredCopies.TuplesAsync(pg, "SealedBallots"),
                     .. await StoredCopies.TuplesAsync(pg, "ReportRatings"), .. await StoredCopies.TuplesAsync(pg, "BallotKeys")];
                var whileOpen = await TuplesAsync();
                await Reviews.CloseRatingAsync(_convener, round);
                var versions = await TuplesAsync();
                var log = await StoredCopies.WalAsync(pg, start, "ReportRaters", "SealedBallots", "ReportRatings");
                var during = StoredCopies.PgCommits(whileOpen, Rated, log);
                Assert.Equal(12, StoredCopies.SingleParticipantCommits(during));
                Assert.Empty(StoredCopies.LinkingColumns(during, truth));
                Assert.Empty(StoredCopies.LinkingColumns(StoredCopies.PgCommits(versions, Rated, log), truth));
                Assert.Equal(12, log.Writes.Values.Count(t => t.Contains("ReportRaters") && t.Contains("SealedBallots")));
                Assert.DoesNotContain(log.Writes.Values, t => t.Contains("ReportRaters") && t.Contains("ReportRatings"));
                var ratings = versions.Where(t => t.Table == "ReportRatings" && t.Live && t.Int(1) == report).ToList();
                Assert.Equal(12, ratings.Count);
                Assert.DoesNotContain(log.TopOf(Assert.Single(ratings.Select(r => r.Xmin).Distinct())), versions.Where(t => Rated(t) is not null).Select(t => log.TopOf(t.Xmin)));
                Assert.NotEqual(inArrivalOrder, ratings.Select(r => (long)r.Int(2)));
            }
        }
        else
        {
            var (dbDuring, walDuring) = StoredCopies.CopySqlite(_db.Path);
            await Reviews.CloseRatingAsync(_convener, round);
            var (dbAfter, walAfter) = StoredCopies.CopySqlite(_db.Path);
            await held.RollbackAsync();

            var raters = $"SELECT DelegateId FROM ReportRaters WHERE ReportId = {report}";
            var during = await StoredCopies.CommitsAsync(dbDuring, walDuring, "ReportRaters", raters);
            var after = await StoredCopies.CommitsAsync(dbAfter, walAfter, "ReportRaters", raters);
            Assert.Equal(12, StoredCopies.SingleParticipantCommits(during));
            Assert.Empty(StoredCopies.LinkingColumns(during, truth));
            Assert.Empty(StoredCopies.LinkingColumns(after, truth));
            var cells = (await StoredCopies.CellsInFileOrderAsync(StoredCopies.Replay(dbAfter, walAfter).Last(), "ReportRatings")).Where(r => (long)r[1]! == report).ToList();
            Assert.Equal(12, cells.Count);
            Assert.NotEqual(inArrivalOrder, cells.Select(r => (long)r[2]!));
        }
        // What was given is all there once rating closed.
        Assert.Equal(12, (await Reviews.GetRoundAsync(_convener, round)).Reports.Single(r => r.Id == report).Raters);
    }

    private static async Task<List<string[]>> RowsAsync(Npgsql.NpgsqlConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        }
        return rows;
    }

    [Fact]
    public async Task Results_RankAndCompareYearOverYear_OnlyOncePublishedForOthers()
    {
        var (last, lastReports) = await RatingOpenAsync(2027);
        var d1 = await PresentAsync("delegate01");
        var d2 = await PresentAsync("delegate02");
        foreach (var r in lastReports)
        {
            await Reviews.RateAsync(d1, r.Id, new RatingInput(Grade.Satisfied, [5, 5, 5], null));
            await Reviews.RateAsync(d2, r.Id, new RatingInput(Grade.NotSatisfied, [2, 2, 2], null));
        }
        await Reviews.CloseRatingAsync(_convener, last);
        await Reviews.PublishAsync(_convener, last);
        var (now, nowReports) = await RatingOpenAsync(2028);
        foreach (var r in nowReports)
        {
            await Reviews.RateAsync(d1, r.Id, new RatingInput(Grade.Satisfied, [5, 4, 5], null));
            await Reviews.RateAsync(d2, r.Id, new RatingInput(r.Kind == ReporterKind.Department && r.Title == "民政科" ? Grade.NotSatisfied : Grade.BasicallySatisfied, [4, 4, 4], null));
        }
        await Reviews.CloseRatingAsync(_convener, now);
        var beforePublish = await Assert.ThrowsAsync<NotFoundException>(async () => await Reviews.ResultsAsync(await _db.ActorAsync("delegate01"), now));
        await Reviews.PublishAsync(_convener, now);

        var results = await Reviews.ResultsAsync(await _db.ActorAsync("delegate01"), now);
        var civil = results.Departments.Single(r => r.Result.Title == "民政科");

        Assert.NotNull(beforePublish);
        Assert.Equal((4, 50.0, Standing.FollowUpTalk), (civil.Rank, civil.Result.SatisfactionRate!.Value, civil.Standing));
        Assert.All(results.Departments.Where(r => r.Result.Title != "民政科"), r => Assert.Equal((1, Standing.Commend), (r.Rank, r.Standing)));
        // The demo's published 2025 round comes first in the history, then these two years.
        Assert.Equal([(2027, (double?)50.0), (2028, 50.0)], results.History[ReviewService.KeyOf(civil.Result)].TakeLast(2));
        Assert.Equal(2025, results.History[ReviewService.KeyOf(civil.Result)][0].Year);
        Assert.NotNull(await Reviews.PublicResultsAsync("shiyan", 2028));
        Assert.Null(await Reviews.PublicResultsAsync("xinghai", 2028));
        Assert.Contains(2025, await Reviews.ListPublishedYearsAsync("shiyan"));
    }

    [Fact]
    public async Task SaveDraft_KeepsTheText_ForItsWriterAlone_UntilSubmitted()
    {
        var round = await Reviews.PrepareRoundAsync(_convener, Input(2031));
        await Reviews.OpenReportsAsync(_convener, round);
        var officer = await _db.ActorAsync("officer03");
        var report = (await Reviews.MyReportsAsync(officer)).Single(r => r.RoundId == round);

        await Reviews.SaveReportDraftAsync(officer, report.Id, "## 草稿\n尚未写完", null);
        await Reviews.ReleaseAsync(_convener, round);

        var mine = (await Reviews.GetRoundAsync(officer, round)).Reports.Single(r => r.Id == report.Id);
        var convenersView = (await Reviews.GetRoundAsync(_convener, round)).Reports.Single(r => r.Id == report.Id);
        var delegatesView = (await Reviews.GetRoundAsync(await _db.ActorAsync("delegate01"), round)).Reports.Single(r => r.Id == report.Id);
        Assert.False(mine.Submitted);
        Assert.Contains("尚未写完", mine.TextMarkdown);
        Assert.Equal("", convenersView.TextMarkdown);
        Assert.Equal("", delegatesView.TextHtml);
        Assert.DoesNotContain((await Snapshots.ReadAsync(_convener, _session)).Items, i => i.Title == report.Title);
    }

    [Fact]
    public async Task SaveDraft_AfterSubmitting_OrByAnotherOfficer_IsRefused()
    {
        var round = await Reviews.PrepareRoundAsync(_convener, Input(2032));
        await Reviews.OpenReportsAsync(_convener, round);
        var officer = await _db.ActorAsync("officer03");
        var report = (await Reviews.MyReportsAsync(officer)).Single(r => r.RoundId == round);
        await Reviews.SubmitReportAsync(officer, report.Id, "正式报告", null);

        await Assert.ThrowsAsync<DomainException>(() => Reviews.SaveReportDraftAsync(officer, report.Id, "改成草稿", null));
        var other = await _db.ActorAsync("officer04");
        await Assert.ThrowsAsync<ForbiddenException>(() => Reviews.SaveReportDraftAsync(other, report.Id, "别人的草稿", null));

        Assert.Equal("正式报告", (await Reviews.GetRoundAsync(_convener, round)).Reports.Single(r => r.Id == report.Id).TextMarkdown);
    }
}
