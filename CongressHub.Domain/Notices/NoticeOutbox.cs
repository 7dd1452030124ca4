using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CongressHub.Domain.Notices;

/// <summary>
/// The notification engine's outbox. Every node runs it (<see cref="RunOnceAsync"/>): it writes the notices that
/// fall due by time (reminders, overdue items), plans each new notice's deliveries by the channels its person reads,
/// then leases the due deliveries — a conditional update, so one node takes each — and sends them, a person's
/// notices of one window folded into one digest, and records what each channel answered.
/// </summary>
public sealed class NoticeOutbox(
    IDbContextFactory<CongressDbContext> dbFactory,
    IEnumerable<INoticeChannel> channels,
    IOptions<NoticeOptions> options,
    IDataProtectionProvider protection,
    ICongressEvents events,
    CongressMetrics metrics,
    TimeProvider time,
    ILogger<NoticeOutbox> log)
{
    private const int Batch = 200;
    private const int SendersAtOnce = 8;
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private readonly NoticeOptions _o = options.Value;
    private readonly Dictionary<NoticeChannel, INoticeChannel> _channels = channels.Where(c => c.Enabled).ToDictionary(c => c.Channel);

    internal const string UnsubscribePurpose = "CongressHub.Notices.Unsubscribe";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // Reminders and overdue items fall due by the minute, not by the poll: looking once a minute is enough.
    private DateTime _dueLookedAt = DateTime.MinValue;

    /// <summary>The channels that can send here (their settings are given).</summary>
    public NoticeChannel Enabled => _channels.Keys.Aggregate(NoticeChannel.None, (a, c) => a | c);

    /// <summary>One round: what fell due is written, planned and sent. Returns the deliveries recorded.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        if (Now - _dueLookedAt >= TimeSpan.FromMinutes(1))
        {
            await WriteDueNoticesAsync(ct);
            _dueLookedAt = Now;
        }
        // A burst (a city's session calls) is planned before sending, a batch at a time.
        for (var i = 0; i < 100 && await PlanAsync(ct) > 0; i++)
        {
        }
        var sent = 0;
        while (await SendDueAsync(ct) is > 0 and var n)
        {
            sent += n;
        }
        return sent;
    }

    // ---- notices that fall due by time

    /// <summary>Reminders before published sessions, and overdue items to their officers: written once, whichever node comes first.</summary>
    public async Task WriteDueNoticesAsync(CancellationToken ct = default)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (_o.ReminderHours > 0)
        {
            var horizon = now.AddHours(_o.ReminderHours);
            var sessions = await db.Sessions.AsNoTracking().Where(s => s.Status == SessionStatus.Published && s.ScheduledUtc > now && s.ScheduledUtc <= horizon)
                .Select(s => new { s.Id, s.StreetId, s.TermId, s.Title, s.ScheduledUtc, s.Place }).ToListAsync(ct);
            foreach (var s in sessions)
            {
                var key = $"reminder:{s.Id}:{s.ScheduledUtc:yyyyMMddHHmm}";
                await NoticeWriter.ToDelegatesAsync(db, s.StreetId, s.TermId, NoticeKind.Reminder, key, $"/sessions/{s.Id}", now, ct,
                    "Notice.Reminder", s.Title, SystemText.FormalTime(s.ScheduledUtc), s.Place);
            }
        }
        var today = DateOnly.FromDateTime(SessionTime.Local(now));
        var overdue = await db.TrackedItems.AsNoTracking()
            .Where(i => i.DueOn != null && i.DueOn < today && i.DepartmentId != null && (i.State == TrackedState.Assigned || i.State == TrackedState.Accepted || i.State == TrackedState.InProgress || i.State == TrackedState.IntentionStated))
            .OrderBy(i => i.DueOn).ThenBy(i => i.Id)
            .Select(i => new { i.Id, i.StreetId, i.Title, i.DueOn, i.DepartmentId }).Take(Batch).ToListAsync(ct);
        foreach (var item in overdue)
        {
            var key = $"overdue:{item.Id}:{item.DueOn:yyyyMMdd}";
            var officers = await db.Officers.AsNoTracking().Where(o => o.DepartmentId == item.DepartmentId && o.UserId != null && o.RetiredUtc == null).Select(o => o.UserId!).ToListAsync(ct);
            foreach (var userId in officers)
            {
                await NoticeWriter.ToUserAsync(db, item.StreetId, userId, NoticeKind.ItemOverdue, key, $"/tracking/{item.Id}", now, ct, "Notice.Overdue", item.Title, SystemText.Date(item.DueOn!.Value));
            }
        }
        await SaveIgnoringRepeatsAsync(db, ct);
    }

    // ---- planning: a notice becomes its deliveries

    /// <summary>
    /// Writes the deliveries of notices not yet planned: by the person's chosen channels (or their role's), to the
    /// addresses known. Returns how many notices it planned.
    /// </summary>
    public async Task<int> PlanAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = await db.Notices.Where(n => !n.Planned).OrderBy(n => n.Id).Take(Batch).ToListAsync(ct);
        if (notices.Count == 0)
        {
            return 0;
        }
        var userIds = notices.Where(n => n.UserId != null).Select(n => n.UserId!).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new Person(u.Id, u.Email, u.PhoneNumber, u.NoticeChannels, u.EmailOptOut, u.WeComUserId, u.DelegateId, u.OfficerId,
                db.Delegates.Where(d => d.Id == u.DelegateId).Select(d => d.Phone).FirstOrDefault(),
                db.Officers.Where(o => o.Id == u.OfficerId).Select(o => o.Phone).FirstOrDefault()))
            .ToDictionaryAsync(p => p.Id, ct);
        var opinionIds = notices.Where(n => n.OpinionId != null).Select(n => n.OpinionId!.Value).Distinct().ToList();
        var contacts = await db.TrackedItems.AsNoTracking().Where(i => opinionIds.Contains(i.Id) && i.NotifyContact != null)
            .ToDictionaryAsync(i => i.Id, i => i.NotifyContact!, ct);
        // Windows already open for an address: a new notice joins the digest that is waiting.
        var open = await db.NoticeDeliveries.AsNoTracking().Where(d => d.State == DeliveryState.Queued && !d.Urgent && d.DueUtc > Now && d.Address != null)
            .GroupBy(d => new { d.Channel, d.Address }).Select(g => new { g.Key.Channel, g.Key.Address, Due = g.Min(d => d.DueUtc) })
            .ToListAsync(ct);
        var windows = open.ToDictionary(w => (w.Channel, w.Address!), w => w.Due);
        var planned = 0;
        foreach (var notice in notices)
        {
            foreach (var (channel, address) in Routes(notice, people, contacts))
            {
                var due = notice.Urgent || channel == NoticeChannel.Letter ? notice.CreatedUtc
                    : windows.TryGetValue((channel, address), out var w) ? w
                    : windows[(channel, address)] = notice.CreatedUtc + _o.DigestWindow;
                db.NoticeDeliveries.Add(NoticeDelivery.Plan(notice, channel, address, due));
                planned++;
            }
            notice.MarkPlanned();
        }
        if (!await SaveIgnoringRepeatsAsync(db, ct))
        {
            return 0;
        }
        if (planned > 0)
        {
            foreach (var street in notices.Select(n => n.StreetId).Distinct())
            {
                events.Publish(new NoticesChanged(street));
            }
        }
        return notices.Count;
    }

    private IEnumerable<(NoticeChannel Channel, string Address)> Routes(Notice notice, Dictionary<string, Person> people, Dictionary<int, string> contacts)
    {
        if (notice.OpinionId is { } opinion)
        {
            if (contacts.TryGetValue(opinion, out var contact))
            {
                var channel = contact.Contains('@', StringComparison.Ordinal) ? NoticeChannel.Email : NoticeChannel.Sms;
                if (_channels.ContainsKey(channel))
                {
                    yield return (channel, contact);
                }
            }
            yield break;
        }
        if (notice.UserId is null || !people.TryGetValue(notice.UserId, out var p))
        {
            yield break;
        }
        var chosen = (NoticeChannel?)p.Channels ?? _o.DefaultFor(p.DelegateId is not null, p.OfficerId is not null);
        var any = false;
        foreach (var channel in new[] { NoticeChannel.Email, NoticeChannel.Sms, NoticeChannel.WeCom })
        {
            if (!chosen.HasFlag(channel) || !_channels.ContainsKey(channel) || (channel == NoticeChannel.Email && p.EmailOptOut && !notice.Kind.IsMandatory()))
            {
                continue;
            }
            var address = channel switch
            {
                NoticeChannel.Email => p.Email,
                NoticeChannel.Sms => p.DelegatePhone ?? p.OfficerPhone ?? p.Phone,
                _ => p.WeCom,
            };
            if (!string.IsNullOrWhiteSpace(address))
            {
                any = true;
                yield return (channel, address.Trim());
            }
        }
        // A delegate no channel reaches gets the session call on paper, handed over by community staff.
        if (!any && p.DelegateId is not null && notice.Kind.IsForLetters())
        {
            yield return (NoticeChannel.Letter, "");
        }
    }

    private sealed record Person(string Id, string? Email, string? Phone, NoticeChannel? Channels, bool EmailOptOut, string? WeCom, int? DelegateId, int? OfficerId,
        string? DelegatePhone, string? OfficerPhone);

    // ---- sending

    /// <summary>Leases the deliveries that are due, sends them (folded per address) and records the answers. Returns how many were leased.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var token = Guid.NewGuid();
        var now = Now;
        var sendable = _channels.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await db.NoticeDeliveries.Where(d => d.State == DeliveryState.Queued && sendable.Contains(d.Channel) && d.DueUtc <= now
                && (d.LeaseUntilUtc == null || d.LeaseUntilUtc < now))
            .OrderBy(d => d.DueUtc).ThenBy(d => d.Id).Select(d => d.Id).Take(Batch).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }
        // The lease: only rows still free when the update runs are taken, so two nodes never take the same row.
        await db.NoticeDeliveries.Where(d => ids.Contains(d.Id) && d.State == DeliveryState.Queued && (d.LeaseUntilUtc == null || d.LeaseUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseToken, token).SetProperty(d => d.LeaseUntilUtc, now.AddSeconds(_o.LeaseSeconds)), ct);
        var mine = await db.NoticeDeliveries.Where(d => d.LeaseToken == token).OrderBy(d => d.Id).ToListAsync(ct);
        if (mine.Count == 0)
        {
            return 0;
        }
        foreach (var d in mine)
        {
            d.Leased(token, now.AddSeconds(_o.LeaseSeconds));
        }
        var noticeIds = mine.Select(d => d.NoticeId).Distinct().ToList();
        var notices = await db.Notices.AsNoTracking().Where(n => noticeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var groups = mine.GroupBy(d => (d.Channel, d.Address ?? "")).ToList();
        var postponed = new List<NoticeDelivery>();
        foreach (var group in groups)
        {
            var rows = group.ToList();
            if (rows.All(r => !r.Urgent) && await HoldUntilAsync(db, group.Key.Item1, rows[0].RecipientKey, now, ct) is { } until)
            {
                rows.ForEach(r => r.Postpone(until));
                postponed.AddRange(rows);
                continue;
            }
            rows.ForEach(r => r.Attempt());
        }
        // What is about to be tried is recorded before it is sent: a sender that dies after sending leaves it marked.
        await db.SaveChangesAsync(ct);

        // Messages to different people go out side by side (a few at once per node); their answers are recorded together.
        var sends = groups.Select(g => (Channel: g.Key.Item1, Rows: g.Where(r => !postponed.Contains(r)).ToList())).Where(g => g.Rows.Count > 0).ToList();
        using var gate = new SemaphoreSlim(SendersAtOnce);
        var answers = await Task.WhenAll(sends.Select(async g =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var message = Message(g.Rows, notices);
                var started = time.GetTimestamp();
                ChannelAnswer answer;
                try
                {
                    answer = await _channels[g.Channel].SendAsync(message, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    answer = ChannelAnswer.Retry(e.Message);
                }
                metrics.NoticeSent(g.Channel.ToString(), answer.Accepted, time.GetElapsedTime(started));
                return answer;
            }
            finally
            {
                gate.Release();
            }
        }));
        var streets = new HashSet<int>();
        for (var i = 0; i < sends.Count; i++)
        {
            Record(sends[i].Rows, answers[i], notices);
            sends[i].Rows.ForEach(r => streets.Add(r.StreetId));
        }
        await db.SaveChangesAsync(ct);
        foreach (var street in streets)
        {
            events.Publish(new NoticesChanged(street));
        }
        return mine.Count;
    }

    /// <summary>Quiet hours for SMS and 企业微信, then the daily cap: when a non-urgent message must wait, until when.</summary>
    private async Task<DateTime?> HoldUntilAsync(CongressDbContext db, NoticeChannel channel, string recipient, DateTime now, CancellationToken ct)
    {
        var local = SessionTime.Local(now);
        if (channel is NoticeChannel.Sms or NoticeChannel.WeCom && _o.Quiet is var (from, to))
        {
            var t = TimeOnly.FromDateTime(local);
            var quiet = from <= to ? t >= from && t < to : t >= from || t < to;
            if (quiet)
            {
                var end = local.Date + to.ToTimeSpan();
                return SessionTime.ToUtc(end <= local ? end.AddDays(1) : end);
            }
        }
        var dayStart = SessionTime.ToUtc(local.Date);
        var sentToday = await db.NoticeDeliveries.Where(d => d.RecipientKey == recipient && d.Channel == channel && d.SentUtc >= dayStart && d.ExternalId != null)
            .Select(d => d.ExternalId).Distinct().CountAsync(ct);
        if (sentToday < _o.DailyCap)
        {
            return null;
        }
        var morning = local.Date.AddDays(1) + (_o.Quiet?.To.ToTimeSpan() ?? TimeSpan.Zero);
        return SessionTime.ToUtc(morning);
    }

    private OutgoingMessage Message(List<NoticeDelivery> rows, Dictionary<int, Notice> notices)
    {
        var site = _o.SiteUrl.TrimEnd('/');
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Chinese;
        try
        {
            // A digest tells what happened in the order it happened, whichever delivery was planned first.
            var told = rows.Select(r => notices[r.NoticeId]).OrderBy(n => n.Id).ToList();
            var lines = told.Select(n => new OutgoingNotice(n.Kind, n.Display, site + n.Link, n.TextKey, SystemText.Values(n.TextArgs))).ToList();
            var userId = told[0].UserId;
            var unsubscribe = rows[0].Channel == NoticeChannel.Email && userId is not null && told.All(n => !n.Kind.IsMandatory())
                ? $"{site}/notices/unsubscribe/now?t={Uri.EscapeDataString(protection.CreateProtector(UnsubscribePurpose).Protect(userId))}"
                : null;
            var host = Uri.TryCreate(site, UriKind.Absolute, out var u) ? u.Host : "congresshub";
            return new OutgoingMessage($"notice-{rows[0].Id}@{host}", rows[0].Address ?? "", null, lines, unsubscribe);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private void Record(List<NoticeDelivery> rows, ChannelAnswer answer, Dictionary<int, Notice> notices)
    {
        var now = Now;
        foreach (var r in rows)
        {
            if (answer.Accepted)
            {
                r.Sent(now, answer.ExternalId ?? $"notice-{rows[0].Id}", rows.Count);
                // A resident's contact serves that opinion only: once the last notice is out, it is forgotten here too.
                if (notices[r.NoticeId].OpinionId is not null && notices[r.NoticeId].Kind == NoticeKind.OpinionAnswered && notices[r.NoticeId].TextKey == "Notice.OpinionClosed")
                {
                    r.Forget();
                }
            }
            else
            {
                var retry = !answer.Permanent && r.Attempts < _o.MaxAttempts
                    ? now.AddSeconds(Math.Min(3600, _o.RetrySeconds * Math.Pow(2, r.Attempts - 1)))
                    : (DateTime?)null;
                r.Failed(answer.Error ?? "failed", retry);
                if (retry is null)
                {
                    log.LogWarning("A notice by {Channel} failed for good after {Attempts} attempts: {Error}", r.Channel, r.Attempts, answer.Error);
                }
            }
        }
    }

    // ---- what channels report back

    /// <summary>
    /// A channel reports a message delivered (or not): every delivery of that message changes once; a second report
    /// of the same changes nothing. Returns whether anything changed.
    /// </summary>
    public async Task<bool> RecordReceiptAsync(NoticeChannel channel, string externalId, bool delivered, string? error, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.NoticeDeliveries.Where(d => d.Channel == channel && d.ExternalId == externalId).ToListAsync(ct);
        var changed = false;
        foreach (var r in rows)
        {
            if (delivered)
            {
                changed |= r.Delivered(Now);
            }
            else if (r.State == DeliveryState.Sent)
            {
                r.Failed(error ?? "not delivered", null);
                changed = true;
            }
        }
        if (changed)
        {
            await db.SaveChangesAsync(ct);
            foreach (var street in rows.Select(r => r.StreetId).Distinct())
            {
                events.Publish(new NoticesChanged(street));
            }
        }
        return changed;
    }

    /// <summary>The account an unsubscribe link was made for, or null for a link that is not one of ours.</summary>
    public string? ReadUnsubscribeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            return protection.CreateProtector(UnsubscribePurpose).Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static async Task<bool> SaveIgnoringRepeatsAsync(CongressDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node wrote the same notices or deliveries first (the unique keys refused ours): they exist once.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
