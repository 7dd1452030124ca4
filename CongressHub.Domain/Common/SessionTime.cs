namespace CongressHub.Domain.Common;

/// <summary>
/// Sessions happen in the city's time zone (China Standard Time unless <c>CONGRESSHUB_TIMEZONE</c> names another):
/// times are stored in UTC and shown, and entered, in local time.
/// </summary>
public static class SessionTime
{
    public static readonly TimeZoneInfo Zone = Find(Environment.GetEnvironmentVariable("CONGRESSHUB_TIMEZONE") ?? "Asia/Shanghai");

    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    private static TimeZoneInfo Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
        }
    }
}
