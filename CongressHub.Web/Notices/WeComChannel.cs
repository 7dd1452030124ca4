using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Notices;

/// <summary>
/// Notices as 企业微信 application messages (<c>Notices:WeCom</c>): a text card to the person's 企业微信 account. The
/// access token is fetched once and kept until it runs out; when 企业微信 says it expired or is not valid, it is
/// fetched again and the message sent once more.
/// </summary>
public sealed class WeComChannel(IHttpClientFactory http, IOptions<WeComOptions> options, IOptions<NoticeOptions> notices, TimeProvider time) : INoticeChannel
{
    public const string Client = "CongressHub.WeCom";

    /// <summary>42001: the token expired; 40014 and 40001: it is not valid (the secret changed, or another server took a new one).</summary>
    private static readonly int[] StaleToken = [42001, 40014, 40001];
    private const int UserNotFound = 81013;

    private readonly WeComOptions _o = options.Value;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Token, DateTimeOffset Until)? _token;

    public NoticeChannel Channel => NoticeChannel.WeCom;

    public bool Enabled => _o.Enabled;

    public async Task<ChannelAnswer> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var client = http.CreateClient(Client);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var token = await TokenAsync(client, attempt > 0, ct);
                if (token.Error is { } error)
                {
                    return ChannelAnswer.Retry(error);
                }
                using var response = await client.PostAsJsonAsync($"{_o.Base}/cgi-bin/message/send?access_token={Uri.EscapeDataString(token.Token!)}", Card(message), ct);
                if (!response.IsSuccessStatusCode)
                {
                    return ChannelAnswer.Retry($"企业微信 answered {(int)response.StatusCode}");
                }
                var answer = await ReadAsync(response, ct);
                var code = answer?["errcode"]?.GetValue<int>() ?? -2;
                var detail = $"企业微信 {code}: {answer?["errmsg"]?.GetValue<string>()}";
                if (code == 0)
                {
                    return ChannelAnswer.Ok(answer?["msgid"]?.GetValue<string>());
                }
                if (StaleToken.Contains(code) && attempt == 0)
                {
                    continue;
                }
                // 企业微信 names the accounts it did not reach, with errcode 0, or 81013 when it reached none.
                return code == UserNotFound ? ChannelAnswer.Refused(detail) : ChannelAnswer.Retry(detail);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ChannelAnswer.Retry($"企业微信 did not answer within {_o.TimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return ChannelAnswer.Retry($"企业微信: {e.Message}");
        }
    }

    private JsonObject Card(OutgoingMessage message)
    {
        var first = message.Notices[0];
        var description = message.IsDigest ? string.Join("\n", message.Notices.Select(n => "· " + n.Text)) : first.Text;
        return new JsonObject
        {
            ["touser"] = message.Address,
            ["msgtype"] = "textcard",
            ["agentid"] = _o.AgentId,
            ["textcard"] = new JsonObject
            {
                ["title"] = NoticeTexts.Cut(NoticeTexts.Subject(message), 128),
                ["description"] = NoticeTexts.Cut(description, 512),
                ["url"] = message.IsDigest ? NoticeTexts.Site(notices.Value) : first.Url,
                ["btntxt"] = NoticeTexts.Get("Notice.WeComButton"),
            },
        };
    }

    /// <summary>The kept token, or a new one when there is none, it ran out, or <paramref name="renew"/> (企业微信 refused it).</summary>
    private async Task<(string? Token, string? Error)> TokenAsync(HttpClient client, bool renew, CancellationToken ct)
    {
        await _tokenLock.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (!renew && _token is var (kept, until) && until > now)
            {
                return (kept, null);
            }
            using var response = await client.GetAsync($"{_o.Base}/cgi-bin/gettoken?corpid={Uri.EscapeDataString(_o.CorpId)}&corpsecret={Uri.EscapeDataString(_o.Secret)}", ct);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"企业微信 gettoken answered {(int)response.StatusCode}");
            }
            var answer = await ReadAsync(response, ct);
            if (answer?["errcode"]?.GetValue<int>() is not (0 or null) || answer?["access_token"]?.GetValue<string>() is not { Length: > 0 } token)
            {
                _token = null;
                return (null, $"企业微信 gettoken {answer?["errcode"]}: {answer?["errmsg"]}");
            }
            var seconds = answer["expires_in"]?.GetValue<int>() ?? 7200;
            // A minute's margin, so that a token is not used in the second it runs out.
            _token = (token, now.AddSeconds(Math.Max(0, seconds - 60)));
            return (token, null);
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary><c>Notices:WeCom</c>: the 企业微信 application notices are sent as. On when CorpId, AgentId and Secret are set.</summary>
public sealed class WeComOptions : ISettings
{
    public static string Section => "Notices:WeCom";

    public string BaseUrl { get; set; } = "https://qyapi.weixin.qq.com";

    /// <summary>The organization's id (企业ID).</summary>
    public string CorpId { get; set; } = "";

    /// <summary>The application's AgentId.</summary>
    public int AgentId { get; set; }

    /// <summary>The application's Secret.</summary>
    public string Secret { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(CorpId) && AgentId > 0 && !string.IsNullOrWhiteSpace(Secret);

    internal string Base => BaseUrl.TrimEnd('/');

    public string? Problem() =>
        !Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            ? Settings.Wrong("Notices:WeCom:BaseUrl", BaseUrl, "企业微信's address, https://qyapi.weixin.qq.com (or a proxy's)")
        : AgentId < 0 ? Settings.Wrong("Notices:WeCom:AgentId", AgentId.ToString(CultureInfo.InvariantCulture), "the application's AgentId, a positive number")
        : TimeoutSeconds is < 1 or > 120 ? Settings.Wrong("Notices:WeCom:TimeoutSeconds", TimeoutSeconds.ToString(CultureInfo.InvariantCulture), "seconds from 1 to 120")
        : null;
}
