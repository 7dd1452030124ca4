using System.Collections.Concurrent;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CongressHub.Tests.Notices;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class NoticeOutboxTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _delegate01 = null!;
    private Actor _delegate02 = null!;
    private int _upcoming;

    private SessionService Sessions => _db.Get<SessionService>();

    private NoticeService Notices => _db.Get<NoticeService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _delegate01 = await _db.ActorAsync("delegate01");
        _delegate02 = await _db.ActorAsync("delegate02");
        // What the demo wrote before the test is out of the way: only this test's notices go out.
        await using var db = _db.NewContext();
        await db.Notices.ExecuteUpdateAsync(s => s.SetProperty(n => n.Planned, true));
        _upcoming = await Sessions.CreateSessionAsync(_convener,
            new SessionInput(SessionKind.Regular, "下季度例会", _db.Clock.GetUtcNow().UtcDateTime.AddDays(14), "社区活动中心"), withTemplate: true);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task SessionCall_GoesToEachPersonOnce_ByTheirChannel_AfterTheDigestWindow_AndLettersForTheUnreached()
    {
        var mail = new ScriptedChannel(NoticeChannel.Email);
        var outbox = Outbox(null, mail);
        await Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.Email, "d01@example.cn", null, false));

        await Sessions.PublishAsync(_convener, _upcoming);
        await outbox.RunOnceAsync();
        var early = mail.Sent.Count;
        _db.Clock.Advance(TimeSpan.FromMinutes(10));
        await outbox.RunOnceAsync();
        await outbox.RunOnceAsync();

        Assert.Equal(0, early);
        var message = Assert.Single(mail.Sent);
        Assert.Equal("d01@example.cn", message.Address);
        Assert.StartsWith("会议通知：下季度例会", message.Notices.Single().Text);
        Assert.EndsWith($"/sessions/{_upcoming}", message.Notices.Single().Url);
        // The session call cannot be refused, so it carries no unsubscribe link.
        Assert.Null(message.UnsubscribeUrl);
        await using var db = _db.NewContext();
        var delivery = await db.NoticeDeliveries.SingleAsync(d => d.Channel == NoticeChannel.Email);
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Equal(message.MessageId, delivery.ExternalId);
        var delegates = await db.Delegates.CountAsync(d => d.StreetId == _convener.StreetId && d.UserId != null && d.RetiredUtc == null
            && d.TermId == db.Sessions.Where(s => s.Id == _upcoming).Select(s => s.TermId).Single());
        Assert.Equal(delegates, await db.Notices.CountAsync(n => n.EventKey == $"session-published:{_upcoming}"));
        // Every other delegate has no address the street can send to: their call is printed.
        Assert.Equal(delegates - 1, await db.NoticeDeliveries.CountAsync(d => d.Channel == NoticeChannel.Letter));
        var letters = await Notices.LettersAsync(_convener, _upcoming);
        Assert.Equal(delegates - 1, letters.Letters.Count);
        Assert.NotEmpty(letters.Agenda);
        Assert.Equal(delegates - 1, await Notices.MarkLettersPrintedAsync(_convener, _upcoming));
        Assert.Equal(0, await Notices.MarkLettersPrintedAsync(_convener, _upcoming));
    }

    [Fact]
    public async Task NoticesWithinTheWindow_FoldIntoOneDigest_ButAnUrgentOneGoesAtOnce()
    {
        var mail = new ScriptedChannel(NoticeChannel.Email);
        var outbox = Outbox(null, mail);
        await Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.Email, "d01@example.cn", null, false));
        await Sessions.PublishAsync(_convener, _upcoming);
        await outbox.RunOnceAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(3));
        var leave = await _db.Get<LeaveService>().AskAsync(_delegate01, _upcoming, "出差");
        await _db.Get<LeaveService>().GrantAsync(_convener, _upcoming, leave);
        await outbox.RunOnceAsync();

        await MoveAsync(TimeSpan.FromHours(1), "街道礼堂");
        await outbox.RunOnceAsync();
        var urgentAtOnce = mail.Sent.Count;
        _db.Clock.Advance(TimeSpan.FromMinutes(7));
        await outbox.RunOnceAsync();

        Assert.Equal(1, urgentAtOnce);
        Assert.StartsWith("会议变更：下季度例会", mail.Sent[0].Notices.Single().Text);
        Assert.Equal(2, mail.Sent.Count);
        var digest = mail.Sent[1];
        Assert.True(digest.IsDigest);
        Assert.Equal(2, digest.Notices.Count);
        Assert.Contains(digest.Notices, n => n.Text.StartsWith("请假已准许", StringComparison.Ordinal));
        // The leave notice may be refused by e-mail, the call with it may not: a digest with the call has no link.
        Assert.Null(digest.UnsubscribeUrl);
        await using var db = _db.NewContext();
        Assert.All(await db.NoticeDeliveries.Where(d => d.ExternalId == digest.MessageId).ToListAsync(), d => Assert.Equal(2, d.Folded));
    }

    [Fact]
    public async Task QuietHours_HoldAnSms_UntilMorning_ButNotAnUrgentOne()
    {
        var sms = new ScriptedChannel(NoticeChannel.Sms);
        var outbox = Outbox(new NoticeOptions { DigestMinutes = 0, ReminderHours = 0 }, sms);
        await PhoneAsync(_delegate01, "13800000001");
        // 22:30 in Shanghai.
        _db.Clock.Now = new DateTimeOffset(2026, 11, 26, 14, 30, 0, TimeSpan.Zero);

        await Sessions.PublishAsync(_convener, _upcoming);
        await outbox.RunOnceAsync();
        var atNight = sms.Sent.Count(m => m.Address == "13800000001");
        await MoveAsync(TimeSpan.Zero, "街道礼堂");
        await outbox.RunOnceAsync();
        var urgentAtNight = sms.Sent.Count(m => m.Address == "13800000001");
        _db.Clock.Now = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero); // 08:00
        await outbox.RunOnceAsync();

        Assert.Equal(0, atNight);
        Assert.Equal(1, urgentAtNight);
        var mine = sms.Sent.Where(m => m.Address == "13800000001").ToList();
        Assert.Equal(2, mine.Count);
        Assert.StartsWith("会议变更", mine[0].Notices.Single().Text);
        Assert.StartsWith("会议通知", mine[1].Notices.Single().Text);
    }

    [Fact]
    public async Task ADailyCap_HoldsFurtherMessages_ForTheNextMorning()
    {
        var mail = new ScriptedChannel(NoticeChannel.Email);
        var outbox = Outbox(new NoticeOptions { DigestMinutes = 0, DailyCap = 2, ReminderHours = 0 }, mail);
        await Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.Email, "d01@example.cn", null, false));
        await Sessions.PublishAsync(_convener, _upcoming);
        await outbox.RunOnceAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 3; i++)
        {
            var leave = await _db.Get<LeaveService>().AskAsync(_delegate01, _upcoming, "出差" + i);
            await _db.Get<LeaveService>().RefuseAsync(_convener, _upcoming, leave, "请安排");
            await outbox.RunOnceAsync();
            _db.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var sameDay = mail.Sent.Count;
        _db.Clock.Advance(TimeSpan.FromDays(1));
        await outbox.RunOnceAsync();

        // The call and the first refusal the same day; the other two refusals the next morning, in one message.
        Assert.Equal(2, sameDay);
        Assert.Equal(3, mail.Sent.Count);
        Assert.Equal(2, mail.Sent[2].Notices.Count);
    }

    [Fact]
    public async Task AFailure_WaitsAndIsTriedAgain_AndARefusalFailsForGood()
    {
        var mail = new ScriptedChannel(NoticeChannel.Email);
        mail.Answers.Enqueue(ChannelAnswer.Retry("connection refused"));
        var outbox = Outbox(new NoticeOptions { DigestMinutes = 0, RetrySeconds = 30, ReminderHours = 0 }, mail);
        await Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.Email, "d01@example.cn", null, false));
        await Notices.SaveSettingsAsync(_delegate02, new NoticeSettingsInput(NoticeChannel.Email, "nobody@example.cn", null, false));
        mail.Refuse("nobody@example.cn", "550 mailbox unavailable");

        await Sessions.PublishAsync(_convener, _upcoming);
        await outbox.RunOnceAsync();
        await using (var db = _db.NewContext())
        {
            var waiting = await db.NoticeDeliveries.SingleAsync(d => d.Address == "d01@example.cn");
            Assert.Equal(DeliveryState.Queued, waiting.State);
            Assert.Equal(1, waiting.Attempts);
            Assert.Equal("connection refused", waiting.Error);
        }
        _db.Clock.Advance(TimeSpan.FromSeconds(31));
        await outbox.RunOnceAsync();

        await using var read = _db.NewContext();
        var sent = await read.NoticeDeliveries.SingleAsync(d => d.Address == "d01@example.cn");
        Assert.Equal(DeliveryState.Sent, sent.State);
        Assert.Equal(2, sent.Attempts);
        var refused = await read.NoticeDeliveries.SingleAsync(d => d.Address == "nobody@example.cn");
        Assert.Equal(DeliveryState.Failed, refused.State);
        Assert.Equal(1, refused.Attempts);
        var row = (await Notices.EventsAsync(_convener, 0)).Items.Single(e => e.EventKey == $"session-published:{_upcoming}");
        Assert.Equal(1, row.Failed);
        Assert.Equal(1, row.Sent);

        Assert.Equal(1, await Notices.ResendFailedAsync(_convener, row.EventKey));
        mail.Accept("nobody@example.cn");
        await outbox.RunOnceAsync();
        Assert.Equal(DeliveryState.Sent, (await _db.NewContext().NoticeDeliveries.SingleAsync(d => d.Address == "nobody@example.cn")).State);
    }

    [Fact]
    public async Task TwoNodesAtOnce_SendEachNoticeExactlyOnce()
    {
        var mail = new ScriptedChannel(NoticeChannel.Email);
        var options = new NoticeOptions { DigestMinutes = 0, ReminderHours = 0 };
        var users = await DelegateUsersAsync();
        await using (var db = _db.NewContext())
        {
            foreach (var u in await db.Users.Where(u => users.Contains(u.Id)).ToListAsync())
            {
                u.Email = u.UserName + "@example.cn";
                u.NoticeChannels = NoticeChannel.Email;
            }
            await db.SaveChangesAsync();
        }
        await Sessions.PublishAsync(_convener, _upcoming);
        var nodeA = Outbox(options, mail);
        var nodeB = Outbox(options, mail);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () => await (i % 2 == 0 ? nodeA : nodeB).RunOnceAsync())));
        await nodeA.RunOnceAsync();

        Assert.Equal(users.Count, mail.Sent.Count);
        Assert.Equal(users.Count, mail.Sent.Select(m => m.Address).Distinct().Count());
        await using var read = _db.NewContext();
        Assert.Equal(users.Count, await read.NoticeDeliveries.CountAsync(d => d.State == DeliveryState.Sent));
        Assert.Equal(0, await read.NoticeDeliveries.SumAsync(d => d.Duplicates));
    }

    [Fact]
    public async Task ASenderThatDiesAfterSending_LeavesItToBeSentAgain_AndTheRepeatIsCounted()
    {
        var mail = new ScriptedChannel(NoticeChannel.Email);
        var options = new NoticeOptions { DigestMinutes = 0, LeaseSeconds = 60, ReminderHours = 0 };
        await Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.Email, "d01@example.cn", null, false));
        await Sessions.PublishAsync(_convener, _upcoming);
        using var dying = new CancellationTokenSource();
        mail.OnSend = () => dying.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Outbox(options, mail).RunOnceAsync(dying.Token));
        mail.OnSend = null;
        var other = Outbox(options, mail);
        await other.RunOnceAsync();
        var whileLeased = mail.Sent.Count;
        _db.Clock.Advance(TimeSpan.FromSeconds(61));
        await other.RunOnceAsync();

        Assert.Equal(1, whileLeased);
        Assert.Equal(2, mail.Sent.Count);
        Assert.Equal(mail.Sent[0].MessageId, mail.Sent[1].MessageId);
        await using var db = _db.NewContext();
        var delivery = await db.NoticeDeliveries.SingleAsync(d => d.Address == "d01@example.cn");
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Equal(1, delivery.Duplicates);
        Assert.Equal(1, (await Notices.EventsAsync(_convener, 0)).Items.Single(e => e.EventKey == $"session-published:{_upcoming}").Duplicates);
    }

    [Fact]
    public async Task Unsubscribing_StopsEmailsButTheSessionCallAndItsChanges()
    {
        var mail = new ScriptedChannel(NoticeChannel.Email);
        var outbox = Outbox(new NoticeOptions { DigestMinutes = 0, ReminderHours = 0 }, mail);
        await Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.Email, "d01@example.cn", null, false));
        await Sessions.PublishAsync(_convener, _upcoming);
        await outbox.RunOnceAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        var leave = await _db.Get<LeaveService>().AskAsync(_delegate01, _upcoming, "出差");
        await _db.Get<LeaveService>().RefuseAsync(_convener, _upcoming, leave, "请安排");
        await outbox.RunOnceAsync();
        Assert.Null(mail.Sent[0].UnsubscribeUrl);
        var link = mail.Sent[1].UnsubscribeUrl;
        Assert.NotNull(link);
        var token = Uri.UnescapeDataString(link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..]);

        Assert.False(await Notices.UnsubscribeAsync(token + "x"));
        Assert.True(await Notices.UnsubscribeAsync(token));
        var again = await _db.Get<LeaveService>().AskAsync(_delegate01, _upcoming, "家中有事");
        await _db.Get<LeaveService>().GrantAsync(_convener, _upcoming, again);
        await outbox.RunOnceAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        await MoveAsync(TimeSpan.FromHours(2), "街道礼堂");
        await outbox.RunOnceAsync();

        Assert.Equal(3, mail.Sent.Count);
        Assert.StartsWith("会议变更", mail.Sent[2].Notices.Single().Text);
        Assert.True((await Notices.SettingsAsync(_delegate01)).EmailOptOut);
    }

    [Fact]
    public async Task ASessionWithinTheReminderTime_RemindsEachDelegateOnce()
    {
        var mail = new ScriptedChannel(NoticeChannel.Email);
        var outbox = Outbox(new NoticeOptions { DigestMinutes = 0, ReminderHours = 24 }, mail);
        await Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.Email, "d01@example.cn", null, false));
        await Sessions.PublishAsync(_convener, _upcoming);
        await outbox.RunOnceAsync();
        var before = mail.Sent.Count(m => m.Notices.Any(n => n.Kind == NoticeKind.Reminder && n.Url.EndsWith($"/sessions/{_upcoming}", StringComparison.Ordinal)));

        _db.Clock.Advance(TimeSpan.FromDays(13.5));
        await outbox.RunOnceAsync();
        await Outbox(new NoticeOptions { DigestMinutes = 0, ReminderHours = 24 }, mail).RunOnceAsync();

        Assert.Equal(0, before);
        var reminder = Assert.Single(mail.Sent, m => m.Notices.Any(n => n.Kind == NoticeKind.Reminder && n.Url.EndsWith($"/sessions/{_upcoming}", StringComparison.Ordinal)));
        Assert.StartsWith("会议提醒：下季度例会", reminder.Notices.Single().Text);
    }

    [Fact]
    public async Task ADeliveryReport_SaidTwice_CountsOnce()
    {
        var sms = new ScriptedChannel(NoticeChannel.Sms);
        var outbox = Outbox(new NoticeOptions { DigestMinutes = 0, QuietHours = "", ReminderHours = 0 }, sms);
        await PhoneAsync(_delegate01, "13800000001");
        await Sessions.PublishAsync(_convener, _upcoming);
        await outbox.RunOnceAsync();
        var id = (await _db.NewContext().NoticeDeliveries.SingleAsync(d => d.Channel == NoticeChannel.Sms && d.Address == "13800000001")).ExternalId!;

        Assert.True(await outbox.RecordReceiptAsync(NoticeChannel.Sms, id, delivered: true, null));
        Assert.False(await outbox.RecordReceiptAsync(NoticeChannel.Sms, id, delivered: true, null));
        Assert.False(await outbox.RecordReceiptAsync(NoticeChannel.Sms, "unknown", delivered: true, null));

        var row = (await Notices.EventsAsync(_convener, 0)).Items.Single(e => e.EventKey == $"session-published:{_upcoming}");
        Assert.Equal(1, row.Delivered);
    }

    [Fact]
    public async Task ReadingANotice_MarksItRead_ForTheReaderOnly()
    {
        await Sessions.PublishAsync(_convener, _upcoming);
        var mine = (await Notices.MineAsync(_delegate01, 0)).Items.First(n => n.Link == $"/sessions/{_upcoming}");

        await Assert.ThrowsAsync<NotFoundException>(() => Notices.OpenAsync(_delegate02, mine.Id));
        Assert.Equal($"/sessions/{_upcoming}", await Notices.OpenAsync(_delegate01, mine.Id));

        Assert.True((await Notices.MineAsync(_delegate01, 0)).Items.First(n => n.Id == mine.Id).Read);
        var row = (await Notices.EventsAsync(_convener, 0)).Items.Single(e => e.EventKey == $"session-published:{_upcoming}");
        Assert.Equal(1, row.Read);
        await Assert.ThrowsAsync<ForbiddenException>(() => Notices.EventsAsync(_delegate01, 0));
        var other = await _db.ActorAsync("convener2");
        await Assert.ThrowsAsync<NotFoundException>(() => Notices.RecipientsAsync(other, row.EventKey));
    }

    [Fact]
    public async Task BadAddresses_AreRefused_WhenEntered()
    {
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.Email, "d01@", null, false)));
        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => Notices.SaveSettingsAsync(_delegate01, new NoticeSettingsInput(NoticeChannel.WeCom, null, null, false)));

        Assert.NotNull(bad.ErrorFor("Email"));
        Assert.NotNull(missing.ErrorFor("WeComUserId"));
        Assert.Null((await Notices.SettingsAsync(_delegate01)).Chosen);
    }

    private async Task MoveAsync(TimeSpan later, string place)
    {
        await using var db = _db.NewContext();
        var s = await db.Sessions.AsNoTracking().SingleAsync(x => x.Id == _upcoming);
        await Sessions.UpdateSessionAsync(_convener, _upcoming, new SessionInput(s.Kind, s.Title, s.ScheduledUtc + later, place), s.Version);
    }

    private async Task<List<string>> DelegateUsersAsync()
    {
        await using var db = _db.NewContext();
        var term = await db.Sessions.Where(s => s.Id == _upcoming).Select(s => s.TermId).SingleAsync();
        return await db.Delegates.Where(d => d.TermId == term && d.UserId != null && d.RetiredUtc == null).Select(d => d.UserId!).ToListAsync();
    }

    private async Task PhoneAsync(Actor actor, string phone)
    {
        await using var db = _db.NewContext();
        var user = await db.Users.SingleAsync(u => u.Id == actor.UserId);
        user.PhoneNumber = phone;
        user.NoticeChannels = NoticeChannel.Sms;
        await db.SaveChangesAsync();
    }

    private NoticeOutbox Outbox(NoticeOptions? options, params INoticeChannel[] channels) =>
        new(_db.Get<IDbContextFactory<CongressDbContext>>(), channels, Options.Create(options ?? new NoticeOptions { ReminderHours = 0 }), _db.Get<IDataProtectionProvider>(),
            _db.Get<ICongressEvents>(), _db.Get<CongressMetrics>(), _db.Clock, NullLogger<NoticeOutbox>.Instance);
}

/// <summary>A channel that stands for the outside world: it keeps what it is given and answers as the test scripts.</summary>
public sealed class ScriptedChannel(NoticeChannel channel) : INoticeChannel
{
    private readonly ConcurrentDictionary<string, string> _refused = new(StringComparer.Ordinal);
    private readonly List<OutgoingMessage> _sent = [];

    public NoticeChannel Channel => channel;

    public bool Enabled => true;

    public ConcurrentQueue<ChannelAnswer> Answers { get; } = new();

    public Action? OnSend { get; set; }

    public IReadOnlyList<OutgoingMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToList();
            }
        }
    }

    public void Refuse(string address, string error) => _refused[address] = error;

    public void Accept(string address) => _refused.TryRemove(address, out _);

    public Task<ChannelAnswer> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        if (_refused.TryGetValue(message.Address, out var error))
        {
            return Task.FromResult(ChannelAnswer.Refused(error));
        }
        if (Answers.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }
        lock (_sent)
        {
            _sent.Add(message);
        }
        OnSend?.Invoke();
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(ChannelAnswer.Ok(message.MessageId));
    }
}
