using System.Text;
using CongressHub.Domain.Calendar;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Calendar;

/// <summary>
/// Sessions as iCalendar (RFC 5545): each an event at its local time in the installation's zone, with that zone as a
/// VTIMEZONE, so a phone set to another zone still shows the hall's time correctly.
/// </summary>
public static class CalendarFile
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Render(IEnumerable<SessionEvent> sessions, string name, IStringLocalizer<SharedResource> l)
    {
        var zone = ZoneId(SessionTime.Zone);
        var calendar = new Ical.Net.Calendar { ProductId = "-//CongressHub//Sessions//ZH", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", zone);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone, DateTime.UtcNow.AddYears(-1), includeHistoricalData: false));
        foreach (var s in sessions)
        {
            var local = SessionTime.Local(s.StartUtc);
            var start = new CalDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone, hasTime: true);
            calendar.Events.Add(new CalendarEvent
            {
                Uid = s.Uid,
                Summary = s.Title,
                Location = s.Place,
                Description = Description(s, l),
                DtStart = start,
                DtEnd = start.AddMinutes(s.Minutes),
                DtStamp = new CalDateTime(DateTime.UtcNow, "UTC", hasTime: true),
                Sequence = s.Sequence,
                Status = EventStatus.Confirmed, // sessions are not cancelled in this model; a draft never reaches a calendar
                Url = Uri.TryCreate(s.Link, UriKind.Absolute, out var url) ? url : null,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>The agenda's titles in order, then the link to the session's page.</summary>
    private static string Description(SessionEvent s, IStringLocalizer<SharedResource> l)
    {
        var text = new StringBuilder();
        if (s.Items.Count > 0)
        {
            text.Append(l["Calendar.Agenda"].Value).Append('\n');
            for (var i = 0; i < s.Items.Count; i++)
            {
                text.Append(i + 1).Append(". ").Append(s.Items[i]).Append('\n');
            }
            text.Append('\n');
        }
        return text.Append(s.Link).ToString();
    }

    /// <summary>The zone's IANA id (<c>Asia/Shanghai</c>), which calendars know, also when it was set by its Windows name.</summary>
    private static string ZoneId(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
}
