using CongressHub.Domain.Notices;
using CongressHub.Tests.Support;
using CongressHub.Web.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Notices;

/// <summary>The outbox sending SMS through the gateway (a real HTTP server in the test), on a real database, and the gateway's receipts.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class SmsDeliveryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private HttpReceiver _gateway = null!;
    private ServiceProvider _services = null!;
    private NoticeOutbox _outbox = null!;
    private int _noticeId;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _gateway = await HttpReceiver.StartAsync();
        (var channel, _services) = SmsChannelTests.Channel(_gateway.Url + "/sms/send");
        _outbox = EmailDeliveryTests.Outbox(_db, channel);
        _noticeId = await EmailDeliveryTests.NoticeToAsync(_db, "convener", NoticeChannel.Sms, u => u.PhoneNumber = "13800138000");
        _db.Clock.Advance(TimeSpan.FromMinutes(11));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _gateway.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<NoticeDelivery> DeliveryAsync()
    {
        await using var context = _db.NewContext();
        return await context.NoticeDeliveries.AsNoTracking().SingleAsync(d => d.NoticeId == _noticeId && d.Channel == NoticeChannel.Sms);
    }

    [Fact]
    public async Task Run_GatewaySaysOk_DeliveryIsSentWithTheGatewaysId_AndItsReceiptMarksItDeliveredOnce()
    {
        _gateway.On("/sms/send", r => Reply.Json(200, """{ "Code": "OK", "BizId": "biz-""" + r.Json.GetProperty("OutId").GetString() + "\" }"));

        await _outbox.RunOnceAsync(TestContext.Current.CancellationToken);
        var sent = await DeliveryAsync();
        var first = await _outbox.RecordReceiptAsync(NoticeChannel.Sms, sent.ExternalId!, true, null, TestContext.Current.CancellationToken);
        var delivered = await DeliveryAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _outbox.RecordReceiptAsync(NoticeChannel.Sms, sent.ExternalId!, true, null, TestContext.Current.CancellationToken);
        var again = await DeliveryAsync();

        Assert.Equal(DeliveryState.Sent, sent.State);
        Assert.StartsWith("biz-notice-", sent.ExternalId);
        Assert.Equal("13800138000", Assert.Single(_gateway.To("/sms/send")).Json.GetProperty("PhoneNumbers").GetString());
        Assert.True(first);
        Assert.Equal(DeliveryState.Delivered, delivered.State);
        Assert.False(second);
        Assert.Equal((DeliveryState.Delivered, delivered.DeliveredUtc), (again.State, again.DeliveredUtc));
    }

    [Fact]
    public async Task Run_GatewaySaysTheNumberIsIllegal_DeliveryFailsForGood()
    {
        _gateway.On("/sms/send", Reply.Json(200, """{ "Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号" }"""));

        await _outbox.RunOnceAsync(TestContext.Current.CancellationToken);
        _db.Clock.Advance(TimeSpan.FromHours(2));
        await _outbox.RunOnceAsync(TestContext.Current.CancellationToken);

        var delivery = await DeliveryAsync();
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Equal(1, delivery.Attempts);
        Assert.Contains("isv.MOBILE_NUMBER_ILLEGAL", delivery.Error);
        Assert.Single(_gateway.To("/sms/send"));
    }

    [Fact]
    public async Task Run_GatewayFailsWith500_DeliveryWaitsQueuedForTheNextTry()
    {
        _gateway.On("/sms/send", Reply.Json(500, "{}"));

        await _outbox.RunOnceAsync(TestContext.Current.CancellationToken);

        var delivery = await DeliveryAsync();
        Assert.Equal((DeliveryState.Queued, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("500", delivery.Error);
    }
}
