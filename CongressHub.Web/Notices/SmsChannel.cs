using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Notices;

/// <summary>
/// Notices by SMS through an HTTP gateway of the shape Chinese providers use (<c>Notices:Sms</c>): an approved
/// signature and an approved template per kind of notice, its parameters <c>p1..pn</c> (each at most 20 characters,
/// as providers require), a digest as <c>{count, link}</c>. Requests are signed (<see cref="GatewaySignature"/>); the
/// gateway's id for the message (<c>BizId</c>) comes back in its delivery receipts.
/// </summary>
public sealed class SmsChannel(IHttpClientFactory http, IOptions<SmsOptions> options, IOptions<NoticeOptions> notices, TimeProvider time) : INoticeChannel
{
    public const string Client = "CongressHub.Sms";
    public const int MaxParam = 20;

    /// <summary>Codes that say this message can never go: the number, or the template or signature not approved.</summary>
    private static readonly HashSet<string> Permanent = new(StringComparer.OrdinalIgnoreCase)
    {
        "isv.MOBILE_NUMBER_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL", "isv.TEMPLATE_MISSING_PARAMETERS",
        "isv.INVALID_PARAMETERS", "isv.BLACK_KEY_CONTROL_LIMIT", "isv.TEMPLATE_PARAMS_ILLEGAL",
    };

    private readonly SmsOptions _o = options.Value;

    public NoticeChannel Channel => NoticeChannel.Sms;

    public bool Enabled => _o.Enabled;

    public async Task<ChannelAnswer> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        if (Template(message) is not var (template, param))
        {
            return ChannelAnswer.Refused($"no template for {message.Notices[0].Kind} (Notices:Sms:Templates:{message.Notices[0].Kind} or :Digest)");
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["PhoneNumbers"] = message.Address,
            ["SignName"] = _o.SignName,
            ["TemplateCode"] = template,
            ["TemplateParam"] = param.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            ["OutId"] = message.MessageId,
        });
        var url = new Uri(_o.Url);
        var (date, nonce, authorization) = GatewaySignature.Headers(_o.AccessKeyId, _o.AccessKeySecret, "POST", url.AbsolutePath, body, time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(GatewaySignature.DateHeader, date);
        request.Headers.Add(GatewaySignature.NonceHeader, nonce);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        try
        {
            using var response = await http.CreateClient(Client).SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return ChannelAnswer.Retry($"the SMS gateway answered {(int)response.StatusCode}");
            }
            var answer = Parse(text);
            if (answer?["Code"]?.GetValue<string>() is not { } code)
            {
                return ChannelAnswer.Retry($"the SMS gateway answered {(int)response.StatusCode} without a Code");
            }
            var detail = answer["Message"]?.GetValue<string>() is { Length: > 0 } m ? $"{code}: {m}" : code;
            return code == "OK" && answer["BizId"]?.GetValue<string>() is { Length: > 0 } bizId ? ChannelAnswer.Ok(bizId)
                : code == "OK" ? ChannelAnswer.Retry("the SMS gateway answered OK without a BizId")
                : Permanent.Contains(code) ? ChannelAnswer.Refused(detail)
                : ChannelAnswer.Retry(detail);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ChannelAnswer.Retry($"the SMS gateway did not answer within {_o.TimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return ChannelAnswer.Retry($"the SMS gateway: {e.Message}");
        }
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The template and its parameters: the kind's own with p1..pn, else the digest's with {count, link}.</summary>
    public (string Template, JsonObject Param)? Template(OutgoingMessage message)
    {
        var first = message.Notices[0];
        if (!message.IsDigest && _o.Templates.TryGetValue(first.Kind.ToString(), out var own) && !string.IsNullOrWhiteSpace(own))
        {
            var param = new JsonObject();
            for (var i = 0; i < first.Args.Count; i++)
            {
                param[$"p{i + 1}"] = NoticeTexts.Cut(first.Args[i], MaxParam);
            }
            return (own, param);
        }
        if (_o.Templates.TryGetValue(SmsOptions.Digest, out var digest) && !string.IsNullOrWhiteSpace(digest))
        {
            var link = message.IsDigest ? NoticeTexts.Site(notices.Value) : first.Url;
            return (digest, new JsonObject { ["count"] = message.Notices.Count.ToString(CultureInfo.InvariantCulture), ["link"] = link });
        }
        return null;
    }
}

/// <summary>
/// <c>Notices:Sms</c>: the SMS gateway. On when <see cref="Url"/>, the key pair and the signature are set. Templates
/// are <c>Notices:Sms:Templates:&lt;kind&gt;</c> (a <see cref="NoticeKind"/> name, or <c>Digest</c>, or <c>Code</c>) =
/// the provider's template id.
/// </summary>
public sealed class SmsOptions : ISettings
{
    public const string Digest = "Digest";
    public const string Code = "Code";

    public static string Section => "Notices:Sms";

    /// <summary>Where messages are posted, e.g. <c>https://sms-gateway.example.cn/send</c>.</summary>
    public string Url { get; set; } = "";

    public string AccessKeyId { get; set; } = "";

    public string AccessKeySecret { get; set; } = "";

    /// <summary>The approved signature (签名), e.g. <c>示例街道</c>.</summary>
    public string SignName { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Template ids by kind; bound from the <c>Templates</c> subsection (<see cref="BindTemplates"/>).</summary>
    public Dictionary<string, string> Templates { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url) && !string.IsNullOrWhiteSpace(AccessKeyId) && !string.IsNullOrWhiteSpace(AccessKeySecret) && !string.IsNullOrWhiteSpace(SignName);

    public void BindTemplates(IConfiguration configuration)
    {
        foreach (var child in configuration.GetSection(Section + ":Templates").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                Templates[child.Key] = child.Value.Trim();
            }
        }
    }

    public string? Problem()
    {
        if (!string.IsNullOrWhiteSpace(Url) && (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            return Settings.Wrong("Notices:Sms:Url", Url, "the gateway's address, e.g. https://sms-gateway.example.cn/send");
        }
        if (TimeoutSeconds is < 1 or > 120)
        {
            return Settings.Wrong("Notices:Sms:TimeoutSeconds", TimeoutSeconds.ToString(CultureInfo.InvariantCulture), "seconds from 1 to 120");
        }
        foreach (var key in Templates.Keys)
        {
            if (!key.Equals(Digest, StringComparison.OrdinalIgnoreCase) && !key.Equals(Code, StringComparison.OrdinalIgnoreCase)
                && !(Enum.TryParse<NoticeKind>(key, true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(key, out _)))
            {
                return Settings.Wrong($"Notices:Sms:Templates:{key}", Templates[key], $"nothing: the templates are named by kind ({string.Join(", ", Enum.GetNames<NoticeKind>())}), Digest or Code");
            }
        }
        return null;
    }
}
