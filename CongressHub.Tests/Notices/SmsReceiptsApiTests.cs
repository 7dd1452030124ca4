using System.Net;
using System.Text;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using CongressHub.Tests.Support;
using CongressHub.Web.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Notices;

/// <summary><c>POST /api/notices/sms-receipts</c> in the real app: the gateway's signed delivery reports.</summary>
public class SmsReceiptsApiTests : IAsyncLifetime
{
    private AppFactory _app = null!;
    private HttpClient _client = null!;
    private int _deliveryId;

    public async ValueTask InitializeAsync()
    {
        _app = await AppFactory.CreateAsync(settings: new Dictionary<string, string>
        {
            // A gateway nobody listens at: the app's own sender gets no further with the demo's notices than a retry.
            ["Notices:Sms:Url"] = $"http://127.0.0.1:{EmailChannelTests.ClosedPort()}/send",
            ["Notices:Sms:AccessKeyId"] = SmsChannelTests.KeyId,
            ["Notices:Sms:AccessKeySecret"] = SmsChannelTests.Secret,
            ["Notices:Sms:SignName"] = "示例街道",
        });
        _client = _app.CreateClient();
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.UserName == "convener");
        var street = await db.Streets.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var now = DateTime.UtcNow;
        var notice = Notice.ToUser(street, user.Id, NoticeKind.ItemAssigned, "test:receipt", "/tracking/1", now, "Notice.Assigned", "路灯维修", "2026-12-20");
        notice.MarkPlanned();
        db.Notices.Add(notice);
        await db.SaveChangesAsync();
        var delivery = NoticeDelivery.Plan(notice, NoticeChannel.Sms, "13800138000", now);
        delivery.Sent(now, "biz-receipt-1", 1);
        db.NoticeDeliveries.Add(delivery);
        await db.SaveChangesAsync();
        _deliveryId = delivery.Id;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string json, string secret = SmsChannelTests.Secret)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var (date, nonce, authorization) = GatewaySignature.Headers(SmsChannelTests.KeyId, secret, "POST", SmsReceiptsApi.Path, body, DateTimeOffset.UtcNow);
        var request = new HttpRequestMessage(HttpMethod.Post, SmsReceiptsApi.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(GatewaySignature.DateHeader, date);
        request.Headers.Add(GatewaySignature.NonceHeader, nonce);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<NoticeDelivery> DeliveryAsync()
    {
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContext();
        return await db.NoticeDeliveries.AsNoTracking().SingleAsync(d => d.Id == _deliveryId, TestContext.Current.CancellationToken);
    }

    private const string Delivered = """[{ "biz_id": "biz-receipt-1", "success": true, "err_code": "DELIVERED", "phone_number": "13800138000" }]""";

    [Fact]
    public async Task Post_SignedReceipt_MarksTheDeliveryDelivered_AndTheSameReceiptAgainChangesNothing()
    {
        var first = await PostAsync(Delivered);
        var delivered = await DeliveryAsync();
        var second = await PostAsync(Delivered);
        var again = await DeliveryAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"code":0}""", await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(DeliveryState.Delivered, delivered.State);
        Assert.NotNull(delivered.DeliveredUtc);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((DeliveryState.Delivered, delivered.DeliveredUtc), (again.State, again.DeliveredUtc));
    }

    [Fact]
    public async Task Post_ReceiptOfAMessageNotDelivered_FailsTheDelivery()
    {
        var response = await PostAsync("""[{ "biz_id": "biz-receipt-1", "success": false, "err_code": "MOBILE_NOT_ON_SERVICE", "phone_number": "13800138000" }]""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await DeliveryAsync();
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Equal("MOBILE_NOT_ON_SERVICE", delivery.Error);
    }

    [Fact]
    public async Task Post_WithAnotherSecretsSignature_Is401ProblemDetails_AndChangesNothing()
    {
        var response = await PostAsync(Delivered, secret: "not the secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DeliveryState.Sent, (await DeliveryAsync()).State);
    }

    [Fact]
    public async Task Post_Unsigned_Is401()
    {
        var response = await _client.PostAsync(SmsReceiptsApi.Path, new StringContent(Delivered, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{ "biz_id": "biz-receipt-1" """)]
    [InlineData("""{ "biz_id": "biz-receipt-1", "success": true }""")]
    [InlineData("""[{ "success": true }]""")]
    public async Task Post_SignedButNotAListOfReceipts_Is400ProblemDetails(string json)
    {
        var response = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DeliveryState.Sent, (await DeliveryAsync()).State);
    }
}
