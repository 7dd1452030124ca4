using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CongressHub.Domain.Calendar;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Notices;

/// <summary>Feed links: who may have one, what it lists, and that only the token's hash is kept.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class CalendarServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private CalendarService Calendars => _db.Get<CalendarService>();

    [Fact]
    public async Task Feed_ListsTheDelegatesNonDraftSessionsOfTheirTerm_FromSixtyDaysBack()
    {
        var delegate01 = await _db.ActorAsync("delegate01");
        var convener = await _db.ActorAsync("convener");
        var draft = await _db.Get<SessionService>().CreateSessionAsync(convener,
            new SessionInput(SessionKind.Extraordinary, "临时会议草稿", _db.Clock.GetUtcNow().UtcDateTime.AddDays(5), "礼堂"), withTemplate: true);

        var url = await Calendars.CreateFeedAsync(delegate01);
        var feed = await Calendars.SessionsForFeedAsync(TokenOf(url));

        await using var db = _db.NewContext();
        // Their congress term's sittings and the meetings of the council and of the committee they sit on.
        var terms = await db.Delegates.Where(d => d.UserId == delegate01.UserId && d.RetiredUtc == null).Select(d => d.TermId).ToListAsync();
        Assert.Equal(3, terms.Count);
        var from = _db.Clock.GetUtcNow().UtcDateTime - CalendarService.FeedHistory;
        var expected = (await db.Sessions.Where(s => s.StreetId == delegate01.StreetId && terms.Contains(s.TermId) && s.Status != SessionStatus.Draft).ToListAsync())
            .Where(s => s.ScheduledUtc >= from).Select(s => s.Id).Order().ToList();
        Assert.NotNull(feed);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, feed.Sessions.Select(s => s.Id).Order().ToList());
        Assert.DoesNotContain(feed.Sessions, s => s.Id == draft);
        Assert.All(feed.Sessions, s => Assert.Equal($"session-{s.Id}@localhost", s.Uid));
        Assert.StartsWith("http://localhost:5000/calendar/", url);
    }

    [Fact]
    public async Task Feed_KeepsOnlyTheTokensHash_AndANewLinkOrARevocationEndsTheOld()
    {
        var delegate01 = await _db.ActorAsync("delegate01");

        var first = TokenOf(await Calendars.CreateFeedAsync(delegate01));
        await using (var db = _db.NewContext())
        {
            var row = await db.Users.AsNoTracking().SingleAsync(u => u.Id == delegate01.UserId);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(first))), row.CalendarTokenHash);
            Assert.DoesNotContain(first, row.CalendarTokenHash);
            Assert.Equal(_db.Clock.GetUtcNow().UtcDateTime, row.CalendarTokenCreatedUtc);
            Assert.Equal(43, first.Length); // 32 random bytes, base64url without padding
        }
        var second = TokenOf(await Calendars.CreateFeedAsync(delegate01));
        var oldAfterReplace = await Calendars.SessionsForFeedAsync(first);
        var newAfterReplace = await Calendars.SessionsForFeedAsync(second);
        await Calendars.RevokeFeedAsync(delegate01);
        var afterRevoke = await Calendars.SessionsForFeedAsync(second);
        var status = await Calendars.FeedStatusAsync(delegate01);

        Assert.Null(oldAfterReplace);
        Assert.NotNull(newAfterReplace);
        Assert.Null(afterRevoke);
        Assert.Equal(new FeedStatus(true, false, null), status);
        await using var check = _db.NewContext();
        var actions = await check.AuditEntries.Where(a => a.Action.StartsWith("Calendar.")).Select(a => a.Action).ToListAsync();
        Assert.Equal(["Calendar.FeedCreated", "Calendar.FeedReplaced", "Calendar.FeedRevoked"], actions.Order().ToList());
    }

    [Fact]
    public async Task Feed_ForStaffWithoutSessions_IsForbidden_AndAnUnknownTokenFindsNothing()
    {
        var staff = await _db.ActorAsync("staff01");

        await Assert.ThrowsAsync<ForbiddenException>(() => Calendars.CreateFeedAsync(staff));
        Assert.Null(await Calendars.SessionsForFeedAsync("not-a-token"));
        Assert.Null(await Calendars.SessionsForFeedAsync(""));
        Assert.False((await Calendars.FeedStatusAsync(staff)).MayHave);
    }

    [Fact]
    public async Task Feed_OfAConvener_ListsTheStreetsSessions_NotAnotherStreets()
    {
        var convener = await _db.ActorAsync("convener");

        var feed = await Calendars.SessionsForFeedAsync(TokenOf(await Calendars.CreateFeedAsync(convener)));

        await using var db = _db.NewContext();
        var other = await db.Sessions.Where(s => s.StreetId != convener.StreetId).Select(s => s.Id).ToListAsync();
        Assert.NotNull(feed);
        Assert.NotEmpty(feed.Sessions);
        Assert.DoesNotContain(feed.Sessions, s => other.Contains(s.Id));
        Assert.DoesNotContain(feed.Sessions, s => s.Status == SessionStatus.Draft);
    }

    internal static string TokenOf(string url) => url[(url.LastIndexOf('/') + 1)..^".ics".Length];
}

