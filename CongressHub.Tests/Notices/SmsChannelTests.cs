using System.Text;
using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using CongressHub.Tests.Support;
using CongressHub.Web.Notices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CongressHub.Tests.Notices;

/// <summary>SMS notices through the gateway's HTTP interface, against a real HTTP server standing in for the gateway.</summary>
public class SmsChannelTests : IAsyncLifetime
{
    internal const string KeyId = "LTAI-test";
    internal const string Secret = "gateway-secret-示例";
    private HttpReceiver _gateway = null!;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync() => _gateway = await HttpReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await _gateway.DisposeAsync();
    }

    /// <summary>The SMS channel as the app registers it, pointed at <paramref name="url"/>.</summary>
    /// <summary>
    /// The channel to a test gateway. It waits <paramref name="timeoutSeconds"/> for an answer: long enough by default that
    /// a gateway answering at once is never taken for a silent one on a loaded machine.
    /// </summary>
    internal static (SmsChannel Channel, ServiceProvider Services) Channel(string url, TimeProvider? time = null, Dictionary<string, string>? templates = null, int timeoutSeconds = 10)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notices:Sms:Url"] = url, ["Notices:Sms:AccessKeyId"] = KeyId, ["Notices:Sms:AccessKeySecret"] = Secret, ["Notices:Sms:SignName"] = "示例街道",
            ["Notices:Sms:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Notices:SiteUrl"] = "https://congress.example.cn",
        }.Concat((templates ?? new() { ["ItemAssigned"] = "SMS_100", ["Digest"] = "SMS_900" }).Select(t => KeyValuePair.Create($"Notices:Sms:Templates:{t.Key}", (string?)t.Value))))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSettings<NoticeOptions>(config);
        services.AddNoticeChannels(config);
        var provider = services.BuildServiceProvider();
        return (provider.GetServices<INoticeChannel>().OfType<SmsChannel>().Single(), provider);
    }

    private SmsChannel Channel(Dictionary<string, string>? templates = null, int timeoutSeconds = 10)
    {
        (var channel, _services) = Channel(_gateway.Url + "/sms/send", templates: templates, timeoutSeconds: timeoutSeconds);
        return channel;
    }

    private static OutgoingNotice Assigned(string title) =>
        new(NoticeKind.ItemAssigned, $"交办给您：{title}（期限 2026-12-10）", "https://congress.example.cn/tracking/7", "Notice.Assigned", [title, "2026-12-10"]);

    private static OutgoingMessage Message(params OutgoingNotice[] notices) => new("notice-41@congress.example.cn", "13800138000", null, notices, null);

    [Fact]
    public async Task Send_PostsTheTemplateAndItsParametersSignedWithTheKey_AndKeepsTheGatewaysId()
    {
        _gateway.On("/sms/send", Reply.Json(200, """{ "Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "r1" }"""));
        var title = "关于老旧小区加装电梯和增设停车位的建议办理情况";

        var answer = await Channel().SendAsync(Message(Assigned(title)), TestContext.Current.CancellationToken);

        Assert.Equal(ChannelAnswer.Ok("900619746936498440^0"), answer);
        var request = Assert.Single(_gateway.To("/sms/send"));
        Assert.Equal("POST", request.Method);
        var body = request.Json;
        Assert.Equal("13800138000", body.GetProperty("PhoneNumbers").GetString());
        Assert.Equal("示例街道", body.GetProperty("SignName").GetString());
        Assert.Equal("SMS_100", body.GetProperty("TemplateCode").GetString());
        Assert.Equal("notice-41@congress.example.cn", body.GetProperty("OutId").GetString());
        var param = JsonDocument.Parse(body.GetProperty("TemplateParam").GetString()!).RootElement;
        Assert.Equal(title[..20], param.GetProperty("p1").GetString());
        Assert.Equal("2026-12-10", param.GetProperty("p2").GetString());
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.StartsWith($"HMAC-SHA256 Credential={KeyId},Signature=", request.Headers["Authorization"]);
        Assert.True(GatewaySignature.Verify(KeyId, Secret, request.Method, request.Path, request.Headers["x-acs-date"], request.Headers["x-acs-nonce"],
            request.Headers["Authorization"], request.Body, DateTimeOffset.UtcNow));
        Assert.False(GatewaySignature.Verify(KeyId, "another secret", request.Method, request.Path, request.Headers["x-acs-date"], request.Headers["x-acs-nonce"],
            request.Headers["Authorization"], request.Body, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Signature_FollowsTheCanonicalStringTheReadmeGives()
    {
        var body = Encoding.UTF8.GetBytes("[]");

        var canonical = GatewaySignature.Canonical("post", "/api/notices/sms-receipts", "2026-12-03T06:00:00Z", "abc", body);
        var signature = GatewaySignature.Sign("secret", "POST", "/api/notices/sms-receipts", "2026-12-03T06:00:00Z", "abc", body);

        Assert.Equal("POST\n/api/notices/sms-receipts\n2026-12-03T06:00:00Z\nabc\n4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", canonical);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData("secret"u8, Encoding.UTF8.GetBytes(canonical))), signature);
    }

    [Fact]
    public async Task Send_Digest_UsesTheDigestTemplateWithCountAndLink()
    {
        _gateway.On("/sms/send", Reply.Json(200, """{ "Code": "OK", "BizId": "b2" }"""));

        await Channel().SendAsync(Message(Assigned("路灯"), Assigned("垃圾分类"), Assigned("停车")), TestContext.Current.CancellationToken);

        var body = Assert.Single(_gateway.To("/sms/send")).Json;
        Assert.Equal("SMS_900", body.GetProperty("TemplateCode").GetString());
        var param = JsonDocument.Parse(body.GetProperty("TemplateParam").GetString()!).RootElement;
        Assert.Equal("3", param.GetProperty("count").GetString());
        Assert.Equal("https://congress.example.cn/", param.GetProperty("link").GetString());
    }

    [Fact]
    public async Task Send_KindWithoutTemplate_FallsBackToTheDigestTemplateWithCountOne_AndWithoutEitherIsRefused()
    {
        _gateway.On("/sms/send", Reply.Json(200, """{ "Code": "OK", "BizId": "b3" }"""));

        var fallback = await Channel(templates: new() { ["Digest"] = "SMS_900" }).SendAsync(Message(Assigned("路灯")), TestContext.Current.CancellationToken);
        var none = await Channel(templates: new() { ["Reminder"] = "SMS_200" }).SendAsync(Message(Assigned("路灯")), TestContext.Current.CancellationToken);

        Assert.True(fallback.Accepted);
        var param = JsonDocument.Parse(Assert.Single(_gateway.To("/sms/send")).Json.GetProperty("TemplateParam").GetString()!).RootElement;
        Assert.Equal(("1", "https://congress.example.cn/tracking/7"), (param.GetProperty("count").GetString(), param.GetProperty("link").GetString()));
        Assert.True(none.Permanent);
        Assert.StartsWith("no template for ItemAssigned", none.Error);
    }

    [Theory]
    [InlineData(200, """{ "Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号" }""", false, true)]
    [InlineData(200, """{ "Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "模板不合法" }""", false, true)]
    [InlineData(200, """{ "Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控" }""", false, false)]
    [InlineData(500, """{ "Code": "InternalError" }""", false, false)]
    [InlineData(502, "<html>bad gateway</html>", false, false)]
    [InlineData(200, "not json", false, false)]
    public async Task Send_GatewayAnswers_AreSortedIntoSentRefusedAndRetry(int status, string reply, bool accepted, bool permanent)
    {
        _gateway.On("/sms/send", Reply.Json(status, reply));

        var answer = await Channel().SendAsync(Message(Assigned("路灯")), TestContext.Current.CancellationToken);

        Assert.Equal((accepted, permanent), (answer.Accepted, answer.Permanent));
        Assert.NotNull(answer.Error);
    }

    [Fact]
    public async Task Send_WhenTheGatewayDoesNotAnswerInTime_AnswersRetry()
    {
        _gateway.On("/sms/send", Reply.Never);

        var answer = await Channel(timeoutSeconds: 1).SendAsync(Message(Assigned("路灯")), TestContext.Current.CancellationToken);

        Assert.False(answer.Accepted);
        Assert.False(answer.Permanent);
        Assert.Contains("did not answer within 1 s", answer.Error);
    }

    [Fact]
    public void Options_NameAWrongTemplateKind_AndNeedAllFourSettingsToBeOn()
    {
        var options = new SmsOptions { Url = "https://sms.example.cn/send", AccessKeyId = "k", AccessKeySecret = "s" };
        options.Templates["Reminders"] = "SMS_1";

        Assert.False(options.Enabled);
        Assert.StartsWith("Notices:Sms:Templates:Reminders", options.Problem());
        options.SignName = "示例街道";
        options.Templates.Remove("Reminders");
        Assert.True(options.Enabled);
        Assert.Null(options.Problem());
    }
}
