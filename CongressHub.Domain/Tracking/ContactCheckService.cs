using CongressHub.Domain.Common;
using CongressHub.Domain.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CongressHub.Domain.Tracking;

/// <summary>
/// "Tell me when it is answered" on the public opinion form: the resident's phone or e-mail address is confirmed by a
/// code sent at once by that channel (not through the outbox: the resident is waiting for it), and the code is taken
/// back with the opinion (<see cref="TrackingService.SubmitPublicOpinionAsync"/>). How often a code may be asked for
/// is limited per address here, and per client by the page.
/// </summary>
public sealed class ContactCheckService(IEnumerable<INoticeChannel> channels, IOptions<NoticeOptions> options, Changes changes)
{
    public static readonly TimeSpan Between = TimeSpan.FromSeconds(60);

    public const int PerDay = 5;

    /// <summary>The form's field the address is typed into, and the code's; refusals name them.</summary>
    public const string ContactField = "NotifyContact";

    public const string CodeField = "NotifyCode";

    private readonly Dictionary<NoticeChannel, INoticeChannel> _channels = channels
        .Where(c => c.Enabled && c.Channel is NoticeChannel.Email or NoticeChannel.Sms).GroupBy(c => c.Channel).ToDictionary(g => g.Key, g => g.First());

    /// <summary>The channels a resident may be told by here (e-mail, SMS, both or none): the form offers the choice only when there is one.</summary>
    public NoticeChannel Offered => _channels.Keys.Aggregate(NoticeChannel.None, (a, c) => a | c);

    /// <summary>
    /// The address as it is kept, or a refusal naming the form's field: not an address, or one of a kind no channel
    /// here sends (an SMS gateway is not set up, say).
    /// </summary>
    public string Validate(string? contact) => Check(contact).Contact;

    /// <summary>
    /// Sends a new code to <paramref name="contact"/> for an opinion in street <paramref name="slug"/>: at most one a
    /// minute and <see cref="PerDay"/> a day per address. Refusals are <see cref="ValidationFailedException"/>s on
    /// <see cref="ContactField"/>; a channel that does not take the message is a <see cref="DomainException"/>.
    /// </summary>
    public async Task SendCodeAsync(string slug, string? contact, CancellationToken ct = default) => await SendCodeAsync(slug, contact, "opinions/new", ct);

    /// <summary>As <see cref="SendCodeAsync(string, string?, CancellationToken)"/>, for the form at <paramref name="page"/> under the street's public home.</summary>
    public async Task SendCodeAsync(string slug, string? contact, string page, CancellationToken ct = default)
    {
        var (channel, address) = Check(contact);
        await using var change = await changes.BeginAsResidentAsync(slug, ct);
        var db = change.Db;
        var now = change.Now;
        // What is past the day's count is of no use any more: the addresses go with it.
        await db.ContactChecks.Where(c => c.CreatedUtc < now.AddDays(-1)).ExecuteDeleteAsync(ct);
        var recent = await db.ContactChecks.Where(c => c.Contact == address && c.CreatedUtc > now.AddDays(-1)).Select(c => c.CreatedUtc).ToListAsync(ct);
        if (recent.Count > 0 && recent.Max() is var last && last > now - Between)
        {
            var wait = (int)Math.Ceiling((last + Between - now).TotalSeconds);
            throw Refused(ContactField, DomainText.Get("ContactCheck.Wait", Math.Max(1, wait)));
        }
        if (recent.Count >= PerDay)
        {
            throw Refused(ContactField, DomainText.Get("ContactCheck.DailyLimit", PerDay));
        }
        var (check, code) = ContactCheck.Issue(change.StreetId, address, now);
        db.ContactChecks.Add(check);
        await change.CommitAsync(ct);

        // Stored first: a code that reached the resident always has its row, and counts against the limits even when the channel fails.
        var site = options.Value.SiteUrl.TrimEnd('/');
        var host = Uri.TryCreate(site, UriKind.Absolute, out var u) ? u.Host : "congresshub";
        var text = DomainText.Get("Notice.ContactCode", code);
        var message = new OutgoingMessage($"contact-check-{check.Id}@{host}", address, null,
            [new OutgoingNotice(NoticeKind.Other, text, $"{site}/s/{Uri.EscapeDataString(slug.Trim().ToLowerInvariant())}/{page}", "Notice.ContactCode", [code])], null);
        ChannelAnswer answer;
        try
        {
            answer = await _channels[channel].SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            answer = ChannelAnswer.Retry(e.Message);
        }
        if (!answer.Accepted)
        {
            throw DomainException.Because("ContactCheck.SendFailed");
        }
    }

    /// <summary>
    /// Takes the code typed with an opinion, inside the change that stores it: a live check of the street for the address
    /// whose code matches is marked used, or the opinion is refused on <see cref="CodeField"/>. A wrong code counts
    /// against every live check of the address at once, on its own, since the refused opinion's change is discarded.
    /// Call it before the change first saves (its transaction is not open yet).
    /// </summary>
    internal static async Task<ContactCheck> TakeAsync(Change change, string contact, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw Refused(CodeField, DomainText.Get("ContactCheck.CodeNeeded"));
        }
        var db = change.Db;
        var now = change.Now;
        var checks = await db.ContactChecks.AsNoTracking().Where(c => c.StreetId == change.StreetId && c.Contact == contact && c.CreatedUtc > now.AddDays(-1)).ToListAsync(ct);
        if (checks.FirstOrDefault(c => c.IsLive(now) && c.Matches(code)) is { } check)
        {
            return check;
        }
        var live = checks.Where(c => c.IsLive(now)).Select(c => c.Id).ToList();
        if (live.Count > 0)
        {
            await db.ContactChecks.Where(c => live.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), ct);
        }
        var stale = checks.Any(c => !c.IsLive(now) && c.Matches(code));
        throw Refused(CodeField, DomainText.Get(stale ? "ContactCheck.CodeStale" : "ContactCheck.CodeWrong"));
    }

    /// <summary>
    /// Marks the check used inside the opinion's change, once its transaction is open: only if no other opinion took it
    /// first, so that one code never serves two.
    /// </summary>
    internal static async Task UseAsync(Change change, ContactCheck check, CancellationToken ct)
    {
        var now = change.Now;
        var taken = await change.Db.ContactChecks.Where(c => c.Id == check.Id && c.UsedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedUtc, now), ct);
        if (taken != 1)
        {
            throw Refused(CodeField, DomainText.Get("ContactCheck.CodeStale"));
        }
    }

    private (NoticeChannel Channel, string Contact) Check(string? contact)
    {
        if (string.IsNullOrWhiteSpace(contact) || contact.Trim().Length > ContactCheck.ContactMaxLength || ContactCheck.Normalize(contact) is not { } normal)
        {
            throw Refused(ContactField, DomainText.Get(Offered switch
            {
                NoticeChannel.Email => "ContactCheck.InvalidEmail",
                NoticeChannel.Sms => "ContactCheck.InvalidPhone",
                _ => "ContactCheck.Invalid",
            }));
        }
        if (!_channels.ContainsKey(normal.Channel))
        {
            throw Refused(ContactField, DomainText.Get(normal.Channel == NoticeChannel.Sms ? "ContactCheck.NoSms" : "ContactCheck.NoEmail"));
        }
        return normal;
    }

    private static ValidationFailedException Refused(string field, string message) => new([new FieldError(field, message)]);
}

/// <summary>The resident's wish to be told of their opinion: the address they gave and the code they received there.</summary>
public sealed record NotifyRequest(string? Contact, string? Code)
{
    public bool Asked => !string.IsNullOrWhiteSpace(Contact);
}
