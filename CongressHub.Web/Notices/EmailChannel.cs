using System.Globalization;
using System.Net.Sockets;
using System.Text;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CongressHub.Web.Notices;

/// <summary>
/// Notices by e-mail over SMTP (<c>Notices:Email</c>): one message per notice or digest, in plain text with an HTML
/// alternative, its Message-Id the outbox's (the same on every attempt), and the one-click unsubscribe headers when
/// the person may refuse it. A connection per message: notices are few, and nothing is left open between rounds.
/// </summary>
public sealed class EmailChannel(IOptions<EmailOptions> options, ILogger<EmailChannel> log) : INoticeChannel
{
    private readonly EmailOptions _o = options.Value;

    public NoticeChannel Channel => NoticeChannel.Email;

    public bool Enabled => _o.Enabled;

    public async Task<ChannelAnswer> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        if (!MailboxAddress.TryParse(message.Address, out var to) || !to.Address.Contains('@', StringComparison.Ordinal))
        {
            return ChannelAnswer.Refused($"'{message.Address}' is not an e-mail address");
        }
        var mime = Compose(message, to);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_o.TimeoutSeconds));
        using var client = new SmtpClient { Timeout = _o.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(_o.Host, _o.Port, _o.SocketOptions, timeout.Token);
            if (!string.IsNullOrEmpty(_o.UserName))
            {
                await client.AuthenticateAsync(_o.UserName, _o.Password ?? "", timeout.Token);
            }
            await client.SendAsync(mime, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ChannelAnswer.Retry($"the SMTP server {_o.Host}:{_o.Port} did not answer within {_o.TimeoutSeconds} s");
        }
        catch (SmtpCommandException e)
        {
            return Answer(e);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or AuthenticationException or SslHandshakeException or ServiceNotConnectedException)
        {
            return ChannelAnswer.Retry($"SMTP {_o.Host}:{_o.Port}: {e.Message}");
        }
        try
        {
            await client.DisconnectAsync(true, timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The message was accepted; a goodbye that fails changes nothing about it.
            log.LogDebug(e, "The SMTP server closed before the goodbye");
        }
        return ChannelAnswer.Ok(mime.MessageId);
    }

    /// <summary>A 5xx about the recipient or the message is for good; anything else (4xx, the sender refused) is tried again.</summary>
    public static ChannelAnswer Answer(SmtpCommandException e)
    {
        var code = (int)e.StatusCode;
        var reason = $"SMTP {code}: {e.Message}";
        return code is >= 500 and < 600 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted
            ? ChannelAnswer.Refused(reason)
            : ChannelAnswer.Retry(reason);
    }

    /// <summary>The message as it is sent: UTF-8, plain text and HTML, the outbox's id, unsubscribe headers when allowed.</summary>
    public MimeMessage Compose(OutgoingMessage message, MailboxAddress to)
    {
        var mime = new MimeMessage { MessageId = message.MessageId };
        mime.From.Add(new MailboxAddress(_o.FromName, _o.From));
        to.Name ??= message.RecipientName;
        mime.To.Add(to);
        mime.Subject = NoticeTexts.Subject(message);
        mime.Date = DateTimeOffset.UtcNow;
        if (message.UnsubscribeUrl is { } unsubscribe)
        {
            mime.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        var builder = new BodyBuilder { TextBody = Text(message), HtmlBody = Html(message) };
        mime.Body = builder.ToMessageBody();
        foreach (var part in mime.BodyParts.OfType<TextPart>())
        {
            part.ContentType.Charset = "utf-8";
            part.ContentTransferEncoding = ContentEncoding.Base64;
        }
        return mime;
    }

    private static string Text(OutgoingMessage message) => NoticeTexts.InChinese(() =>
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(message.RecipientName))
        {
            text.Append(DomainText.Get("Notice.EmailGreeting", message.RecipientName)).Append("\n\n");
        }
        foreach (var n in message.Notices)
        {
            text.Append(message.IsDigest ? "· " : "").Append(n.Text).Append('\n').Append(n.Url).Append("\n\n");
        }
        text.Append("-- \n").Append(DomainText.Get("Notice.EmailAutomatic")).Append('\n');
        if (message.UnsubscribeUrl is { } unsubscribe)
        {
            text.Append(DomainText.Get("Notice.EmailUnsubscribe", unsubscribe)).Append('\n');
        }
        return text.ToString();
    });

    private static string Html(OutgoingMessage message) => NoticeTexts.InChinese(() =>
    {
        static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"></head><body>");
        if (!string.IsNullOrWhiteSpace(message.RecipientName))
        {
            html.Append("<p>").Append(E(DomainText.Get("Notice.EmailGreeting", message.RecipientName))).Append("</p>");
        }
        html.Append("<ul>");
        foreach (var n in message.Notices)
        {
            html.Append("<li><p>").Append(E(n.Text)).Append("</p><p><a href=\"").Append(E(n.Url)).Append("\">")
                .Append(E(DomainText.Get("Notice.EmailOpen"))).Append("</a> ").Append(E(n.Url)).Append("</p></li>");
        }
        html.Append("</ul><hr><p><small>").Append(E(DomainText.Get("Notice.EmailAutomatic"))).Append("</small></p>");
        if (message.UnsubscribeUrl is { } unsubscribe)
        {
            var link = $"<a href=\"{E(unsubscribe)}\">{E(unsubscribe)}</a>";
            html.Append("<p><small>").Append(string.Format(CultureInfo.CurrentCulture, E(DomainText.Get("Notice.EmailUnsubscribe", "{0}")), link)).Append("</small></p>");
        }
        return html.Append("</body></html>").ToString();
    });
}

