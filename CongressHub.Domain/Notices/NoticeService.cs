using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Notices;

/// <summary>
/// What people do with notices: the reader opens theirs, chooses their channels and unsubscribes; the convener
/// sees who got each notice by which channel, who read it and what failed, resends, and prints letters.
/// </summary>
public sealed class NoticeService(IDbContextFactory<CongressDbContext> dbFactory, Changes changes, NoticeOutbox outbox, ICongressEvents events, TimeProvider time)
{
    public const int PageSize = 30;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- the reader

    /// <summary>The reader's own notices, newest first.</summary>
    public async Task<Paged<NoticeRow>> MineAsync(Actor actor, int page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Notices.AsNoTracking().Where(n => n.UserId == actor.UserId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(n => n.Id).Skip(Math.Max(0, page) * PageSize).Take(PageSize).ToListAsync(ct);
        return new Paged<NoticeRow>(rows.Select(n => new NoticeRow(n.Id, n.Display, n.Link, n.CreatedUtc, n.ReadUtc is not null)).ToList(), total, page, PageSize);
    }

    /// <summary>Marks the reader's notice read and gives its link; another person's notice is not found.</summary>
    public async Task<string> OpenAsync(Actor actor, int noticeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notice = await db.Notices.SingleOrDefaultAsync(n => n.Id == noticeId && n.UserId == actor.UserId, ct) ?? throw new NotFoundException();
        if (notice.ReadUtc is null)
        {
            notice.MarkRead(Now);
            await db.SaveChangesAsync(ct);
            // The convener's delivery view counts who read it.
            events.Publish(new NoticesChanged(notice.StreetId));
        }
        return notice.Link;
    }

    /// <summary>Marks every notice of the reader read.</summary>
    public async Task MarkAllReadAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        if (await db.Notices.Where(n => n.UserId == actor.UserId && n.ReadUtc == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, now), ct) > 0
            && actor.StreetId is { } street)
        {
            events.Publish(new NoticesChanged(street));
        }
    }

    /// <summary>How the reader is reached: their choice (or their role's default), the addresses known and what this installation can send.</summary>
    public async Task<NoticeSettingsView> SettingsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var u = await db.Users.AsNoTracking().SingleOrDefaultAsync(x => x.Id == actor.UserId, ct) ?? throw new NotFoundException();
        var phone = await db.Delegates.Where(d => d.Id == u.DelegateId).Select(d => d.Phone).FirstOrDefaultAsync(ct)
            ?? await db.Officers.Where(o => o.Id == u.OfficerId).Select(o => o.Phone).FirstOrDefaultAsync(ct) ?? u.PhoneNumber;
        return new NoticeSettingsView(u.NoticeChannels, u.NoticeChannels is null, u.Email, phone, u.WeComUserId, u.EmailOptOut, outbox.Enabled, u.DelegateId is not null);
    }

    /// <summary>The reader chooses their channels and the addresses the app has no record for (e-mail, 企业微信); bad ones are refused.</summary>
    public async Task SaveSettingsAsync(Actor actor, NoticeSettingsInput input, CancellationToken ct = default)
    {
        input.Validate();
        await using var change = await changes.BeginAsync(actor, ct);
        var u = await change.Db.Users.SingleOrDefaultAsync(x => x.Id == actor.UserId, ct) ?? throw new NotFoundException();
        u.NoticeChannels = input.Channels & (NoticeChannel.Email | NoticeChannel.Sms | NoticeChannel.WeCom);
        u.Email = Blank(input.Email);
        u.NormalizedEmail = u.Email?.ToUpperInvariant();
        u.WeComUserId = Blank(input.WeComUserId);
        u.EmailOptOut = input.EmailOptOut;
        change.Audit("Notice.SettingsChanged", Audit.AuditTrail.NameOf(actor), u.NoticeChannels.ToString() ?? "");
        await change.CommitAsync(ct);
    }

    /// <summary>The unsubscribe link of an e-mail: no more e-mails but the session call. Returns false for a link that is not valid.</summary>
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken ct = default)
    {
        if (outbox.ReadUnsubscribeToken(token) is not { } userId)
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var u = await db.Users.SingleOrDefaultAsync(x => x.Id == userId, ct);
        if (u is null)
        {
            return false;
        }
        u.EmailOptOut = true;
        await db.SaveChangesAsync(ct);
        return true;
    }

    // ---- the convener

    /// <summary>The street's notices by event, newest first, with how far each got.</summary>
    public async Task<Paged<NoticeEventRow>> EventsAsync(Actor actor, int page, CancellationToken ct = default)
    {
        var streetId = RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = db.Notices.AsNoTracking().Where(n => n.StreetId == streetId);
        var total = await notices.Select(n => n.EventKey).Distinct().CountAsync(ct);
        var events = await notices.GroupBy(n => n.EventKey)
            .Select(g => new { Key = g.Key, First = g.Min(n => n.Id), Created = g.Min(n => n.CreatedUtc), People = g.Count(), Read = g.Count(n => n.ReadUtc != null) })
            .OrderByDescending(e => e.First).Skip(Math.Max(0, page) * PageSize).Take(PageSize).ToListAsync(ct);
        var keys = events.Select(e => e.Key).ToList();
        var firsts = events.Select(e => e.First).ToList();
        var titles = await db.Notices.AsNoTracking().Where(n => firsts.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var states = await (from d in db.NoticeDeliveries.AsNoTracking()
                            join n in db.Notices on d.NoticeId equals n.Id
                            where n.StreetId == streetId && keys.Contains(n.EventKey)
                            group d by new { n.EventKey, d.State, Late = d.State == DeliveryState.Queued && d.Attempts > 0 } into g
                            select new { g.Key.EventKey, g.Key.State, g.Key.Late, Count = g.Count(), Duplicates = g.Sum(d => d.Duplicates) }).ToListAsync(ct);
        var rows = events.Select(e =>
        {
            var mine = states.Where(s => s.EventKey == e.Key).ToList();
            int Count(DeliveryState st) => mine.Where(s => s.State == st).Sum(s => s.Count);
            var n = titles[e.First];
            return new NoticeEventRow(e.Key, n.Kind, n.Display, n.Link, e.Created, e.People, e.Read, Count(DeliveryState.Queued), mine.Where(s => s.Late).Sum(s => s.Count),
                Count(DeliveryState.Sent), Count(DeliveryState.Delivered), Count(DeliveryState.Failed), mine.Sum(s => s.Duplicates));
        }).ToList();
        return new Paged<NoticeEventRow>(rows, total, page, PageSize);
    }

    /// <summary>
    /// Everyone one event reached: per person and channel, the state, when, what failed. A resident's address is not
    /// shown at all, not even masked: they gave it to be told, not to be known.
    /// </summary>
    public async Task<IReadOnlyList<NoticeRecipientRow>> RecipientsAsync(Actor actor, string eventKey, CancellationToken ct = default)
    {
        var streetId = RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = await db.Notices.AsNoTracking().Where(n => n.StreetId == streetId && n.EventKey == eventKey)
            .Select(n => new { n.Id, n.UserId, n.OpinionId, n.ReadUtc, Name = db.Users.Where(u => u.Id == n.UserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        if (notices.Count == 0)
        {
            throw new NotFoundException();
        }
        var ids = notices.Select(n => n.Id).ToList();
        var deliveries = (await db.NoticeDeliveries.AsNoTracking().Where(d => ids.Contains(d.NoticeId)).ToListAsync(ct)).ToLookup(d => d.NoticeId);
        return notices.OrderBy(n => n.Name ?? "", StringComparer.Ordinal).ThenBy(n => n.Id)
            .Select(n => new NoticeRecipientRow(n.Id, n.Name ?? DomainText.Get("Notice.Resident", n.OpinionId), n.ReadUtc,
                deliveries[n.Id].OrderBy(d => d.Channel).Select(d => new DeliveryRow(d.Id, d.Channel, d.State, n.OpinionId is null ? Masked(d.Channel, d.Address) : null, d.Attempts, d.SentUtc,
                    d.DeliveredUtc, d.Error, d.Duplicates, d.State == DeliveryState.Queued ? d.DueUtc : null, d.Folded)).ToList()))
            .ToList();
    }

    /// <summary>Sends one delivery again now (a failed one, or one the person says never came).</summary>
    public async Task ResendAsync(Actor actor, int deliveryId, CancellationToken ct = default)
    {
        var streetId = RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var d = await change.Db.NoticeDeliveries.SingleOrDefaultAsync(x => x.Id == deliveryId && x.StreetId == streetId, ct) ?? throw new NotFoundException();
        if (d.Address is null || d.Channel == NoticeChannel.Letter)
        {
            throw DomainException.Because("Notice.CannotResend");
        }
        d.Resend(Now);
        change.Audit("Notice.Resent", d.Channel.ToString(), deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        change.Announce(new NoticesChanged(streetId));
        await change.CommitAsync(ct);
    }

    /// <summary>Sends again every failed delivery of one event.</summary>
    public async Task<int> ResendFailedAsync(Actor actor, string eventKey, CancellationToken ct = default)
    {
        var streetId = RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        var failed = await (from d in change.Db.NoticeDeliveries
                            join n in change.Db.Notices on d.NoticeId equals n.Id
                            where n.StreetId == streetId && n.EventKey == eventKey && d.State == DeliveryState.Failed && d.Address != null && d.Channel != NoticeChannel.Letter
                            select d).ToListAsync(ct);
        failed.ForEach(d => d.Resend(Now));
        if (failed.Count > 0)
        {
            change.Audit("Notice.Resent", eventKey, failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            change.Announce(new NoticesChanged(streetId));
            await change.CommitAsync(ct);
        }
        return failed.Count;
    }

    // ---- letters

    /// <summary>
    /// The session's letters for delegates no other channel reaches: one page each with the session call and the
    /// agenda, for community staff to hand over.
    /// </summary>
    public async Task<SessionLetters> LettersAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        var streetId = RequireConvener(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == sessionId && x.StreetId == streetId, ct) ?? throw new NotFoundException();
        var street = await db.Streets.AsNoTracking().Where(x => x.Id == streetId).Select(x => x.Name).SingleAsync(ct);
        var items = await db.AgendaItems.AsNoTracking().Where(i => i.SessionId == sessionId).OrderBy(i => i.Position).Select(i => i.Title).ToListAsync(ct);
        var prefix = $"session-";
        var link = $"/sessions/{sessionId}";
        var letters = await (from d in db.NoticeDeliveries.AsNoTracking()
                             join n in db.Notices on d.NoticeId equals n.Id
                             join u in db.Users on n.UserId equals u.Id
                             join g in db.Delegates on u.DelegateId equals g.Id
                             where n.StreetId == streetId && n.Link == link && n.EventKey.StartsWith(prefix) && d.Channel == NoticeChannel.Letter
                             orderby g.CommunityId, g.Name
                             select new { d.Id, n.Kind, n.TextKey, n.TextArgs, n.Title, g.Name, Community = db.Communities.Where(c => c.Id == g.CommunityId).Select(c => c.Name).FirstOrDefault(), d.SentUtc })
            .ToListAsync(ct);
        return new SessionLetters(s.Id, street, s.Title, s.ScheduledUtc, s.Place, items,
            letters.Select(l => new LetterRow(l.Id, l.Name, l.Community, l.Kind, SystemText.Render(l.TextKey, l.TextArgs, l.Title), l.SentUtc)).ToList());
    }

    /// <summary>The convener printed the letters: they count as sent.</summary>
    public async Task<int> MarkLettersPrintedAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        var letters = await LettersAsync(actor, sessionId, ct);
        var ids = letters.Letters.Where(l => l.PrintedUtc is null).Select(l => l.DeliveryId).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }
        await using var change = await changes.BeginAsync(actor, ct);
        var rows = await change.Db.NoticeDeliveries.Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        rows.ForEach(d => d.Printed(Now));
        change.Audit("Notice.LettersPrinted", letters.Title, rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        change.Announce(new NoticesChanged(actor.StreetId!.Value));
        await change.CommitAsync(ct);
        return rows.Count;
    }

    private static int RequireConvener(Actor actor) =>
        actor.IsConvener ? actor.StreetId!.Value : throw new ForbiddenException();

    /// <summary>Enough of an address to tell which it was, not enough to copy: 138****5678, z***@example.cn.</summary>
    internal static string? Masked(NoticeChannel channel, string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }
        if (channel == NoticeChannel.Email && address.IndexOf('@', StringComparison.Ordinal) is > 0 and var at)
        {
            return address[..1] + "***" + address[at..];
        }
        return address.Length > 7 ? address[..3] + "****" + address[^4..] : address;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
