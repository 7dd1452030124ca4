using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Sessions;

/// <summary>The figures behind the convener's charts: attendance per session of the term, opinions per category and month.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class AttendanceByTermTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AttendanceByTerm_CountsPresentExcusedAbsentOfEachEndedSession_OldestFirst_LeavingOutTheLiveOne()
    {
        var convener = await _db.ActorAsync("convener");
        var lastYear = SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime).Year - 1;

        var rows = await _db.Get<SessionService>().AttendanceByTermAsync(convener);

        Assert.Equal(
            [($"{lastYear}年度述职评议会议", 40, 32, 0, 8), ("上一季度居民代表会议例会", 40, 36, 2, 2)],
            rows.Select(r => (r.Title, r.All, r.Present, r.Excused, r.Absent)));
    }

    [Fact]
    public async Task AttendanceByTerm_ForADelegate_IsForbidden()
    {
        var delegate01 = await _db.ActorAsync("delegate01");

        await Assert.ThrowsAsync<ForbiddenException>(() => _db.Get<SessionService>().AttendanceByTermAsync(delegate01));
    }

    [Fact]
    public async Task MonthlyCategories_AddUpToTheMonthlyGrid_AndStayInTheConvenersStreet()
    {
        var convener = await _db.ActorAsync("convener");
        var year = SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime).Year;
        var tracking = _db.Get<TrackingService>();

        var categories = await tracking.MonthlyCategoriesAsync(convener, year);
        var grid = await tracking.MonthlyGridAsync(convener, year);

        Assert.NotEmpty(categories);
        Assert.All(categories, c => Assert.True(c.Months.Sum() > 0));
        for (var m = 0; m < 12; m++)
        {
            Assert.Equal(grid.Sum(r => r.Months[m].Recorded), categories.Sum(c => c.Months[m]));
        }
        var other = await _db.ActorAsync("convener2");
        var theirs = await tracking.MonthlyCategoriesAsync(other, year);
        Assert.Equal((await tracking.MonthlyGridAsync(other, year)).Sum(r => r.Months.Sum(c => c.Recorded)), theirs.Sum(c => c.Months.Sum()));
    }
}
