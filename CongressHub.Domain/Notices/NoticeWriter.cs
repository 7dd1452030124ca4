using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Notices;

/// <summary>
/// Writes notices inside a service's change: one per person, never a second for the same event and person. The
/// outbox then plans their deliveries by the channels each person reads.
/// </summary>
public static class NoticeWriter
{
    /// <summary>To every serving delegate of the term with an account.</summary>
    public static async Task ToDelegatesAsync(CongressDbContext db, int streetId, int termId, NoticeKind kind, string eventKey, string link, DateTime nowUtc,
        CancellationToken ct, string key, params object?[] args)
    {
        var users = await db.Delegates.Where(d => d.TermId == termId && d.StreetId == streetId && d.UserId != null && d.RetiredUtc == null)
            .Select(d => d.UserId!).ToListAsync(ct);
        await ToUsersAsync(db, streetId, users, kind, eventKey, link, nowUtc, ct, key, args);
    }

    public static Task ToUserAsync(CongressDbContext db, int streetId, string userId, NoticeKind kind, string eventKey, string link, DateTime nowUtc,
        CancellationToken ct, string key, params object?[] args) =>
        ToUsersAsync(db, streetId, [userId], kind, eventKey, link, nowUtc, ct, key, args);

    public static async Task ToUsersAsync(CongressDbContext db, int streetId, IEnumerable<string> userIds, NoticeKind kind, string eventKey, string link,
        DateTime nowUtc, CancellationToken ct, string key, params object?[] args)
    {
        var told = await db.Notices.Where(n => n.StreetId == streetId && n.EventKey == eventKey).Select(n => n.RecipientKey).ToListAsync(ct);
        var seen = told.Concat(db.Notices.Local.Where(n => n.EventKey == eventKey).Select(n => n.RecipientKey)).ToHashSet(StringComparer.Ordinal);
        foreach (var userId in userIds.Distinct())
        {
            if (seen.Add("u:" + userId))
            {
                db.Notices.Add(Notice.ToUser(streetId, userId, kind, eventKey, link, nowUtc, key, args));
            }
        }
    }

    /// <summary>To the resident who asked to be told about their opinion, when they left a contact for it.</summary>
    public static async Task ToResidentAsync(CongressDbContext db, int streetId, int opinionId, string eventKey, string link, DateTime nowUtc,
        CancellationToken ct, string key, params object?[] args)
    {
        var recipient = "o:" + opinionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!await db.Notices.AnyAsync(n => n.StreetId == streetId && n.EventKey == eventKey && n.RecipientKey == recipient, ct)
            && !db.Notices.Local.Any(n => n.EventKey == eventKey && n.RecipientKey == recipient))
        {
            db.Notices.Add(Notice.ToResident(streetId, opinionId, NoticeKind.OpinionAnswered, eventKey, link, nowUtc, key, args));
        }
    }

    /// <summary>A key for an event that can happen again (a second assignment): its kind, subject and moment.</summary>
    public static string Key(string what, int subjectId, DateTime nowUtc) =>
        FormattableString.Invariant($"{what}:{subjectId}:{nowUtc:yyyyMMddHHmmssfff}");
}
