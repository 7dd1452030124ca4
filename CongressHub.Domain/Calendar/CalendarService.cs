using System.Security.Cryptography;
using System.Text;
using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CongressHub.Domain.Calendar;

/// <summary>
/// Sessions for people's calendars: one session as an event, and a personal feed that a phone's calendar subscribes to
/// through a secret link. The link's token is shown once; only its SHA-256 hash is kept, so a copy of the database
/// does not open anyone's feed, and a new token or a revocation makes the old link answer 404.
/// </summary>
public sealed class CalendarService(IDbContextFactory<CongressDbContext> dbFactory, Changes changes, TimeProvider time, IOptions<NoticeOptions> options,
    ILogger<CalendarService> log)
{
    /// <summary>How far back a feed reaches: held sessions stay in the phone's calendar for a while.</summary>
    public static readonly TimeSpan FeedHistory = TimeSpan.FromDays(60);

    /// <summary>The shortest event a session gets when its agenda plans less.</summary>
    public const int MinimumMinutes = 60;

    private string Site => options.Value.SiteUrl.TrimEnd('/');

    /// <summary>The host in every event's UID (<c>session-12@congress.example.cn</c>), stable as long as the site's address is.</summary>
    public string Host => new Uri(Site).Host;

    /// <summary>A session the actor may see (its street; a draft only for its conveners); 404 otherwise.</summary>
    public async Task<SessionEvent> SessionEventAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await SessionService.ViewableAsync(db, actor, sessionId, ct);
        return (await EventsAsync(db, [session], ct)).Single();
    }

    /// <summary>A session that is not a draft, for the street's public pages; null for a draft, an unknown one or another street's.</summary>
    public async Task<SessionEvent?> PublicSessionEventAsync(string? slug, int sessionId, CancellationToken ct = default)
    {
        var key = (slug ?? "").Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.Status != SessionStatus.Draft && db.Streets.Any(t => t.Id == s.StreetId && t.Slug == key))
            .SingleOrDefaultAsync(ct);
        return session is null ? null : (await EventsAsync(db, [session], ct)).Single();
    }

    /// <summary>Whether the actor has a feed link, and since when.</summary>
    public async Task<FeedStatus> FeedStatusAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId)
            .Select(u => new { u.CalendarTokenHash, u.CalendarTokenCreatedUtc }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        return new FeedStatus(MayHaveFeed(actor), user.CalendarTokenHash is not null, user.CalendarTokenHash is null ? null : user.CalendarTokenCreatedUtc);
    }

    /// <summary>A delegate, an officer or a convener of a street has sessions to follow; others have none.</summary>
    public static bool MayHaveFeed(Actor? actor) => actor is { StreetId: not null } && (actor.DelegateId is not null || actor.OfficerId is not null || actor.IsConvener);

    /// <summary>
    /// Makes a new feed link for the actor and returns it, the only time it is shown; a link made before stops working.
    /// </summary>
    public async Task<string> CreateFeedAsync(Actor actor, CancellationToken ct = default)
    {
        RequireFeedHolder(actor);
        await using var change = await changes.BeginAsync(actor, ct);
        var user = await change.Db.Users.SingleOrDefaultAsync(u => u.Id == actor.UserId, ct) ?? throw new NotFoundException();
        var replaced = user.CalendarTokenHash is not null;
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        user.CalendarTokenHash = Hash(token);
        user.CalendarTokenCreatedUtc = change.Now;
        change.Audit(replaced ? "Calendar.FeedReplaced" : "Calendar.FeedCreated", "Account " + user.UserName, user.DisplayName);
        change.Conflict = "Account.Changed";
        await change.CommitAsync(ct: ct);
        log.LogInformation("Calendar feed of account {UserName} {Action}", user.UserName, replaced ? "replaced" : "created");
        return FeedUrl(token);
    }

    /// <summary>Ends the actor's feed link: calendars that subscribed to it get 404 from now on.</summary>
    public async Task RevokeFeedAsync(Actor actor, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var user = await change.Db.Users.SingleOrDefaultAsync(u => u.Id == actor.UserId, ct) ?? throw new NotFoundException();
        if (user.CalendarTokenHash is null)
        {
            return;
        }
        user.CalendarTokenHash = null;
        user.CalendarTokenCreatedUtc = null;
        change.Audit("Calendar.FeedRevoked", "Account " + user.UserName, user.DisplayName);
        change.Conflict = "Account.Changed";
        await change.CommitAsync(ct: ct);
        log.LogInformation("Calendar feed of account {UserName} revoked", user.UserName);
    }

    /// <summary>
    /// The sessions behind a feed link: for a delegate every session of their term(s), for an officer or a convener every
    /// session of the street; none of them drafts, from <see cref="FeedHistory"/> back onward. Null for an unknown or
    /// revoked link, and for a retired delegate's.
    /// </summary>
    public async Task<CalendarFeed?> SessionsForFeedAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.CalendarTokenHash == hash)
            .Select(u => new { u.Id, u.StreetId, u.DelegateId, u.OfficerId, u.DisplayName }).SingleOrDefaultAsync(ct);
        if (user?.StreetId is not { } streetId)
        {
            return null;
        }
        var terms = await db.Delegates.Where(d => (d.Id == user.DelegateId || d.UserId == user.Id) && d.StreetId == streetId)
            .Select(d => new { d.TermId, d.RetiredUtc, d.Id }).ToListAsync(ct);
        if (terms.Any(d => d.Id == user.DelegateId && d.RetiredUtc != null))
        {
            return null; // a retired delegate's account has no rights left (AccountStanding)
        }
        var wholeStreet = user.OfficerId is not null || await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id
            && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Convener), ct);
        var termIds = terms.Select(d => d.TermId).Distinct().ToList();
        if (!wholeStreet && termIds.Count == 0)
        {
            return null;
        }
        var from = time.GetUtcNow().UtcDateTime - FeedHistory;
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.StreetId == streetId && s.Status != SessionStatus.Draft && s.ScheduledUtc >= from && (wholeStreet || termIds.Contains(s.TermId)))
            .ToListAsync(ct);
        var street = await db.Streets.Where(s => s.Id == streetId).Select(s => s.Name).SingleAsync(ct);
        return new CalendarFeed(street, await EventsAsync(db, sessions.OrderBy(s => s.ScheduledUtc).ThenBy(s => s.Id).ToList(), ct));
    }

    private static void RequireFeedHolder(Actor actor)
    {
        if (!MayHaveFeed(actor))
        {
            throw ForbiddenException.Because("Calendar.NoSessions");
        }
    }

    private async Task<IReadOnlyList<SessionEvent>> EventsAsync(CongressDbContext db, IReadOnlyList<Session> sessions, CancellationToken ct)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        var items = (await db.AgendaItems.AsNoTracking().Where(i => ids.Contains(i.SessionId))
                .Select(i => new { i.SessionId, i.Position, i.Title, i.PlannedMinutes }).ToListAsync(ct))
            .ToLookup(i => i.SessionId);
        var host = Host;
        return sessions.Select(s =>
        {
            var agenda = items[s.Id].OrderBy(i => i.Position).ToList();
            return new SessionEvent(s.Id, $"session-{s.Id}@{host}", s.Title, s.Place, s.ScheduledUtc,
                Math.Max(MinimumMinutes, agenda.Sum(i => i.PlannedMinutes)), s.Version, s.Status,
                agenda.Select(i => i.Title).ToList(), $"{Site}/sessions/{s.Id}");
        }).ToList();
    }

    private string FeedUrl(string token) => $"{Site}/calendar/{token}.ics";

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
