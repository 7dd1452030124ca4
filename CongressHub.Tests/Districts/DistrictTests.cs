using CongressHub.Domain.Accounts;
using CongressHub.Domain.Committee;
using CongressHub.Domain.Common;
using CongressHub.Domain.Districts;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Districts;

/// <summary>
/// The district above the streets (seed: 区级主要职责就是监督、检查、纠察、评荐): its account compares its streets quarter by
/// quarter, each figure down to the records it counts, and records inspections and commendations that the street's public
/// home and convener show. It reads only its own streets and changes nothing of theirs.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class DistrictTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _district = null!;
    private int _shiyan;

    private DistrictService District => _db.Get<DistrictService>();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _district = await _db.ActorAsync("district");
        _shiyan = (await _db.ActorAsync("convener")).StreetId!.Value;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(SessionTime.Local(utc));

    private static int Quarter(DateOnly day) => (day.Month + 2) / 3;

    /// <summary>
    /// The figures of every street, quarter and measure, counted here from the rows themselves: every session, item,
    /// event and rating read whole and filtered in memory, by the rules as CONTRACTS.md words them.
    /// </summary>
    private async Task<Dictionary<(int Street, int? Quarter, DistrictMeasure Measure), (int Met, int Counted)>> CountDirectlyAsync(int year, IReadOnlyList<int> streets)
    {
        await using var db = _db.NewContext();
        var sessions = await db.Sessions.AsNoTracking().ToListAsync();
        var items = await db.TrackedItems.AsNoTracking().ToListAsync();
        var events = await db.TrackedEvents.AsNoTracking().ToListAsync();
        var followUps = await db.FollowUpRatings.AsNoTracking().ToListAsync();
        var rounds = await db.ReviewRounds.AsNoTracking().ToListAsync();
        var reports = await db.WorkReports.AsNoTracking().ToListAsync();
        var ratings = await db.ReportRatings.AsNoTracking().ToListAsync();
        var counts = new Dictionary<(int, int?, DistrictMeasure), (int, int)>();
        foreach (var street in streets)
        {
            foreach (var quarter in new int?[] { 1, 2, 3, 4, null })
            {
                bool In(DateOnly d) => d.Year == year && (quarter is null || Quarter(d) == quarter);
                var held = sessions.Where(s => s.StreetId == street && s.CommunityId == null
                    && s.Kind is SessionKind.Regular or SessionKind.AnnualReview or SessionKind.Extraordinary
                    && s.Status is SessionStatus.Adjourned or SessionStatus.MinutesPublished && In(Day(s.ScheduledUtc))).Select(s => s.Id).ToList();
                counts[(street, quarter, DistrictMeasure.Sittings)] = (held.Count, held.Count);

                (int, int) OnTime(TrackedKind kind, TrackedState reached)
                {
                    DateTime? Reached(TrackedItem i) => events.Where(e => e.ItemId == i.Id && e.To >= reached).Select(e => (DateTime?)e.AtUtc).Min();
                    // Counted once reached, or once due without: an item that still has time is not yet late.
                    var due = items.Where(i => i.StreetId == street && i.Kind == kind && i.DueOn is { } d && In(d)
                        && i.State is not (TrackedState.Merged or TrackedState.Declined) && (Reached(i) is not null || i.DueOn < Today)).ToList();
                    var met = due.Count(i => Reached(i) is { } at && Day(at) <= i.DueOn);
                    return (met, due.Count);
                }
                counts[(street, quarter, DistrictMeasure.Opinions)] = OnTime(TrackedKind.Opinion, TrackedState.Answered);
                counts[(street, quarter, DistrictMeasure.Resolutions)] = OnTime(TrackedKind.Resolution, TrackedState.Done);

                var rated = followUps.Where(r => held.Contains(r.SessionId)).ToList();
                counts[(street, quarter, DistrictMeasure.FollowUp)] = (rated.Count(r => r.Grade is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied), rated.Count);

                var published = rounds.Where(r => r.StreetId == street && r.State == ReviewState.Published && r.PublishedUtc is { } p && In(Day(p))).Select(r => r.Id).ToList();
                var reportIds = reports.Where(w => published.Contains(w.RoundId)).Select(w => w.Id).ToList();
                var given = ratings.Where(r => reportIds.Contains(r.ReportId)).ToList();
                counts[(street, quarter, DistrictMeasure.Reports)] = (given.Count(r => r.Grade is Grade.Satisfied or Grade.BasicallySatisfied), given.Count);
            }
        }
        return counts;
    }

    [Fact]
    public async Task The_Comparison_Reads_As_Counted_From_The_Database_And_Each_Figure_Opens_The_Records_It_Counts()
    {
        // Both demo streets lie in 示例区; one opinion answered late is added so that a rate is below 100 %.
        var street = _district.DistrictName;
        Assert.Equal("示例区", street);
        await AnswerLateAsync();

        var nonZero = new HashSet<DistrictMeasure>();
        // This year and last: the demo published last year's work-report review.
        foreach (var year in new[] { Today.Year, Today.Year - 1 })
        {
            var comparison = await District.CompareAsync(_district, year);
            Assert.Equal(["示例街道", "星海街道"], comparison.Streets.Select(s => s.Street.Name));
            var direct = await CountDirectlyAsync(year, comparison.Streets.Select(s => s.Street.Id).ToList());
            foreach (var row in comparison.Streets)
            {
                foreach (var figures in row.Quarters.Append(row.Year))
                {
                    foreach (var measure in Enum.GetValues<DistrictMeasure>())
                    {
                        var expected = direct[(row.Street.Id, figures.Quarter, measure)];
                        Assert.Equal(expected, figures.Parts(measure));
                        if (expected.Counted > 0)
                        {
                            nonZero.Add(measure);
                        }
                    }
                }
            }
            var shiyan = comparison.Streets[0];
            if (year == Today.Year)
            {
                Assert.True(shiyan.Year.OpinionsOnTime < shiyan.Year.OpinionsDue, "the late answer counts as late");
            }

            // Every figure of 示例街道 opens records that add up to it.
            foreach (var figures in shiyan.Quarters.Append(shiyan.Year))
            {
                foreach (var measure in Enum.GetValues<DistrictMeasure>())
                {
                    var records = await District.RecordsAsync(_district, shiyan.Street.Id, measure, year, figures.Quarter);
                    var (met, counted) = figures.Parts(measure);
                    Assert.Equal(counted, records.Records.Sum(r => r.Counted));
                    Assert.Equal(met, records.Records.Sum(r => r.MetPart));
                }
            }
        }
        // The demo gives every measure something to count, so no rule passes by counting nothing.
        Assert.Equal(Enum.GetValues<DistrictMeasure>().ToHashSet(), nonZero);
    }

    /// <summary>An opinion of 示例街道 due a week ago, answered today: late.</summary>
    private async Task AnswerLateAsync()
    {
        await using var db = _db.NewContext();
        var open = await db.TrackedItems.Where(i => i.StreetId == _shiyan && i.Kind == TrackedKind.Opinion && i.State == TrackedState.Assigned && i.DepartmentId != null)
            .OrderBy(i => i.Id).FirstAsync();
        var officer = await db.Users.Where(u => u.OfficerId != null && db.Officers.Any(o => o.Id == u.OfficerId && o.DepartmentId == open.DepartmentId)).Select(u => u.UserName!).FirstAsync();
        // Moved by a save, as every change to an item is, so that the street's due counts follow it.
        db.Entry(open).Property(i => i.DueOn).CurrentValue = Today.AddDays(-7);
        await db.SaveChangesAsync();
        await _db.Get<TrackingService>().AnswerAsync(await _db.ActorAsync(officer), open.Id, "已派人现场查看，下周处理。");
    }

    [Fact]
    public async Task A_District_Sees_None_Of_A_Street_Outside_It_And_Changes_Nothing_Of_Its_Streets()
    {
        var admin = await _db.ActorAsync("admin");
        var elsewhere = await _db.Get<StreetService>().CreateStreetAsync(admin, new StreetInput("yuanfang", "远方街道", "Yuanfang Street", "远方区"));

        Assert.DoesNotContain(elsewhere, (await District.StreetsAsync(_district)).Select(s => s.Id));
        Assert.DoesNotContain(elsewhere, (await District.CompareAsync(_district, Today.Year)).Streets.Select(s => s.Street.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => District.RecordsAsync(_district, elsewhere, DistrictMeasure.Sittings, Today.Year, null));
        await Assert.ThrowsAsync<NotFoundException>(() => District.RecordInspectionAsync(_district,
            new InspectionInput(elsewhere, InspectionKind.Inspection, "检查", "情况良好。", Today)));

        // The street's own services refuse a district's account: it belongs to no street.
        var shiyan = _shiyan;
        await Assert.ThrowsAsync<ForbiddenException>(() => _db.Get<SessionService>().ListSessionsAsync(_district));
        await Assert.ThrowsAsync<ForbiddenException>(() => _db.Get<SessionService>().CreateSessionAsync(_district, new SessionInput(SessionKind.Regular, "区里开的会", DateTime.UtcNow.AddDays(3), "区政府"), withTemplate: false));
        await Assert.ThrowsAsync<ForbiddenException>(() => _db.Get<CommitteeWorkService>().SubmitAsync(_district, new CommitteeRequestInput("协办", "请协助。", null)));
        var item = await FirstOpinionAsync();
        await Assert.ThrowsAnyAsync<DomainException>(() => _db.Get<TrackingService>().AnswerAsync(_district, item, "区里答复"));
        await using var db = _db.NewContext();
        Assert.False(await db.Sessions.AnyAsync(s => s.Title == "区里开的会"));
        Assert.False(await db.TrackedEvents.AnyAsync(e => e.ItemId == item && e.Note == "区里答复"));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.StreetId == shiyan && a.UserName == "district"));

        // Nor may a street's convener or the city admin use the district's pages.
        var convener = await _db.ActorAsync("convener");
        await Assert.ThrowsAsync<ForbiddenException>(() => District.CompareAsync(convener, Today.Year));
        await Assert.ThrowsAsync<ForbiddenException>(() => District.RecordInspectionAsync(convener, new InspectionInput(shiyan, InspectionKind.Commendation, "表彰", "好。", Today)));
        await Assert.ThrowsAsync<ForbiddenException>(() => District.CompareAsync(admin, Today.Year));
    }

    [Fact]
    public async Task A_Streets_Due_Counts_Follow_Every_Move_Of_Its_Items_As_A_Recount_Would()
    {
        var convener = await _db.ActorAsync("convener");
        var staff = await _db.ActorAsync("staff01");
        var officer = await _db.ActorAsync("officer03");
        var tracking = _db.Get<TrackingService>();
        int department;
        await using (var db = _db.NewContext())
        {
            department = await db.Officers.Where(o => o.Id == officer.OfficerId).Select(o => o.DepartmentId!.Value).SingleAsync();
        }
        Task<int> RecordAsync(string text) =>
            tracking.RecordOpinionAsync(staff, new OpinionInput(staff.CommunityId!.Value, Today, text, OpinionCategory.Sanitation, GovernmentLevel.Street, "李四", "13800000000", true));

        // Assigned, then answered by its day; assigned, then moved to a later day; merged and declined before assignment.
        var answered = await RecordAsync("垃圾清运不及时");
        await tracking.AcceptAsync(convener, answered, department, Today.AddDays(3));
        await tracking.AnswerAsync(officer, answered, "已安排每日清运两次。");
        var moved = await RecordAsync("路灯不亮");
        await tracking.AcceptAsync(convener, moved, department, Today.AddDays(5));
        await tracking.AssignAsync(convener, moved, department, null, Today.AddDays(9));
        await tracking.MergeAsync(convener, await RecordAsync("路灯坏了很久"), moved);
        await tracking.DeclineAsync(convener, await RecordAsync("不属于街道的事"), "属于区级事权，已转交区信访办。");

        await using var read = _db.NewContext();
        var kept = (await read.DueCounts.AsNoTracking().Where(d => d.All != 0).ToListAsync())
            .Select(d => (d.StreetId, d.Kind, d.DueOn, d.All, d.Answered, d.AnsweredOnTime, d.Done, d.DoneOnTime)).Order().ToList();
        var recount = (await read.TrackedItems.AsNoTracking().Where(i => i.DueOn != null).ToListAsync())
            .Where(i => i.State is not (TrackedState.Merged or TrackedState.Declined))
            .GroupBy(i => (i.StreetId, i.Kind, Due: i.DueOn!.Value))
            .Select(g => (g.Key.StreetId, g.Key.Kind, g.Key.Due, g.Count(), g.Count(i => i.FirstAnsweredOn != null), g.Count(i => i.FirstAnsweredOn <= i.DueOn),
                g.Count(i => i.FirstDoneOn != null), g.Count(i => i.FirstDoneOn <= i.DueOn)))
            .Order().ToList();
        Assert.Equal(recount, kept);
        Assert.Contains(kept, d => d.DueOn == Today.AddDays(3) && d.AnsweredOnTime >= 1);
        Assert.Contains(kept, d => d.DueOn == Today.AddDays(9));
        Assert.DoesNotContain(kept, d => d.DueOn == Today.AddDays(5));
    }

    private async Task<int> FirstOpinionAsync()
    {
        await using var db = _db.NewContext();
        return await db.TrackedItems.Where(i => i.StreetId == _shiyan && i.Kind == TrackedKind.Opinion).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync();
    }

    [Fact]
    public async Task An_Inspection_Is_Recorded_With_Its_Findings_And_Shows_On_The_Public_Home_And_To_The_Convener()
    {
        var xinghai = (await District.StreetsAsync(_district)).Single(s => s.Slug == "xinghai");
        var id = await District.RecordInspectionAsync(_district, new InspectionInput(xinghai.Id, InspectionKind.Evaluation, "年度工作评定",
            "- 会议按期召开\n- **民意答复及时**", Today.AddDays(-1), InspectionGrade.Excellent));

        var shown = Assert.Single(await District.PublicAsync("xinghai"));
        Assert.Equal((id, InspectionKind.Evaluation, InspectionGrade.Excellent, "年度工作评定", "示例区"), (shown.Id, shown.Kind, shown.Grade, shown.Title, shown.District));
        Assert.Equal(id, Assert.Single(await District.OfMyStreetAsync(await _db.ActorAsync("convener2"))).Id);
        // The other street sees only its own: the demo's inspection of 示例街道.
        Assert.All(await District.OfMyStreetAsync(await _db.ActorAsync("convener")), i => Assert.Equal("示例街道", i.Street));
        Assert.Contains(id, (await District.InspectionsAsync(_district)).Select(i => i.Id));
        await using var db = _db.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.StreetId == xinghai.Id && a.Action == "District.InspectionRecorded" && a.UserName == "district"));
    }

    [Fact]
    public async Task Bad_Inspections_Are_Refused_With_Reasons_And_Nothing_Is_Written()
    {
        var shiyan = _shiyan;
        async Task<IReadOnlyList<string>> RefusedAsync(InspectionInput input) =>
            (await Assert.ThrowsAsync<ValidationFailedException>(() => District.RecordInspectionAsync(_district, input))).Errors.Select(e => e.Field).ToList();

        Assert.Equal([nameof(InspectionInput.Title), nameof(InspectionInput.Findings)], await RefusedAsync(new InspectionInput(shiyan, InspectionKind.Inspection, " ", "", Today)));
        Assert.Equal([nameof(InspectionInput.HeldOn)], await RefusedAsync(new InspectionInput(shiyan, InspectionKind.Inspection, "检查", "好。", Today.AddDays(1))));
        Assert.Equal([nameof(InspectionInput.Grade)], await RefusedAsync(new InspectionInput(shiyan, InspectionKind.Evaluation, "评定", "好。", Today)));
        Assert.Equal([nameof(InspectionInput.Kind)], await RefusedAsync(new InspectionInput(shiyan, (InspectionKind)9, "检查", "好。", Today)));
        Assert.Equal([nameof(InspectionInput.StreetId)], await RefusedAsync(new InspectionInput(0, InspectionKind.Inspection, "检查", "好。", Today)));
        Assert.Equal([nameof(InspectionInput.Title)], await RefusedAsync(new InspectionInput(shiyan, InspectionKind.Inspection, new string('查', 121), "好。", Today)));
        await using var db = _db.NewContext();
        Assert.Equal(1, await db.Inspections.CountAsync());
    }

    [Fact]
    public async Task The_City_Admin_Makes_A_District_Account_Only_For_A_District_Its_Streets_Name()
    {
        var admin = await _db.ActorAsync("admin");
        var accounts = _db.Get<AccountService>();
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => accounts.CreateDistrictAccountAsync(admin, "没有的区", new NewAccountInput("district9", "某区", "Demo!2026x")));
        Assert.Equal("District", Assert.Single(refused.Errors).Field);
        var convener = await _db.ActorAsync("convener");
        await Assert.ThrowsAsync<ForbiddenException>(() => accounts.CreateDistrictAccountAsync(convener, "示例区", new NewAccountInput("district9", "某区", "Demo!2026x")));

        await accounts.CreateDistrictAccountAsync(admin, "示例区", new NewAccountInput("district2", "示例区民政局", "Demo!2026x"));
        var second = await _db.ActorAsync("district2");
        Assert.Equal(("示例区", (int?)null), (second.DistrictName, second.StreetId));
        Assert.Equal(2, (await District.StreetsAsync(second)).Count);
        var listed = Assert.Single(await accounts.ListDistrictsAsync(admin));
        Assert.Equal(["district", "district2"], listed.Accounts.Select(a => a.UserName));
        Assert.Equal(["示例街道", "星海街道"], listed.Streets);
    }
}