/// <summary>
/// <c>Notices:Email</c>: the SMTP server notices go out through. On when <see cref="Host"/> and <see cref="From"/> are
/// set; the port defaults to 25 and the security to STARTTLS when the server offers it.
/// </summary>
public sealed class EmailOptions : ISettings
{
    public static string Section => "Notices:Email";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    /// <summary><c>Auto</c> (SSL on 465, else STARTTLS when offered), <c>None</c>, <c>StartTls</c> (required) or <c>SslOnConnect</c>.</summary>
    public string Security { get; set; } = "Auto";

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The sender's address, e.g. <c>notices@congress.example.cn</c>.</summary>
    public string From { get; set; } = "";

    public string FromName { get; set; } = "CongressHub";

    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);

    internal SecureSocketOptions SocketOptions => Security.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "sslonconnect" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    public string? Problem()
    {
        if (Security.ToLowerInvariant() is not ("auto" or "none" or "starttls" or "sslonconnect"))
        {
            return Settings.Wrong("Notices:Email:Security", Security, "Auto, None, StartTls or SslOnConnect");
        }
        if (Port is < 1 or > 65535)
        {
            return Settings.Wrong("Notices:Email:Port", Port.ToString(CultureInfo.InvariantCulture), "a port from 1 to 65535 (25, 465 or 587)");
        }
        if (TimeoutSeconds is < 1 or > 600)
        {
            return Settings.Wrong("Notices:Email:TimeoutSeconds", TimeoutSeconds.ToString(CultureInfo.InvariantCulture), "seconds from 1 to 600");
        }
        if (!string.IsNullOrWhiteSpace(From) && (!MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal) || from.Name is { Length: > 0 }))
        {
            return Settings.Wrong("Notices:Email:From", From, "the sender's address alone, e.g. notices@congress.example.cn (its name goes in Notices:Email:FromName)");
        }
        return !string.IsNullOrWhiteSpace(Host) != !string.IsNullOrWhiteSpace(From)
            ? Settings.Wrong(string.IsNullOrWhiteSpace(Host) ? "Notices:Email:Host" : "Notices:Email:From", "", "a value too: e-mail needs both the SMTP server (Host) and the sender's address (From), or neither")
            : null;
    }
}