/// <summary>The calendar files over HTTP: one session, the public one, and the personal feed.</summary>
public class CalendarApiTests(AppFixture app) : AppTest(app)
{
    private async Task<(Actor Actor, SessionRow Session)> LiveSessionAsync()
    {
        var delegate01 = await SignInTests.ActorOf(App, "delegate01");
        var session = (await App.Services.GetRequiredService<SessionService>().ListSessionsAsync(delegate01)).First(s => s.Status == SessionStatus.Live);
        return (delegate01, session);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? userName = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (userName is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AppFactory.TokenAsync(Client, userName));
        }
        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task SessionFile_ParsesBack_InTheStreetsZone_WithPlaceUidAndAgenda()
    {
        var (_, session) = await LiveSessionAsync();

        var response = await GetAsync($"/sessions/{session.Id}/calendar.ics", "delegate01");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"session-{session.Id}.ics", response.Content.Headers.ContentDisposition?.FileName);
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Asia/Shanghai", Assert.Single(calendar.TimeZones).TzId);
        var e = Assert.Single(calendar.Events);
        var local = SessionTime.Local(session.ScheduledUtc);
        Assert.Equal("Asia/Shanghai", e.DtStart!.TzId);
        Assert.Equal(new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second), e.DtStart.Value);
        Assert.Equal(session.Place, e.Location);
        Assert.Equal(session.Title, e.Summary);
        Assert.Equal($"session-{session.Id}@localhost", e.Uid);
        Assert.Equal("CONFIRMED", e.Status);
        Assert.Contains($"http://localhost:5000/sessions/{session.Id}", e.Description);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        var items = await db.AgendaItems.Where(i => i.SessionId == session.Id).OrderBy(i => i.Position).ToListAsync();
        Assert.Contains($"1. {items[0].Title}", e.Description);
        Assert.True(e.Description!.IndexOf(items[0].Title, StringComparison.Ordinal) < e.Description.IndexOf(items[^1].Title, StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(Math.Max(60, items.Sum(i => i.PlannedMinutes))), e.DtEnd!.SubtractExact(e.DtStart));
    }

    [Fact]
    public async Task SessionFile_Sequence_RisesWhenTheTimeChanges()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var sessions = App.Services.GetRequiredService<SessionService>();
        var when = DateTime.UtcNow.Date.AddDays(10).AddHours(1);
        var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Extraordinary, "临时会议", when, "礼堂"), withTemplate: true);
        var before = Ical.Net.Calendar.Load(await (await GetAsync($"/sessions/{id}/calendar.ics", "convener")).Content.ReadAsStringAsync())!.Events.Single();

        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync())
        {
            var version = await db.Sessions.Where(s => s.Id == id).Select(s => s.Version).SingleAsync();
            await sessions.UpdateSessionAsync(convener, id, new SessionInput(SessionKind.Extraordinary, "临时会议", when.AddHours(2), "礼堂"), version);
        }
        var after = Ical.Net.Calendar.Load(await (await GetAsync($"/sessions/{id}/calendar.ics", "convener")).Content.ReadAsStringAsync())!.Events.Single();

        Assert.True(after.Sequence > before.Sequence);
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(SessionTime.Local(when.AddHours(2)), after.DtStart!.Value);
    }

    [Fact]
    public async Task SessionFile_OfAnotherStreet_OrADraftForADelegate_IsNotFound()
    {
        var (_, session) = await LiveSessionAsync();
        var convener = await SignInTests.ActorOf(App, "convener");
        var draft = await App.Services.GetRequiredService<SessionService>().CreateSessionAsync(convener,
            new SessionInput(SessionKind.Extraordinary, "临时会议", DateTime.UtcNow.AddDays(3), "礼堂"), withTemplate: true);

        var otherStreet = await GetAsync($"/sessions/{session.Id}/calendar.ics", "delegate41");
        var draftForDelegate = await GetAsync($"/sessions/{draft}/calendar.ics", "delegate01");
        var draftForConvener = await GetAsync($"/sessions/{draft}/calendar.ics", "convener");
        var publicDraft = await GetAsync($"/s/shiyan/sessions/{draft}/calendar.ics");
        var publicOtherStreet = await GetAsync($"/s/xinghai/sessions/{session.Id}/calendar.ics");
        var publicLive = await GetAsync($"/s/shiyan/sessions/{session.Id}/calendar.ics");

        Assert.Equal(HttpStatusCode.NotFound, otherStreet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, draftForDelegate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, draftForConvener.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicDraft.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicOtherStreet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicLive.StatusCode);
        var e = Ical.Net.Calendar.Load(await publicLive.Content.ReadAsStringAsync())!.Events.Single();
        Assert.Equal($"session-{session.Id}@localhost", e.Uid);
        Assert.Contains("http://localhost:5000/s/shiyan", e.Description);
    }

    [Fact]
    public async Task Feed_AnswersAnonymously_WithTheDelegatesSessions_UntilReplacedOrRevoked()
    {
        var (delegate01, session) = await LiveSessionAsync();
        var calendars = App.Services.GetRequiredService<CalendarService>();
        var convener = await SignInTests.ActorOf(App, "convener");
        var draft = await App.Services.GetRequiredService<SessionService>().CreateSessionAsync(convener,
            new SessionInput(SessionKind.Extraordinary, "临时会议", DateTime.UtcNow.AddDays(3), "礼堂"), withTemplate: true);
        var delegate41 = await SignInTests.ActorOf(App, "delegate41");
        var otherStreet = (await App.Services.GetRequiredService<SessionService>().ListSessionsAsync(delegate41)).Select(s => s.Id).ToList();

        var first = new Uri(await calendars.CreateFeedAsync(delegate01)).PathAndQuery;
        var response = await GetAsync(first);
        var second = new Uri(await calendars.CreateFeedAsync(delegate01)).PathAndQuery;
        var oldAfterReplace = await GetAsync(first);
        var newAfterReplace = await GetAsync(second);
        await calendars.RevokeFeedAsync(delegate01);
        var afterRevoke = await GetAsync(second);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Private: true, MaxAge.TotalSeconds: 900 });
        var uids = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!.Events.Select(e => e.Uid).ToList();
        Assert.Contains($"session-{session.Id}@localhost", uids);
        Assert.DoesNotContain($"session-{draft}@localhost", uids);
        Assert.All(otherStreet, id => Assert.DoesNotContain($"session-{id}@localhost", uids));
        Assert.Equal(HttpStatusCode.NotFound, oldAfterReplace.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newAfterReplace.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/calendar/unknown.ics")).StatusCode);
    }
}
