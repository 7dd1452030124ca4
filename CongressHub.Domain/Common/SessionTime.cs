using System.Globalization;

namespace CongressHub.Domain.Common;

/// <summary>
/// The installation's time zone (<c>Congress:TimeZone</c>, China Standard Time by default) and the one way times are
/// written for people. Times are stored in UTC; every time a person sees or enters is in this zone, whatever the
/// server's own zone (CONTRACTS.md, "Times").
/// </summary>
public static class SessionTime
{
    public const string Setting = "Congress:TimeZone";

    public const string DefaultZoneId = "Asia/Shanghai";

    public static TimeZoneInfo Zone { get; private set; } = Find(DefaultZoneId);

    /// <summary>Sets the zone from the setting's value, once at start-up; an unknown id stops the start with a message naming the setting.</summary>
    public static void Configure(string? id) => Zone = Find(string.IsNullOrWhiteSpace(id) ? DefaultZoneId : id.Trim());

    /// <summary>Why <paramref name="id"/> cannot be the installation's zone, naming the setting; null when it can.</summary>
    public static string? Problem(string? id)
    {
        try
        {
            Find(string.IsNullOrWhiteSpace(id) ? DefaultZoneId : id.Trim());
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The calendar day <paramref name="utc"/> falls on in the installation's zone.</summary>
    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(Local(utc));

    public static DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    /// <summary>The moment in the installation's zone with its offset, for machine-readable attributes (<c>2026-12-02T06:00:00+08:00</c>).</summary>
    public static string Iso(DateTime utc)
    {
        var local = Local(utc);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>In the app: zh <c>2026-12-02 06:00</c>, en <c>2 Dec 2026 06:00</c>.</summary>
    public static string FormatDateTime(DateTime utc) => FormatDate(utc) + " " + FormatTime(utc);

    /// <summary>In the app: zh <c>2026-12-02</c>, en <c>2 Dec 2026</c>.</summary>
    public static string FormatDate(DateTime utc) => FormatDate(DateOnly.FromDateTime(Local(utc)));

    /// <inheritdoc cref="FormatDate(DateTime)"/>
    public static string FormatDate(DateOnly date) =>
        IsChinese ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("d MMM yyyy", English);

    /// <summary>The time of day in the installation's zone: <c>06:00</c>.</summary>
    public static string FormatTime(DateTime utc) => Local(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>In formal documents (minutes, resolutions, notices): zh <c>2026年12月2日</c>, en <c>2 December 2026</c>.</summary>
    public static string FormatFormalDate(DateOnly date) =>
        IsChinese ? date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) : date.ToString("d MMMM yyyy", English);

    /// <inheritdoc cref="FormatFormalDate(DateOnly)"/>
    public static string FormatFormalDate(DateTime utc) => FormatFormalDate(DateOnly.FromDateTime(Local(utc)));

    /// <summary>A formal date with its time: zh <c>2026年12月2日 06:00</c>, en <c>2 December 2026 06:00</c>.</summary>
    public static string FormatFormalDateTime(DateTime utc) => FormatFormalDate(utc) + " " + FormatTime(utc);

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private static bool IsChinese => CultureInfo.CurrentCulture.TwoLetterISOLanguageName != "en";

    private static TimeZoneInfo Find(string id)
    {
        try
        {
            // IANA ids (Asia/Shanghai) on Linux and, through ICU, on Windows; Windows ids (China Standard Time) too.
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            if (id == DefaultZoneId)
            {
                // A container without tzdata: China has kept UTC+8 without daylight saving since 1991.
                return TimeZoneInfo.CreateCustomTimeZone(DefaultZoneId, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
            }
            throw new InvalidOperationException(
                $"{Settings.Name(Setting)} is '{id}', which is not a time zone known to this machine. Set it to an IANA time zone id such as {DefaultZoneId} (Europe/Berlin, America/New_York).", e);
        }
    }
}
