using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Records;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Records;

/// <summary>
/// Each delegate's record of service read against counts made here from the rows themselves, for every delegate of
/// the demo's term; the delegate reads their own, the convener everyone's, another street nobody's.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class DelegateRecordTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;

    private DelegateRecordService Records => _db.Get<DelegateRecordService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Every_Delegates_Record_Reads_As_Counted_From_The_Database()
    {
        await SpeakAsync("delegate03", TimeSpan.FromSeconds(95));
        await using var db = _db.NewContext();
        var delegates = await db.Delegates.Where(d => d.StreetId == _convener.StreetId && db.Terms.Any(t => t.Id == d.TermId && t.Body == CongressHub.Domain.Councils.VotingBody.Congress))
            .OrderBy(d => d.Id).ToListAsync();
        var sessions = await db.Sessions.AsNoTracking().ToListAsync();
        var attendance = await db.Attendances.AsNoTracking().ToListAsync();
        var motions = await db.Motions.AsNoTracking().ToListAsync();
        var cosignatures = await db.Cosignatures.AsNoTracking().ToListAsync();
        var items = await db.TrackedItems.AsNoTracking().ToListAsync();
        var speakers = await db.SpeakerRequests.AsNoTracking().ToListAsync();
        var ratings = await db.FollowUpRatings.AsNoTracking().ToListAsync();
        var totals = new int[6];

        foreach (var d in delegates)
        {
            var record = await Records.RecordAsync(_convener, d.Id);
            if (d.UserId is { } user && await db.Users.AnyAsync(u => u.Id == user && u.UserName == "delegate03"))
            {
                Assert.Equal((1, 95), (record.Speeches, record.SpeakingSeconds));
            }

            var held = sessions.Where(s => s.TermId == d.TermId && s.CommunityId == null
                && s.Kind is SessionKind.Regular or SessionKind.AnnualReview or SessionKind.Extraordinary
                && s.Status is SessionStatus.Adjourned or SessionStatus.MinutesPublished).Select(s => s.Id).ToList();
            AttendanceStatus? At(int session) => attendance.SingleOrDefault(a => a.SessionId == session && a.DelegateId == d.Id)?.Status;
            var attended = held.Count(s => At(s) is AttendanceStatus.Present or AttendanceStatus.Left);
            var excused = held.Count(s => At(s) == AttendanceStatus.Excused);
            Assert.Equal((held.Count, attended, excused, held.Count - attended - excused), (record.SittingsHeld, record.Attended, record.Excused, record.Absent));
            Assert.Equal(motions.Where(m => m.SponsorId == d.Id && m.Status != MotionStatus.Draft).Select(m => (m.Id, m.Status)).Order(), record.Sponsored.Select(m => (m.Id, m.Status)).Order());
            Assert.Equal(cosignatures.Where(c => c.DelegateId == d.Id).Select(c => c.MotionId).Order(), record.Cosigned.Select(m => m.Id).Order());
            Assert.Equal(items.Where(i => i.DelegateId == d.Id && i.Kind == TrackedKind.Question).Select(i => i.Id).Order(), record.Questions.Select(q => q.Id).Order());
            Assert.Equal(items.Where(i => i.DelegateId == d.Id && i.Kind == TrackedKind.Opinion).Select(i => i.Id).Order(), record.Opinions.Select(q => q.Id).Order());
            var spoken = speakers.Where(r => r.DelegateId == d.Id && r.Status == SpeakerStatus.Done && r.StartedUtc is not null && r.EndedUtc is not null).ToList();
            Assert.Equal((spoken.Count, (int)spoken.Sum(r => (r.EndedUtc!.Value - r.StartedUtc!.Value).TotalSeconds)), (record.Speeches, record.SpeakingSeconds));
            Assert.Equal(ratings.Count(r => r.DelegateId == d.Id), record.FollowUpRatings);

            totals[0] += record.Attended;
            totals[1] += record.Sponsored.Count;
            totals[2] += record.Cosigned.Count;
            totals[3] += record.Questions.Count;
            totals[4] += record.Speeches;
            totals[5] += record.FollowUpRatings;
        }
        // The demo gives each of these something to count, so no rule passes by counting nothing.
        Assert.All(totals, t => Assert.True(t > 0));
    }

    /// <summary>A delegate takes the floor at the live session and speaks for <paramref name="length"/>.</summary>
    private async Task SpeakAsync(string userName, TimeSpan length)
    {
        var sessions = _db.Get<SessionService>();
        var live = (await sessions.ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var speaker = await _db.ActorAsync(userName);
        await sessions.CheckInAsync(speaker, live);
        await using (var db = _db.NewContext())
        {
            if (await db.Sessions.Where(s => s.Id == live).Select(s => s.CurrentItemId).SingleAsync() is null)
            {
                await sessions.StartItemAsync(_convener, live, await db.AgendaItems.Where(i => i.SessionId == live).OrderBy(i => i.Position).Select(i => i.Id).FirstAsync());
            }
        }
        await sessions.RequestFloorAsync(speaker, live);
        await using (var db = _db.NewContext())
        {
            var request = await db.SpeakerRequests.Where(r => r.SessionId == live && r.DelegateId == speaker.DelegateId).Select(r => r.Id).SingleAsync();
            await sessions.GiveFloorAsync(_convener, live, request);
        }
        _db.Clock.Advance(length);
        await sessions.EndSpeechAsync(_convener, live);
    }

    [Fact]
    public async Task A_Delegate_Reads_Their_Own_The_Convener_Everyones_Another_Street_Nobodys()
    {
        var delegate01 = await _db.ActorAsync("delegate01");
        var delegate02 = await _db.ActorAsync("delegate02");

        Assert.Equal(delegate01.DelegateId, (await Records.RecordAsync(delegate01, delegate01.DelegateId!.Value)).DelegateId);
        Assert.Equal(delegate02.DelegateId, (await Records.RecordAsync(_convener, delegate02.DelegateId!.Value)).DelegateId);
        await Assert.ThrowsAsync<ForbiddenException>(() => Records.RecordAsync(delegate02, delegate01.DelegateId!.Value));
        var convener2 = await _db.ActorAsync("convener2");
        await Assert.ThrowsAsync<NotFoundException>(() => Records.RecordAsync(convener2, delegate01.DelegateId!.Value));
        await Assert.ThrowsAsync<NotFoundException>(() => Records.RecordAsync(_convener, 999_999));
    }
}
