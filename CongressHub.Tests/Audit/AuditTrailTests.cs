using System.Globalization;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Audit;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class AuditTrailTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _street;

    private AuditTrail Trail => _db.Get<AuditTrail>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _street = _convener.StreetId!.Value;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Append_ChainsEachEntryToThePreviousOne_AndAnUntouchedChainIsIntact()
    {
        await SignInsAsync(5);

        var entries = await EntriesAsync(_street);
        var verification = await Trail.VerifyChainAsync(_street);

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.Equal(AuditEntry.Genesis, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }
        Assert.All(entries, e => Assert.Equal(e.Compute(), e.Hash));
        Assert.True(verification.Intact);
        Assert.Equal(5, verification.Entries);
    }

    [Fact]
    public async Task Record_WithAServiceChange_SealsTheEntryAfterTheSignIns()
    {
        await SignInsAsync(2);

        await using (var change = await _db.Get<Changes>().BeginAsync(_convener, _street))
        {
            change.Audit("Test.Done", "Test 1", "details");
            await change.CommitAsync();
        }

        var entries = await EntriesAsync(_street);
        Assert.Equal(("Test.Done", 3L, entries[1].Hash), (entries[2].Action, entries[2].Sequence, entries[2].PreviousHash));
        Assert.True((await Trail.VerifyChainAsync(_street)).Intact);
    }

    [Fact]
    public async Task EditedDetails_InTheDatabase_BreakTheChainAtThatEntry()
    {
        await SignInsAsync(5);

        await using (var db = _db.NewContext())
        {
            await db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "Details" = 'forged' WHERE "StreetId" = {_street} AND "Sequence" = 3""");
        }
        var verification = await Trail.VerifyChainAsync(_street);

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal(DomainText.Get("Audit.Altered"), verification.Reason);
    }

    [Fact]
    public async Task EditedHashToMatch_StillBreaksTheChain_AtTheNextEntry()
    {
        await SignInsAsync(5);
        await using (var db = _db.NewContext())
        {
            // A careful forger recomputes the edited entry's own hash; the next entry still points at the old one.
            var third = await db.AuditEntries.SingleAsync(e => e.StreetId == _street && e.Sequence == 3);
            await db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "Details" = 'forged' WHERE "Id" = {third.Id}""");
            var forged = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == third.Id);
            await db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "Hash" = {forged.Compute()} WHERE "Id" = {third.Id}""");
        }

        var verification = await Trail.VerifyChainAsync(_street);

        Assert.Equal(4, verification.FirstBrokenSequence);
        Assert.Equal(DomainText.Get("Audit.LinkBroken"), verification.Reason);
    }

    [Fact]
    public async Task DeletedEntry_InTheMiddle_IsReportedAtTheGap()
    {
        await SignInsAsync(5);

        await using (var db = _db.NewContext())
        {
            await db.Database.ExecuteSqlAsync($"""DELETE FROM "AuditEntries" WHERE "StreetId" = {_street} AND "Sequence" = 3""");
        }
        var verification = await Trail.VerifyChainAsync(_street);

        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal(DomainText.Get("Audit.Gap", 3), verification.Reason);
    }

    [Fact]
    public async Task TwentyConcurrentSignIns_GiveSequencesOneToTwenty_WithoutAFork()
    {
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            Task.Run(() => Trail.RecordSignInAsync(_street, $"delegate{i:D2}", "token (password)"))));

        var entries = await EntriesAsync(_street);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(20, entries.Select(e => e.PreviousHash).Distinct().Count());
        Assert.Equal(20, entries.Select(e => e.UserName).Distinct().Count());
        Assert.True((await Trail.VerifyChainAsync(_street)).Intact);
    }

    [Fact]
    public async Task Chains_AreKeptPerStreet_AndTheCityHasItsOwn()
    {
        var other = (await _db.ActorAsync("convener2")).StreetId!.Value;

        await Trail.RecordSignInAsync(_street, "convener", "password");
        await Trail.RecordSignInAsync(other, "convener2", "password");
        await Trail.RecordSignInAsync(null, "admin", "password");
        await Trail.RecordSignInAsync(_street, "delegate01", "card");

        Assert.Equal([AuditEntry.CityChain, _street, other], await Trail.ChainsAsync());
        Assert.Equal([2L, 1], (await Trail.ListAsync(_convener)).Rows.Select(r => r.Sequence));
        Assert.Equal(["delegate01", "convener"], (await Trail.ListAsync(_convener)).Rows.Select(r => r.UserName));
        Assert.Equal("admin", Assert.Single(await EntriesAsync(AuditEntry.CityChain)).UserName);
    }

    [Fact]
    public async Task List_PagesThroughTheChainBySequence_EachEntryOnce_WhileEntriesAreAdded()
    {
        await SignInsAsync(23);

        var page = await Trail.ListAsync(_convener, new KeyRequest(Size: 5));
        var head = page.Rows[0].Sequence;
        var olderWalk = new List<long>();
        while (true)
        {
            olderWalk.AddRange(page.Rows.Select(r => r.Sequence));
            // Someone signs in between two pages: the next page is still the one below.
            await Trail.RecordSignInAsync(_street, "delegate01", "password");
            if (page.Older is not { } older)
            {
                break;
            }
            page = await Trail.ListAsync(_convener, new KeyRequest(Before: older, Size: 5));
        }
        var newerWalk = new List<long>();
        while (true)
        {
            newerWalk.AddRange(page.Rows.Select(r => r.Sequence));
            if (page.Newer is not { } newer)
            {
                break;
            }
            page = await Trail.ListAsync(_convener, new KeyRequest(After: newer, Size: 5));
        }

        Assert.Equal(23, head);
        Assert.Equal(Enumerable.Range(1, 23).Select(i => (long)i).Reverse(), olderWalk);
        // Back up to the head, the entries added meanwhile included: 23 + 5 pages' sign-ins, each once.
        Assert.Equal(28, page.Total);
        Assert.Equal(Enumerable.Range(1, 28).Select(i => (long)i), newerWalk.Order());
        Assert.Equal(newerWalk.Count, newerWalk.Distinct().Count());
        Assert.Equal(28L, page.Rows[0].Sequence);
    }

    [Fact]
    public async Task List_NewerUpToTheHead_ShowsOnlyTheEntriesAfter_NoneTwice()
    {
        await SignInsAsync(12);

        var page = await Trail.ListAsync(_convener, new KeyRequest(After: 9, Size: 5));

        Assert.Equal([12L, 11, 10], page.Rows.Select(r => r.Sequence));
        Assert.Null(page.Newer);
        Assert.Equal(10, page.Older);
    }

    [Fact]
    public async Task ListAndVerify_ByADelegate_AreRefused()
    {
        var delegate01 = await _db.ActorAsync("delegate01");

        await Assert.ThrowsAsync<ForbiddenException>(() => Trail.ListAsync(delegate01));
        await Assert.ThrowsAsync<ForbiddenException>(() => Trail.VerifyAsync(delegate01));
    }

    [Fact]
    public async Task ClosedSecretVote_LeavesOnlyCountsInTheAudit_NoDelegateBesideAChoice()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var session = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var motion = (await _db.Get<MotionService>().ListAsync(_convener)).Single(m => m.Status == MotionStatus.Admitted).Id;
        var voters = new List<Actor>();
        for (var i = 1; i <= 30; i++)
        {
            voters.Add(await _db.ActorAsync($"delegate{i:D2}"));
        }
        await CheckInAsync(session, voters);
        var before = (await EntriesAsync(_street)).Count;
        var voting = _db.Get<VotingService>();

        var voteId = await voting.OpenOnMotionAsync(_convener, motion, secret: true, MajorityRule.HalfOfCast);
        for (var i = 0; i < voters.Count; i++)
        {
            await voting.CastAsync(voters[i], voteId, i < 10 ? VoteChoice.Yes : VoteChoice.No);
        }
        await voting.CloseAsync(_convener, voteId);

        var written = (await EntriesAsync(_street)).Skip(before).ToList();
        var ids = voters.Select(v => v.DelegateId!.Value).ToHashSet();
        List<string> names;
        await using (var db = _db.NewContext())
        {
            names = await db.Delegates.Where(d => ids.Contains(d.Id)).Select(d => d.Name).ToListAsync();
        }
        var people = names.Concat(voters.Select(v => v.DisplayName!)).Concat(Enumerable.Range(1, 30).Select(i => $"delegate{i:D2}")).Distinct().ToList();
        // Nothing per ballot: the vote's own steps only, each once, all by the convener.
        Assert.All(written, e => Assert.Contains(e.Action, new[] { "Vote.Prepared", "Vote.Opened", "Vote.Closed" }));
        Assert.Equal(written.Count, written.Select(e => e.Action).Distinct().Count());
        Assert.All(written, e => Assert.Equal(_convener.UserName, e.UserName));
        Assert.All(written, e => Assert.DoesNotContain(people, p => e.Subject.Contains(p) || e.Details.Contains(p)));
        Assert.All(written, e => Assert.DoesNotContain(ids, id => e.Subject.Contains($"Delegate {id}") || e.Details.Contains($"Delegate {id}")));
        var closed = Assert.Single(written, e => e.Action == "Vote.Closed");
        Assert.Contains("赞成 10", closed.Details);
        Assert.Contains("反对 20", closed.Details);
        Assert.True((await Trail.VerifyChainAsync(_street)).Intact);
    }

    /// <summary>
    /// Published minutes print the chain's head as of the midnight before publication, and the feed carries it as of
    /// last midnight: a head that moves once a day, not with every sign-in.
    /// </summary>
    [Fact]
    public async Task Anchors_MinutesPrintTheHeadAsOfTheMidnightBeforePublication_TheFeedAsOfLastMidnight()
    {
        await SignInsAsync(3);
        var yesterday = await EntriesAsync(_street);
        _db.Clock.Advance(TimeSpan.FromDays(1));
        var sessions = _db.Get<SessionService>();
        var live = (await sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        await sessions.AdjournAsync(_convener, live);
        var minutesService = _db.Get<MinutesService>();
        await minutesService.SubmitAsync(_convener, live, "# 会议纪要\n\n会议按议程进行。");
        await minutesService.SignOffAsync(await _db.ActorAsync("officer01"), live, version: 1);
        var feed = _db.Get<Domain.Resolutions.ResolutionService>();

        var minutes = await sessions.GetPublishedMinutesAsync("shiyan", live);
        var feedToday = (await feed.FeedAsync("shiyan"))!.Anchor;
        _db.Clock.Advance(TimeSpan.FromDays(1));
        var today = await EntriesAsync(_street);
        var feedTomorrow = (await feed.FeedAsync("shiyan"))!.Anchor;
        var minutesTomorrow = (await sessions.GetPublishedMinutesAsync("shiyan", live))!.Anchor;

        Assert.True(today.Count > yesterday.Count);
        Assert.Equal(new AuditAnchor(3, yesterday[2].Hash), minutes!.Anchor);
        Assert.Equal(minutes.Anchor, feedToday);
        Assert.Equal(new AuditAnchor(today[^1].Sequence, today[^1].Hash), feedTomorrow);
        Assert.Equal(minutes.Anchor, minutesTomorrow);
        Assert.Empty(await Trail.CheckAnchorsAsync(_street, [minutes.Anchor!, feedTomorrow!]));
        Assert.Equal(minutes.Anchor, AuditAnchor.Parse(minutes.Anchor!.ToString()));
    }

    private async Task SignInsAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            _db.Clock.Advance(TimeSpan.FromSeconds(1));
            await Trail.RecordSignInAsync(_street, $"delegate{i:D2}", "password");
        }
    }

    private async Task<List<AuditEntry>> EntriesAsync(int street)
    {
        await using var db = _db.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.StreetId == street).OrderBy(e => e.Sequence).ToListAsync();
    }

    private async Task CheckInAsync(int session, IEnumerable<Actor> delegates)
    {
        await using var db = _db.NewContext();
        foreach (var d in delegates)
        {
            db.Attendances.Add(Attendance.Record(session, d.DelegateId!.Value, AttendanceStatus.Present, bySelf: true, _db.Clock.GetUtcNow().UtcDateTime));
        }
        await db.SaveChangesAsync();
    }
}
