using CongressHub.Domain.Common;

namespace CongressHub.Domain.Notices;

/// <summary>
/// What happened, told to one person: one row per event and recipient (an account, or a resident who asked to hear
/// of their opinion). It is the in-app notice itself; the notices by e-mail, SMS, 企业微信 or letter are its
/// <see cref="NoticeDelivery"/> rows, one per channel.
/// </summary>
public sealed class Notice
{
    private Notice() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public NoticeKind Kind { get; private set; }

    /// <summary>
    /// The event the notice tells of (<c>session-published:12</c>, <c>reminder:12</c>): with <see cref="RecipientKey"/>
    /// unique, so that an event told twice, or by two nodes at once, reaches its person once.
    /// </summary>
    public string EventKey { get; private set; } = "";

    /// <summary><c>u:{account id}</c> or <c>o:{opinion id}</c>.</summary>
    public string RecipientKey { get; private set; } = "";

    /// <summary>The account told; null for a resident told of their opinion (<see cref="OpinionId"/>).</summary>
    public string? UserId { get; private set; }

    /// <summary>The opinion whose resident asked to be told, by the contact kept on the opinion.</summary>
    public int? OpinionId { get; private set; }

    /// <summary>Goes out at once, past quiet hours, caps and the digest window (the session is live, its time or place changed).</summary>
    public bool Urgent { get; private set; }

    /// <summary>The notice as written, in the writer's language; what older rows have alone.</summary>
    public string Title { get; private set; } = "";

    /// <summary>The message key and arguments (<see cref="SystemText"/>) the notice is rendered from, in the reader's language.</summary>
    public string? TextKey { get; private set; }

    public string? TextArgs { get; private set; }

    public string Link { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime? ReadUtc { get; private set; }

    /// <summary>Its deliveries by the other channels are written (<see cref="NoticeOutbox"/>).</summary>
    public bool Planned { get; private set; }

    /// <summary>The notice in the current UI culture.</summary>
    public string Display => SystemText.Render(TextKey, TextArgs, Title);

    public static Notice ToUser(int streetId, string userId, NoticeKind kind, string eventKey, string link, DateTime nowUtc, string key, params object?[] args) =>
        Of(streetId, kind, eventKey, "u:" + userId, userId, null, link, nowUtc, key, args);

    public static Notice ToResident(int streetId, int opinionId, NoticeKind kind, string eventKey, string link, DateTime nowUtc, string key, params object?[] args) =>
        Of(streetId, kind, eventKey, "o:" + opinionId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, opinionId, link, nowUtc, key, args);

    /// <summary>The reader opened it; the first time counts.</summary>
    public void MarkRead(DateTime nowUtc) => ReadUtc ??= nowUtc;

    internal void MarkPlanned() => Planned = true;

    private static Notice Of(int streetId, NoticeKind kind, string eventKey, string recipientKey, string? userId, int? opinionId, string link, DateTime nowUtc, string key, object?[] args)
    {
        var stored = SystemText.Args(args);
        return new()
        {
            StreetId = streetId, Kind = kind, EventKey = eventKey, RecipientKey = recipientKey, UserId = userId, OpinionId = opinionId,
            Urgent = kind.IsUrgent(), Link = link, CreatedUtc = nowUtc,
            Title = SystemText.Fit(SystemText.Render(key, stored), 200), TextKey = key, TextArgs = stored,
        };
    }
}

/// <summary>What a notice tells of; it decides urgency and whether the person may refuse it by e-mail.</summary>
public enum NoticeKind
{
    Other = 0,

    /// <summary>The session call (会议通知): a delegate cannot unsubscribe from it.</summary>
    SessionCall = 1,

    /// <summary>A published session's time or place changed: urgent.</summary>
    SessionChanged = 2,
    Reminder = 3,
    LeaveDecided = 4,

    /// <summary>The session went live and the delegate has not checked in: urgent.</summary>
    CheckIn = 5,
    ItemAssigned = 6,
    ItemOverdue = 7,
    Decision = 8,
    OpinionAnswered = 9,
    MinutesToSign = 10,
    ItemReturned = 11,
}

public static class NoticeKinds
{
    public static bool IsUrgent(this NoticeKind kind) => kind is NoticeKind.SessionChanged or NoticeKind.CheckIn;

    /// <summary>The session call and its changes reach a delegate even after they unsubscribed from e-mail.</summary>
    public static bool IsMandatory(this NoticeKind kind) => kind is NoticeKind.SessionCall or NoticeKind.SessionChanged;

    /// <summary>Worth a printed letter for a delegate no other channel reaches.</summary>
    public static bool IsForLetters(this NoticeKind kind) => kind is NoticeKind.SessionCall or NoticeKind.SessionChanged;
}
