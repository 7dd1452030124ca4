using CongressHub.Domain.Sessions;

namespace CongressHub.Domain.Calendar;

/// <summary>
/// A session as a calendar event. <paramref name="Sequence"/> is the session's version, which rises with every change of
/// it (its time and place among them), so a calendar replaces what it holds; <paramref name="Minutes"/> is the agenda's
/// planned length, at least <see cref="CalendarService.MinimumMinutes"/>.
/// </summary>
public sealed record SessionEvent(int Id, string Uid, string Title, string Place, DateTime StartUtc, int Minutes, int Sequence,
    SessionStatus Status, IReadOnlyList<string> Items, string Link);

/// <summary>What a feed link answers: the street's name for the calendar's title, and the sessions.</summary>
public sealed record CalendarFeed(string StreetName, IReadOnlyList<SessionEvent> Sessions);

/// <summary>Whether the person may have a feed link, has one, and since when.</summary>
public sealed record FeedStatus(bool MayHave, bool HasFeed, DateTime? CreatedUtc);
