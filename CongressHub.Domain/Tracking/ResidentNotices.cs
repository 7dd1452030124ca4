using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Tracking;

/// <summary>
/// Tells the resident who asked, on the public form, to hear of their opinion (its <see cref="TrackedItem.NotifyContact"/>):
/// when it is answered, decided, and closed (done, declined, merged). The closing notice is the last: the opinion forgets
/// the contact in the same change, so its delivery is planned at once, while the address is still known; the outbox
/// forgets the address on the delivery once it is sent.
/// </summary>
internal static class ResidentNotices
{
    public const string ClosedKey = "Notice.OpinionClosed";

    /// <summary>The message a move tells the resident, or null for a move they are not told of.</summary>
    public static string? KeyFor(TrackedState from, TrackedState to) =>
        from == to ? null
        : to switch
        {
            TrackedState.Answered => "Notice.OpinionAnswered",
            TrackedState.Decided => "Notice.OpinionDecided",
            TrackedState.Done or TrackedState.Declined or TrackedState.Merged => ClosedKey,
            _ => null,
        };

    /// <summary>
    /// Writes the notice of the item's move from <paramref name="from"/> when it is one the resident is told of.
    /// <paramref name="offered"/> are the channels that send here; <paramref name="digest"/> the outbox's digest window.
    /// </summary>
    public static async Task TellAsync(Change change, TrackedItem item, TrackedState from, NoticeChannel offered, TimeSpan digest, CancellationToken ct)
    {
        if (item.Kind != TrackedKind.Opinion || item.NotifyContact is not { } contact || KeyFor(from, item.State) is not { } key)
        {
            return;
        }
        var db = change.Db;
        var now = change.Now;
        var slug = await db.Streets.Where(s => s.Id == item.StreetId).Select(s => s.Slug).SingleAsync(ct);
        // The public follow-up lists a publishable opinion once it is past triage (a merged one is listed under the other);
        // otherwise the street's public home is all there is to link to.
        var link = item.Publishable && item.State is not (TrackedState.Submitted or TrackedState.Merged)
            ? $"/s/{slug}/opinions#item-{item.Id}"
            : $"/s/{slug}";
        var what = key switch
        {
            "Notice.OpinionAnswered" => "resident-answered",
            "Notice.OpinionDecided" => "resident-decided",
            _ => "resident-closed",
        };
        var eventKey = NoticeWriter.Key(what, item.Id, now);
        await NoticeWriter.ToResidentAsync(db, item.StreetId, item.Id, eventKey, link, now, ct, key, item.Title);
        if (key != ClosedKey)
        {
            return;
        }
        var channel = contact.Contains('@', StringComparison.Ordinal) ? NoticeChannel.Email : NoticeChannel.Sms;
        if (offered.HasFlag(channel))
        {
            // The notices' ids, inside the change's transaction, for their deliveries.
            await change.SaveAsync(ct);
            // A window already open for the address takes them into the digest that is waiting, as the outbox would.
            var window = await db.NoticeDeliveries.Where(d => d.State == DeliveryState.Queued && !d.Urgent && d.DueUtc > now && d.Channel == channel && d.Address == contact)
                .Select(d => (DateTime?)d.DueUtc).MinAsync(ct);
            // The closing notice, and any of the opinion's notices the outbox has not planned yet (it would find no contact now).
            var waiting = await db.Notices.Where(n => n.OpinionId == item.Id && !n.Planned).OrderBy(n => n.Id).ToListAsync(ct);
            foreach (var notice in waiting)
            {
                // Claimed by a conditional update: a notice another node's outbox planned meanwhile is left to it.
                if (await db.Notices.Where(n => n.Id == notice.Id && !n.Planned).ExecuteUpdateAsync(x => x.SetProperty(n => n.Planned, true), ct) == 1)
                {
                    window ??= notice.CreatedUtc + digest;
                    db.NoticeDeliveries.Add(NoticeDelivery.Plan(notice, channel, contact, window.Value));
                }
            }
        }
        item.ForgetNotifyContact();
    }
}
