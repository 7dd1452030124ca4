using System.Net;
using System.Net.Sockets;
using CongressHub.Domain.Notices;
using CongressHub.Tests.Support;
using CongressHub.Web.Notices;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CongressHub.Tests.Notices;

/// <summary>E-mail notices through the test run's real SMTP server (aiosmtpd), read back from the maildir it writes.</summary>
public class EmailChannelTests
{
    internal static EmailChannel Channel(int? port = null) => new(Options.Create(new EmailOptions
    {
        Host = TestEngine.SmtpServer.Host, Port = port ?? TestEngine.SmtpServer.Port, Security = "None", From = "notices@congress.example.cn", TimeoutSeconds = 5,
    }), NullLogger<EmailChannel>.Instance);

    /// <summary>
    /// The messages the SMTP server received with this Message-Id, to <paramref name="to"/> when given (the outbox's ids
    /// repeat across test databases, which start from the same copy).
    /// </summary>
    internal static List<MimeMessage> Received(string messageId, string? to = null) =>
        System.IO.Directory.EnumerateFiles(Path.Combine(TestEngine.MailDir, "new"))
            .Concat(System.IO.Directory.EnumerateFiles(Path.Combine(TestEngine.MailDir, "cur")))
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.MessageId == messageId && (to is null || m.To.Mailboxes.Any(a => a.Address == to)))
            .ToList();

    internal static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string NewId() => $"notice-{Guid.NewGuid():N}@congress.example.cn";

    private static OutgoingNotice Assigned(string title, string url) =>
        new(NoticeKind.ItemAssigned, $"交办给您：{title}（期限 2026-12-10）", url, "Notice.Assigned", [title, "2026-12-10"]);

    [Fact]
    public async Task Send_OneNotice_ArrivesInChineseWithItsLinkItsIdAndTheUnsubscribeHeaders()
    {
        var id = NewId();
        var message = new OutgoingMessage(id, "wang.fang@example.cn", "王芳", [Assigned("电梯维修进度", "https://congress.example.cn/tracking/7")],
            "https://congress.example.cn/notices/unsubscribe?t=abc");

        var answer = await Channel().SendAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(ChannelAnswer.Ok(id), answer);
        var mail = Assert.Single(Received(id));
        Assert.Equal("交办给您：电梯维修进度（期限 2026-12-10）", mail.Subject);
        Assert.Equal("wang.fang@example.cn", Assert.IsType<MailboxAddress>(Assert.Single(mail.To)).Address);
        Assert.Equal("notices@congress.example.cn", Assert.IsType<MailboxAddress>(Assert.Single(mail.From)).Address);
        Assert.Contains("王芳，您好", mail.TextBody);
        Assert.Contains("交办给您：电梯维修进度", mail.TextBody);
        Assert.Contains("https://congress.example.cn/tracking/7", mail.TextBody);
        Assert.Contains("href=\"https://congress.example.cn/tracking/7\"", mail.HtmlBody);
        Assert.Contains("电梯维修进度", mail.HtmlBody);
        Assert.Equal("<https://congress.example.cn/notices/unsubscribe?t=abc>", mail.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("https://congress.example.cn/notices/unsubscribe?t=abc", mail.TextBody);
        Assert.All(mail.BodyParts.OfType<TextPart>(), p => Assert.Equal("utf-8", p.ContentType.Charset, ignoreCase: true));
    }

    [Fact]
    public async Task Send_WithoutUnsubscribeLink_HasNoUnsubscribeHeaderOrFooter()
    {
        var id = NewId();
        var call = new OutgoingNotice(NoticeKind.SessionCall, "会议通知：第三次会议，2026年12月10日 09:00，街道会议室", "https://congress.example.cn/sessions/3", "Notice.SessionPublished", []);

        var answer = await Channel().SendAsync(new OutgoingMessage(id, "li.ming@example.cn", null, [call], null), TestContext.Current.CancellationToken);

        Assert.True(answer.Accepted);
        var mail = Assert.Single(Received(id));
        Assert.False(mail.Headers.Contains(HeaderId.ListUnsubscribe));
        Assert.False(mail.Headers.Contains("List-Unsubscribe-Post"));
        Assert.DoesNotContain("unsubscribe", mail.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("会议通知：第三次会议", mail.TextBody);
    }

    [Fact]
    public async Task Send_Digest_ListsEveryNoticeWithItsLinkUnderOneSubject()
    {
        var id = NewId();
        OutgoingNotice[] notices = [Assigned("路灯维修", "https://congress.example.cn/tracking/1"), Assigned("垃圾分类", "https://congress.example.cn/tracking/2"),
            Assigned("停车难", "https://congress.example.cn/tracking/3")];

        var answer = await Channel().SendAsync(new OutgoingMessage(id, "zhao.lei@example.cn", null, notices, null), TestContext.Current.CancellationToken);

        Assert.True(answer.Accepted);
        var mail = Assert.Single(Received(id));
        Assert.Equal("您有 3 条通知", mail.Subject);
        Assert.All(notices, n =>
        {
            Assert.Contains(n.Text, mail.TextBody);
            Assert.Contains(n.Url, mail.TextBody);
            Assert.Contains($"href=\"{n.Url}\"", mail.HtmlBody);
        });
    }

    [Fact]
    public async Task Send_WhenTheServerIsNotListening_AnswersRetry()
    {
        var message = new OutgoingMessage(NewId(), "wang.fang@example.cn", null, [Assigned("路灯维修", "https://congress.example.cn/tracking/1")], null);

        var answer = await Channel(ClosedPort()).SendAsync(message, TestContext.Current.CancellationToken);

        Assert.False(answer.Accepted);
        Assert.False(answer.Permanent);
        Assert.Contains("SMTP", answer.Error);
    }

    [Fact]
    public async Task Send_ToWhatIsNoAddress_IsRefusedForGood()
    {
        var message = new OutgoingMessage(NewId(), "not an address", null, [Assigned("路灯维修", "https://congress.example.cn/tracking/1")], null);

        var answer = await Channel().SendAsync(message, TestContext.Current.CancellationToken);

        Assert.True(answer.Permanent);
    }

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, true)]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.SyntaxError, true)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, true)]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, false)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable, false)]
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, false)]
    public void Answer_ToAnSmtpRefusal_IsPermanentOnlyFor5xxAboutTheRecipientOrMessage(SmtpErrorCode error, SmtpStatusCode status, bool permanent)
    {
        var answer = EmailChannel.Answer(new SmtpCommandException(error, status, "refused"));

        Assert.False(answer.Accepted);
        Assert.Equal(permanent, answer.Permanent);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Error);
    }

    [Theory]
    [InlineData("Host", "smtp.example.cn", "From", "not an address", "Notices:Email:From")]
    [InlineData("Host", "smtp.example.cn", "Port", "70000", "Notices:Email:Port")]
    [InlineData("Host", "smtp.example.cn", "Security", "Tls", "Notices:Email:Security")]
    [InlineData("Host", "smtp.example.cn", "Host", "smtp.example.cn", "Notices:Email:From")]
    public void Problem_NamesTheWrongSetting(string key1, string value1, string key2, string value2, string named)
    {
        var options = new EmailOptions { From = "notices@congress.example.cn" };
        typeof(EmailOptions).GetProperty(key1)!.SetValue(options, value1);
        var property = typeof(EmailOptions).GetProperty(key2)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? int.Parse(value2, System.Globalization.CultureInfo.InvariantCulture) : value2);
        if (key2 == "Host")
        {
            options.From = "";
        }

        Assert.StartsWith(named, options.Problem());
    }

    [Fact]
    public void Enabled_OnlyWithHostAndFrom()
    {
        Assert.False(new EmailOptions().Enabled);
        Assert.False(new EmailOptions { Host = "smtp.example.cn" }.Enabled);
        Assert.True(new EmailOptions { Host = "smtp.example.cn", From = "a@example.cn" }.Enabled);
        Assert.Null(new EmailOptions().Problem());
    }
}
