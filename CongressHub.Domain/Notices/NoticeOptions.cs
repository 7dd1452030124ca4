using System.Globalization;
using CongressHub.Domain.Common;

namespace CongressHub.Domain.Notices;

/// <summary>How notices go out, in section <c>Notices</c>; each channel's own settings are its adapter's section.</summary>
public sealed class NoticeOptions : ISettings
{
    public static string Section => "Notices";

    /// <summary><c>Notices:SiteUrl</c>: the address people open the app at, for the links in e-mails, SMS and letters.</summary>
    public string SiteUrl { get; set; } = "http://localhost:5000";

    /// <summary><c>Notices:DigestMinutes</c>: a person's notices within this window go out as one message (0: each alone).</summary>
    public int DigestMinutes { get; set; } = 10;

    /// <summary><c>Notices:QuietHours</c>: <c>21:00-08:00</c> in the street's zone; no SMS or 企业微信 message then but urgent ones. Empty: none.</summary>
    public string QuietHours { get; set; } = "21:00-08:00";

    /// <summary><c>Notices:DailyCap</c>: messages a person gets by one channel in a day; more wait for the next day's digest. Urgent ones pass.</summary>
    public int DailyCap { get; set; } = 6;

    /// <summary><c>Notices:ReminderHours</c>: how long before a session its delegates are reminded (0: no reminder).</summary>
    public int ReminderHours { get; set; } = 24;

    /// <summary><c>Notices:MaxAttempts</c>: tries before a notice is failed for good.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary><c>Notices:RetrySeconds</c>: the first wait after a failure; it doubles up to an hour.</summary>
    public int RetrySeconds { get; set; } = 30;

    /// <summary><c>Notices:LeaseSeconds</c>: how long a sender holds what it took before another node may take it.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary><c>Notices:PollSeconds</c>: how often each node looks for notices that fell due.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary><c>Notices:Delegate</c>, <c>Notices:Officer</c>, <c>Notices:Staff</c>: the channels a person of that role gets when they chose none (<c>Sms,Email</c>).</summary>
    public string Delegate { get; set; } = "Sms";

    public string Officer { get; set; } = "WeCom,Email";

    public string Staff { get; set; } = "Email";

    public TimeSpan DigestWindow => TimeSpan.FromMinutes(DigestMinutes);

    public NoticeChannel DefaultFor(bool isDelegate, bool isOfficer) =>
        ParseChannels(isDelegate ? Delegate : isOfficer ? Officer : Staff) ?? NoticeChannel.None;

    /// <summary>The quiet hours as local times of day, or null for none.</summary>
    public (TimeOnly From, TimeOnly To)? Quiet =>
        string.IsNullOrWhiteSpace(QuietHours) ? null
        : QuietHours.Split('-') is [var a, var b] && TimeOnly.TryParseExact(a.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && TimeOnly.TryParseExact(b.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? (from, to) : null;

    public static NoticeChannel? ParseChannels(string? text)
    {
        var result = NoticeChannel.None;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<NoticeChannel>(part, true, out var c) || !Enum.IsDefined(c) || c is NoticeChannel.None or NoticeChannel.Letter)
            {
                return null;
            }
            result |= c;
        }
        return result;
    }

    public string? Problem()
    {
        foreach (var (key, value) in new[] { ("Delegate", Delegate), ("Officer", Officer), ("Staff", Staff) })
        {
            if (ParseChannels(value) is null)
            {
                return Settings.Wrong($"Notices:{key}", value, "channels from Email, Sms and WeCom, separated by commas");
            }
        }
        if (!string.IsNullOrWhiteSpace(QuietHours) && Quiet is null)
        {
            return Settings.Wrong("Notices:QuietHours", QuietHours, "two times of day as HH:mm-HH:mm, e.g. 21:00-08:00, or nothing");
        }
        if (!Uri.TryCreate(SiteUrl, UriKind.Absolute, out var site) || site.Scheme is not ("http" or "https"))
        {
            return Settings.Wrong("Notices:SiteUrl", SiteUrl, "the app's address as people open it, e.g. https://congress.example.cn");
        }
        return DigestMinutes is < 0 or > 1440 ? Settings.Wrong("Notices:DigestMinutes", DigestMinutes.ToString(CultureInfo.InvariantCulture), "minutes from 0 to 1440")
            : DailyCap < 1 ? Settings.Wrong("Notices:DailyCap", DailyCap.ToString(CultureInfo.InvariantCulture), "a number of messages, 1 or more")
            : ReminderHours is < 0 or > 720 ? Settings.Wrong("Notices:ReminderHours", ReminderHours.ToString(CultureInfo.InvariantCulture), "hours from 0 to 720")
            : MaxAttempts < 1 ? Settings.Wrong("Notices:MaxAttempts", MaxAttempts.ToString(CultureInfo.InvariantCulture), "a number of tries, 1 or more")
            : RetrySeconds < 1 ? Settings.Wrong("Notices:RetrySeconds", RetrySeconds.ToString(CultureInfo.InvariantCulture), "seconds, 1 or more")
            : LeaseSeconds < 5 ? Settings.Wrong("Notices:LeaseSeconds", LeaseSeconds.ToString(CultureInfo.InvariantCulture), "seconds, 5 or more")
            : PollSeconds is < 1 or > 3600 ? Settings.Wrong("Notices:PollSeconds", PollSeconds.ToString(CultureInfo.InvariantCulture), "seconds from 1 to 3600")
            : null;
    }
}
