using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using CongressHub.Tests.Support;
using CongressHub.Web.Notices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Notices;

/// <summary>企业微信 application messages against a real HTTP server standing in for qyapi.weixin.qq.com.</summary>
public class WeComChannelTests : IAsyncLifetime
{
    private const string Token = "/cgi-bin/gettoken";
    private const string Send = "/cgi-bin/message/send";
    private HttpReceiver _wecom = null!;
    private ServiceProvider _services = null!;
    private WeComChannel _channel = null!;
    private readonly TestClock _clock = new(TestDatabase.SeedTime);
    private int _tokens;

    public async ValueTask InitializeAsync()
    {
        _wecom = await HttpReceiver.StartAsync();
        _wecom.On(Token, _ => Reply.Json(200, $$"""{ "errcode": 0, "errmsg": "ok", "access_token": "token-{{Interlocked.Increment(ref _tokens)}}", "expires_in": 7200 }"""));
        // Five seconds: a loaded machine never takes a prompt answer for a silent server; the silent one costs its test five.
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notices:WeCom:BaseUrl"] = _wecom.Url, ["Notices:WeCom:CorpId"] = "ww-corp", ["Notices:WeCom:AgentId"] = "1000002",
            ["Notices:WeCom:Secret"] = "app-secret", ["Notices:WeCom:TimeoutSeconds"] = "5", ["Notices:SiteUrl"] = "https://congress.example.cn",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSettings<NoticeOptions>(config);
        services.AddNoticeChannels(config);
        _services = services.BuildServiceProvider();
        _channel = _services.GetServices<INoticeChannel>().OfType<WeComChannel>().Single();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _wecom.DisposeAsync();
    }

    private static OutgoingMessage Message(string user = "WangFang", int count = 1) => new("notice-7@congress.example.cn", user, null,
        Enumerable.Range(1, count).Select(i => new OutgoingNotice(NoticeKind.ItemOverdue, $"已逾期：路灯维修 {i}（期限 2026-12-01）", $"https://congress.example.cn/tracking/{i}", "Notice.Overdue", [])).ToList(),
        null);

    private static Reply Sent(string msgid) => Reply.Json(200, $$"""{ "errcode": 0, "errmsg": "ok", "msgid": "{{msgid}}" }""");

    [Fact]
    public async Task Send_TwoMessages_FetchTheTokenOnce_AndPostATextCard()
    {
        _wecom.On(Send, Sent("msg-1"));

        var first = await _channel.SendAsync(Message(), TestContext.Current.CancellationToken);
        var second = await _channel.SendAsync(Message("LiMing"), TestContext.Current.CancellationToken);

        Assert.Equal(ChannelAnswer.Ok("msg-1"), first);
        Assert.True(second.Accepted);
        var token = Assert.Single(_wecom.To(Token));
        Assert.Equal(("ww-corp", "app-secret"), (token.Query["corpid"], token.Query["corpsecret"]));
        var sends = _wecom.To(Send);
        Assert.Equal(2, sends.Count);
        Assert.All(sends, s => Assert.Equal("token-1", s.Query["access_token"]));
        var body = sends[0].Json;
        Assert.Equal("WangFang", body.GetProperty("touser").GetString());
        Assert.Equal("textcard", body.GetProperty("msgtype").GetString());
        Assert.Equal(1000002, body.GetProperty("agentid").GetInt32());
        var card = body.GetProperty("textcard");
        Assert.Equal("已逾期：路灯维修 1（期限 2026-12-01）", card.GetProperty("title").GetString());
        Assert.Equal("https://congress.example.cn/tracking/1", card.GetProperty("url").GetString());
        Assert.Equal("详情", card.GetProperty("btntxt").GetString());
    }

    [Fact]
    public async Task Send_Digest_TitlesTheCountAndListsEveryNotice()
    {
        _wecom.On(Send, Sent("msg-2"));

        await _channel.SendAsync(Message(count: 3), TestContext.Current.CancellationToken);

        var card = Assert.Single(_wecom.To(Send)).Json.GetProperty("textcard");
        Assert.Equal("您有 3 条通知", card.GetProperty("title").GetString());
        Assert.All(Enumerable.Range(1, 3), i => Assert.Contains($"路灯维修 {i}", card.GetProperty("description").GetString()));
        Assert.Equal("https://congress.example.cn/", card.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Send_ToAnUnknownUser_IsRefusedForGood()
    {
        _wecom.On(Send, Reply.Json(200, """{ "errcode": 81013, "errmsg": "user & party & tag all invalid" }"""));

        var answer = await _channel.SendAsync(Message("Nobody"), TestContext.Current.CancellationToken);

        Assert.True(answer.Permanent);
        Assert.Contains("81013", answer.Error);
    }

    [Theory]
    [InlineData(42001)]
    [InlineData(40014)]
    public async Task Send_WithAnExpiredToken_FetchesANewOneOnce_AndSendsAgain(int stale)
    {
        _wecom.On(Send, Sent("msg-0"));
        await _channel.SendAsync(Message(), TestContext.Current.CancellationToken);
        _wecom.On(Send, r => r.Query["access_token"] == "token-1"
            ? Reply.Json(200, $$"""{ "errcode": {{stale}}, "errmsg": "access_token expired" }""")
            : Sent("msg-3"));

        var answer = await _channel.SendAsync(Message(), TestContext.Current.CancellationToken);

        Assert.Equal(ChannelAnswer.Ok("msg-3"), answer);
        Assert.Equal(2, _wecom.To(Token).Count);
        Assert.Equal(["token-1", "token-1", "token-2"], _wecom.To(Send).Select(s => s.Query["access_token"]));
    }

    [Fact]
    public async Task Send_WhenTokensKeepBeingRefused_TriesOnceMore_ThenAnswersRetry()
    {
        _wecom.On(Send, Reply.Json(200, """{ "errcode": 42001, "errmsg": "access_token expired" }"""));

        var answer = await _channel.SendAsync(Message(), TestContext.Current.CancellationToken);

        Assert.False(answer.Permanent);
        Assert.Equal(2, _wecom.To(Send).Count);
    }

    [Fact]
    public async Task Send_AfterTheTokensLifetime_FetchesANewOne()
    {
        _wecom.On(Send, Sent("msg-4"));
        await _channel.SendAsync(Message(), TestContext.Current.CancellationToken);

        _clock.Advance(TimeSpan.FromSeconds(7200));
        await _channel.SendAsync(Message(), TestContext.Current.CancellationToken);

        Assert.Equal(2, _wecom.To(Token).Count);
        Assert.Equal("token-2", _wecom.To(Send)[1].Query["access_token"]);
    }

    [Fact]
    public async Task Send_WhenWeComDoesNotAnswerInTime_AnswersRetry()
    {
        _wecom.On(Send, Reply.Never);

        var answer = await _channel.SendAsync(Message(), TestContext.Current.CancellationToken);

        Assert.Equal((false, false), (answer.Accepted, answer.Permanent));
        Assert.Contains("did not answer within 5 s", answer.Error);
    }

    [Fact]
    public async Task Send_WhenTheTokenIsRefused_AnswersRetryWithWeComsReason()
    {
        _wecom.On(Token, Reply.Json(200, """{ "errcode": 40001, "errmsg": "invalid credential" }"""));

        var answer = await _channel.SendAsync(Message(), TestContext.Current.CancellationToken);

        Assert.Equal((false, false), (answer.Accepted, answer.Permanent));
        Assert.Contains("40001", answer.Error);
        Assert.Empty(_wecom.To(Send));
    }
}
