using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CongressHub.Tests.Notices;

/// <summary>The outbox sending through the e-mail channel to the real SMTP server, on a real database.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class EmailDeliveryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private int _noticeId;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _noticeId = await NoticeToAsync(_db, "convener", NoticeChannel.Email, u => u.Email = $"convener-{Guid.NewGuid():N}@example.cn");
        // Past the digest window: the notice is due.
        _db.Clock.Advance(TimeSpan.FromMinutes(11));
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    /// <summary>An item assigned to <paramref name="userName"/>, who reads notices by <paramref name="channel"/>; returns the notice's id.</summary>
    internal static async Task<int> NoticeToAsync(TestDatabase db, string userName, NoticeChannel channel, Action<Domain.Accounts.CongressUser> address)
    {
        await using var context = db.NewContext();
        // The demo's own notices (its session calls) are out of the way: only this one goes out.
        await context.Notices.ExecuteUpdateAsync(s => s.SetProperty(n => n.Planned, true));
        var user = await context.Users.SingleAsync(u => u.UserName == userName);
        user.NoticeChannels = channel;
        address(user);
        var street = await context.Streets.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        await NoticeWriter.ToUserAsync(context, street, user.Id, NoticeKind.ItemAssigned, $"test:{Guid.NewGuid():N}", "/tracking/1", now, default,
            "Notice.Assigned", "小区电梯加装", SystemText.Date(new DateOnly(2026, 12, 20)));
        await context.SaveChangesAsync();
        return await context.Notices.Where(n => n.UserId == user.Id).OrderByDescending(n => n.Id).Select(n => n.Id).FirstAsync();
    }

    /// <summary>The outbox as the app builds it, with <paramref name="channel"/> its one channel.</summary>
    internal static NoticeOutbox Outbox(TestDatabase db, INoticeChannel channel) =>
        new(db.Get<IDbContextFactory<CongressDbContext>>(), [channel], db.Get<IOptions<NoticeOptions>>(),
            db.Services.GetService<IDataProtectionProvider>() ?? new EphemeralDataProtectionProvider(), db.Events, db.Get<CongressMetrics>(), db.Clock,
            NullLogger<NoticeOutbox>.Instance);

    private async Task<NoticeDelivery> DeliveryAsync()
    {
        await using var context = _db.NewContext();
        return await context.NoticeDeliveries.AsNoTracking().SingleAsync(d => d.NoticeId == _noticeId && d.Channel == NoticeChannel.Email);
    }

    [Fact]
    public async Task Run_NoticeToAnAccountWithAnAddress_IsSentOnceAndItsDeliveryKeepsTheMessageId()
    {
        var outbox = Outbox(_db, EmailChannelTests.Channel());

        await outbox.RunOnceAsync(TestContext.Current.CancellationToken);
        await outbox.RunOnceAsync(TestContext.Current.CancellationToken);

        var delivery = await DeliveryAsync();
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Equal(1, delivery.Attempts);
        Assert.NotNull(delivery.ExternalId);
        var mail = Assert.Single(EmailChannelTests.Received(delivery.ExternalId, delivery.Address));
        Assert.Equal(delivery.Address, Assert.IsType<MimeKit.MailboxAddress>(Assert.Single(mail.To)).Address);
        Assert.Contains("交办给您：小区电梯加装", mail.TextBody);
        Assert.Contains("http://localhost:5000/tracking/1", mail.TextBody);
        Assert.True(mail.Headers.Contains(MimeKit.HeaderId.ListUnsubscribe));
    }

    [Fact]
    public async Task Run_WhileTheServerIsDown_KeepsTheNoticeQueued_AndSendsItOnceTheServerIsBackAndTheWaitIsOver()
    {
        await Outbox(_db, EmailChannelTests.Channel(EmailChannelTests.ClosedPort())).RunOnceAsync(TestContext.Current.CancellationToken);
        var failed = await DeliveryAsync();
        var live = Outbox(_db, EmailChannelTests.Channel());

        await live.RunOnceAsync(TestContext.Current.CancellationToken);
        var waiting = await DeliveryAsync();
        _db.Clock.Advance(TimeSpan.FromSeconds(31));
        await live.RunOnceAsync(TestContext.Current.CancellationToken);
        var sent = await DeliveryAsync();

        Assert.Equal(DeliveryState.Queued, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("SMTP", failed.Error);
        Assert.Equal((DeliveryState.Queued, 1), (waiting.State, waiting.Attempts));
        Assert.Equal(DeliveryState.Sent, sent.State);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.Error);
        Assert.Single(EmailChannelTests.Received(sent.ExternalId!, sent.Address));
    }
}
