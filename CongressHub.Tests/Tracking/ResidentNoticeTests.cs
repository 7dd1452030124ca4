using System.Text.Json;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Tracking;

/// <summary>
/// "Tell me when it is answered": a resident confirms a phone or e-mail address with a code on the public form, and is
/// told by that channel when the opinion is answered, decided and closed; the address is forgotten once it closes.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public partial class ResidentNoticeTests : IAsyncLifetime
{
    private const string Email = "Resident@Example.cn";
    private const string Stored = "resident@example.cn";
    private const string Phone = "139 1234 5678";

    private readonly RecordingChannel _email = new(NoticeChannel.Email);
    private readonly RecordingChannel _sms = new(NoticeChannel.Sms);
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _community;
    private int _department;

    private TrackingService Tracking => _db.Get<TrackingService>();

    private ContactCheckService Contacts => _db.Get<ContactCheckService>();

    private NoticeOutbox Outbox => _db.Get<NoticeOutbox>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(services: s =>
        {
            s.AddSingleton<INoticeChannel>(_email);
            s.AddSingleton<INoticeChannel>(_sms);
            s.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        });
        _convener = await _db.ActorAsync("convener");
        var staff = await _db.ActorAsync("staff01");
        _community = staff.CommunityId!.Value;
        var officer = await _db.ActorAsync("officer03");
        await using var db = _db.NewContext();
        _department = await db.Officers.Where(o => o.Id == officer.OfficerId).Select(o => o.DepartmentId!.Value).SingleAsync();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private OpinionInput Opinion(string text) =>
        new(_community, default, text, OpinionCategory.Sanitation, GovernmentLevel.Street, "王秀兰", "13700001111", true);

    private Task<int> SubmitAsync(string text, string? contact = null, string? code = null) =>
        Tracking.SubmitPublicOpinionAsync("shiyan", Opinion(text), notify: contact is null ? null : new NotifyRequest(contact, code));

    /// <summary>The code the last message to <paramref name="address"/> carried.</summary>
    private string CodeSentTo(RecordingChannel channel, string address)
    {
        var notice = Assert.Single(channel.To(address)[^1].Notices);
        Assert.Equal("Notice.ContactCode", notice.TextKey);
        return Assert.Single(notice.Args);
    }

    private async Task<int> SubmitConfirmedAsync(string text)
    {
        await Contacts.SendCodeAsync("shiyan", Email);
        return await SubmitAsync(text, Email, CodeSentTo(_email, Stored));
    }

    private async Task<TrackedItem> ItemAsync(int id)
    {
        await using var db = _db.NewContext();
        return await db.TrackedItems.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private async Task<List<ContactCheck>> ChecksAsync()
    {
        await using var db = _db.NewContext();
        return await db.ContactChecks.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
    }

    private async Task<int> CountOpinionsAsync(string text)
    {
        await using var db = _db.NewContext();
        return await db.TrackedItems.CountAsync(i => i.Text == text);
    }

    /// <summary>Runs the outbox once the digest window of what was written now has passed.</summary>
    private async Task SendNoticesAsync()
    {
        _db.Clock.Advance(TimeSpan.FromMinutes(11));
        await Outbox.RunOnceAsync();
    }

    [Fact]
    public async Task SendCode_ByEmail_SendsSixDigits_AndKeepsOnlyAHash()
    {
        await Contacts.SendCodeAsync("shiyan", Email);

        var message = Assert.Single(_email.Sent);
        Assert.Equal(Stored, message.Address);
        var code = CodeSentTo(_email, Stored);
        Assert.Matches(SixDigits(), code);
        Assert.Contains(code, message.Notices[0].Text);
        Assert.EndsWith("/s/shiyan/opinions/new", message.Notices[0].Url);
        Assert.Empty(_sms.Sent);
        var check = Assert.Single(await ChecksAsync());
        Assert.Equal(Stored, check.Contact);
        Assert.DoesNotContain(code, check.CodeHash);
        Assert.DoesNotContain(code, check.Salt);
        Assert.Equal(64, check.CodeHash.Length);
        Assert.Equal(check.CreatedUtc + TimeSpan.FromMinutes(10), check.ExpiresUtc);
        Assert.Null(check.UsedUtc);
    }

    [Fact]
    public async Task SendCode_ByPhone_GoesBySms_AsDigitsOnly()
    {
        await Contacts.SendCodeAsync("shiyan", Phone);

        var message = Assert.Single(_sms.Sent);
        Assert.Equal("13912345678", message.Address);
        Assert.Equal("13912345678", Assert.Single(await ChecksAsync()).Contact);
        Assert.Empty(_email.Sent);
    }

    [Theory]
    [InlineData("0571-88886666")]
    [InlineData("12345678901")]
    [InlineData("1391234567")]
    [InlineData("someone@localhost")]
    [InlineData("not an address")]
    [InlineData("")]
    public async Task SendCode_ToWhatIsNoMobileNorEmail_IsRefused_AndNothingIsSentOrStored(string contact)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Contacts.SendCodeAsync("shiyan", contact));

        Assert.NotNull(refused.ErrorFor(ContactCheckService.ContactField));
        Assert.Empty(_email.Sent);
        Assert.Empty(_sms.Sent);
        Assert.Empty(await ChecksAsync());
    }

    [Fact]
    public async Task SendCode_AgainWithinAMinute_IsRefused_AndAfterFiveADay_Too()
    {
        await Contacts.SendCodeAsync("shiyan", Email);

        _db.Clock.Advance(TimeSpan.FromSeconds(20));
        var tooSoon = await Assert.ThrowsAsync<ValidationFailedException>(() => Contacts.SendCodeAsync("shiyan", Email));
        Assert.Equal("验证码刚刚发送过，请 40 秒后再试。", tooSoon.ErrorFor(ContactCheckService.ContactField));

        for (var i = 1; i < ContactCheckService.PerDay; i++)
        {
            _db.Clock.Advance(TimeSpan.FromSeconds(61));
            await Contacts.SendCodeAsync("shiyan", Email);
        }
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var tooMany = await Assert.ThrowsAsync<ValidationFailedException>(() => Contacts.SendCodeAsync("shiyan", Email));
        Assert.Contains("一天内最多获取 5 次", tooMany.ErrorFor(ContactCheckService.ContactField));
        Assert.Equal(5, _email.Sent.Count);

        // Another address is not held back by this one; a day later this one may ask again.
        await Contacts.SendCodeAsync("shiyan", Phone);
        _db.Clock.Advance(TimeSpan.FromDays(1));
        await Contacts.SendCodeAsync("shiyan", Email);
        Assert.Equal(6, _email.Sent.Count);
    }

    [Fact]
    public async Task SendCode_ByAChannelThatIsNotSetUp_IsRefused_WithWhatToDoInstead()
    {
        await using var db = await TestDatabase.CreateAsync(services: s => s.AddSingleton<INoticeChannel>(new RecordingChannel(NoticeChannel.Email)));
        var contacts = db.Get<ContactCheckService>();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => contacts.SendCodeAsync("shiyan", Phone));

        Assert.Equal(NoticeChannel.Email, contacts.Offered);
        Assert.Equal("本站暂时不能发送短信，请填写电子邮箱。", refused.ErrorFor(ContactCheckService.ContactField));
    }

    [Fact]
    public async Task Submit_WithTheRightCode_StoresTheOpinionWithTheContact_AndUsesTheCheck()
    {
        var id = await SubmitConfirmedAsync("小区北门路灯坏了。");

        var item = await ItemAsync(id);
        Assert.Equal(Stored, item.NotifyContact);
        Assert.Equal("13700001111", item.ResidentContact);
        var check = Assert.Single(await ChecksAsync());
        Assert.NotNull(check.UsedUtc);

        // The same code again is refused, and that opinion is not stored.
        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => SubmitAsync("再提一条。", Email, CodeSentTo(_email, Stored)));
        Assert.Contains("验证码", again.ErrorFor(ContactCheckService.CodeField));
        Assert.Equal(0, await CountOpinionsAsync("再提一条。"));
    }

    [Fact]
    public async Task Submit_WithAWrongCode_FiveTimes_VoidsTheCheck_AndStoresNothing()
    {
        await Contacts.SendCodeAsync("shiyan", Email);
        var code = CodeSentTo(_email, Stored);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < ContactCheck.MaxAttempts; i++)
        {
            var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => SubmitAsync("路灯坏了。", Email, wrong));
            Assert.Equal("验证码不对，请核对后重新填写。", refused.ErrorFor(ContactCheckService.CodeField));
        }
        var voided = await Assert.ThrowsAsync<ValidationFailedException>(() => SubmitAsync("路灯坏了。", Email, code));

        Assert.Contains("输错次数过多", voided.ErrorFor(ContactCheckService.CodeField));
        Assert.Equal(ContactCheck.MaxAttempts, Assert.Single(await ChecksAsync()).Attempts);
        Assert.Equal(0, await CountOpinionsAsync("路灯坏了。"));
    }

    [Fact]
    public async Task Submit_AfterTheCodeExpired_IsRefused()
    {
        await Contacts.SendCodeAsync("shiyan", Email);
        _db.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => SubmitAsync("过期了。", Email, CodeSentTo(_email, Stored)));

        Assert.Contains("已过期", refused.ErrorFor(ContactCheckService.CodeField));
        Assert.Equal(0, await CountOpinionsAsync("过期了。"));
        Assert.Null(Assert.Single(await ChecksAsync()).UsedUtc);
    }

    [Fact]
    public async Task Submit_WithAContactButNoCode_OrAnotherStreetsCode_OrABadContact_IsRefused()
    {
        await Contacts.SendCodeAsync("xinghai", Email);
        var otherStreet = CodeSentTo(_email, Stored);

        var noCode = await Assert.ThrowsAsync<ValidationFailedException>(() => SubmitAsync("没有验证码。", Email, null));
        var elsewhere = await Assert.ThrowsAsync<ValidationFailedException>(() => SubmitAsync("别的街道的验证码。", Email, otherStreet));
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => SubmitAsync("错误的号码。", "0571-88886666", "123456"));

        Assert.NotNull(noCode.ErrorFor(ContactCheckService.CodeField));
        Assert.NotNull(elsewhere.ErrorFor(ContactCheckService.CodeField));
        Assert.NotNull(bad.ErrorFor(ContactCheckService.ContactField));
        await using var db = _db.NewContext();
        Assert.False(await db.TrackedItems.AnyAsync(i => i.Text == "没有验证码。" || i.Text == "别的街道的验证码。" || i.Text == "错误的号码。"));
    }

    [Fact]
    public async Task Answered_Decided_Done_TellTheResident_ThenTheContactIsForgotten()
    {
        var id = await SubmitConfirmedAsync("小区东门垃圾桶周末常常溢满。");
        await Tracking.AcceptAsync(_convener, id, _department);

        await Tracking.AnswerAsync(_convener, id, "周末加一次清运。");

        await using (var db = _db.NewContext())
        {
            var notice = await db.Notices.AsNoTracking().SingleAsync(n => n.OpinionId == id);
            Assert.Equal("Notice.OpinionAnswered", notice.TextKey);
            Assert.Null(notice.UserId);
            Assert.Equal($"/s/shiyan/opinions#item-{id}", notice.Link);
        }
        await SendNoticesAsync();
        var answered = Assert.Single(_email.To(Stored), m => m.Notices.Any(n => n.TextKey == "Notice.OpinionAnswered"));
        Assert.Contains("您的意见已答复", answered.Notices[0].Text);
        Assert.Null(answered.UnsubscribeUrl);

        await Tracking.DecideAsync(_convener, id, "由环卫所负责。");
        await Tracking.MarkDoneAsync(_convener, id, null);

        Assert.Null((await ItemAsync(id)).NotifyContact);
        await SendNoticesAsync();
        var keys = _email.To(Stored).SelectMany(m => m.Notices).Select(n => n.TextKey).ToList();
        Assert.Equal(["Notice.ContactCode", "Notice.OpinionAnswered", "Notice.OpinionDecided", "Notice.OpinionClosed"], keys);
        await using (var db = _db.NewContext())
        {
            var deliveries = await (from d in db.NoticeDeliveries join n in db.Notices on d.NoticeId equals n.Id where n.OpinionId == id select new { d, n.TextKey }).ToListAsync();
            Assert.All(deliveries, x => Assert.Equal(DeliveryState.Sent, x.d.State));
            Assert.Null(deliveries.Single(x => x.TextKey == "Notice.OpinionClosed").d.Address);
        }
    }

    [Fact]
    public async Task Declined_TellsTheResidentItIsClosed_AtTheStreetsHome_AndForgetsTheContact()
    {
        var id = await SubmitConfirmedAsync("希望把小区改成只能步行进入。");

        await Tracking.DeclineAsync(_convener, id, "须经业主大会表决。");

        Assert.Null((await ItemAsync(id)).NotifyContact);
        await using (var db = _db.NewContext())
        {
            var notice = await db.Notices.AsNoTracking().SingleAsync(n => n.OpinionId == id);
            Assert.Equal("Notice.OpinionClosed", notice.TextKey);
            // Declined opinions are listed publicly too; only a merged or unpublishable one links to the street's home.
            Assert.Equal($"/s/shiyan/opinions#item-{id}", notice.Link);
        }
        await SendNoticesAsync();
        Assert.Contains(_email.To(Stored), m => m.Notices.Any(n => n.TextKey == "Notice.OpinionClosed"));
        await using var after = _db.NewContext();
        Assert.All(await after.NoticeDeliveries.Where(d => d.RecipientKey == $"o:{id}").ToListAsync(), d => Assert.Null(d.Address));
    }

    [Fact]
    public async Task Merged_ClosesTheResidentsOpinion_WithALinkToTheStreetsHome()
    {
        var target = await SubmitAsync("学校门口车速太快，要减速带。");
        var id = await SubmitConfirmedAsync("学校门口车速太快。");

        await Tracking.MergeAsync(_convener, id, target);

        await using var db = _db.NewContext();
        var notice = await db.Notices.AsNoTracking().SingleAsync(n => n.OpinionId == id);
        Assert.Equal(("Notice.OpinionClosed", "/s/shiyan"), (notice.TextKey, notice.Link));
        Assert.Null((await ItemAsync(id)).NotifyContact);
    }

    [Fact]
    public async Task AnOpinionWithoutAContact_TellsNoResident()
    {
        var id = await SubmitAsync("没有留下联系方式。");
        await Tracking.AcceptAsync(_convener, id, _department);

        await Tracking.AnswerAsync(_convener, id, "已处理。");

        await using var db = _db.NewContext();
        Assert.False(await db.Notices.AnyAsync(n => n.OpinionId == id));
    }

    [Fact]
    public async Task TheContact_AppearsInNoStaffView_NorInThePublicList_NorToTheConvenersNoticeList()
    {
        var id = await SubmitConfirmedAsync("公交站没有遮雨棚。");
        await Tracking.AcceptAsync(_convener, id, _department);
        await Tracking.AnswerAsync(_convener, id, "已报区交通局。");
        await SendNoticesAsync();

        var views = new List<object>
        {
            await Tracking.GetAsync(_convener, id),
            await Tracking.GetAsync(await _db.ActorAsync("officer03"), id),
            await Tracking.ListAsync(_convener, new TrackingFilter()),
            (await _db.Get<FollowUpService>().PublicListAsync("shiyan", new TrackingFilter()))!,
        };
        var notices = _db.Get<NoticeService>();
        var events = await notices.EventsAsync(_convener, 0);
        views.Add(events);
        views.Add(await notices.RecipientsAsync(_convener, events.Items.First(e => e.Title.Contains("您的意见已答复")).EventKey));
        views.Add(await _db.Get<Domain.Sessions.SessionService>().ListNoticesAsync(_convener));

        foreach (var view in views)
        {
            var json = JsonSerializer.Serialize(view);
            Assert.DoesNotContain("example.cn", json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("resident@", json, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(_email.To(Stored), m => m.Notices.Any(n => n.TextKey == "Notice.OpinionAnswered"));
    }

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex SixDigits();
}
