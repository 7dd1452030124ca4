using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Attachments;

public sealed record AttachmentRow(int Id, string FileName, string ContentType, long Size, bool HasThumbnail, DateTime CreatedUtc)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>A record's files, and whether the acting user may add and delete them.</summary>
public sealed record AttachmentList(IReadOnlyList<AttachmentRow> Files, bool CanEdit)
{
    public bool IsFull => Files.Count >= AttachmentFiles.MaxPerRecord;
}

/// <summary>A file to send: its name, type and bytes (the image's thumbnail when asked for).</summary>
public sealed record AttachmentDownload(string FileName, string ContentType, byte[] Bytes, bool IsImage);

/// <summary>
/// Files on agenda items, motions, work reports and tracked items (residents' opinions among them). Whoever may read a
/// record reads its files: a public record's (an opinion on the public follow-up, a published session's agenda item,
/// a published round's report) anyone, with or without an account; whoever may edit the record adds and deletes them.
/// </summary>
public sealed class AttachmentService(IDbContextFactory<CongressDbContext> dbFactory, Changes changes)
{
    /// <summary>Photos a resident may add to an opinion on the public form.</summary>
    public const int PublicPhotosMax = 3;

    /// <summary>What the acting user (null: a resident without an account) may do with a record's files; null when there is no such record.</summary>
    internal sealed record Rights(int StreetId, bool Read, bool Edit);

    // ---- reading

    public async Task<AttachmentList> ListAsync(Actor? actor, AttachmentRecord kind, int recordId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rights = await ReadableAsync(db, actor, kind, recordId, ct);
        var files = await Rows(db.Attachments.Where(a => a.RecordKind == kind && a.RecordId == recordId && a.StreetId == rights.StreetId)).ToListAsync(ct);
        return new AttachmentList(files, rights.Edit);
    }

    /// <summary>The photos of public opinions (and other public tracked items) among <paramref name="itemIds"/>, for the public follow-up.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<AttachmentRow>>> PublicPhotosAsync(string slug, IReadOnlyCollection<int> itemIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = itemIds.ToList();
        // The street first, so that the files are read through their (street, kind, record) index.
        var streetId = await db.Streets.Where(s => s.Slug == slug).Select(s => s.Id).FirstOrDefaultAsync(ct);
        var q = db.Attachments.Where(a => a.StreetId == streetId && a.RecordKind == AttachmentRecord.TrackedItem && ids.Contains(a.RecordId) && a.HasThumbnail
            && db.TrackedItems.Any(i => i.Id == a.RecordId && i.StreetId == a.StreetId && i.Publishable && i.Kind != TrackedKind.Resolution
                && i.State != TrackedState.Submitted && i.State != TrackedState.Merged));
        var rows = await q.OrderBy(a => a.Id).Select(a => new { a.RecordId, Row = new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.HasThumbnail, a.CreatedUtc) }).ToListAsync(ct);
        return rows.GroupBy(r => r.RecordId).ToDictionary(g => g.Key, g => (IReadOnlyList<AttachmentRow>)g.Select(r => r.Row).ToList());
    }

    /// <summary>A file (or its image's thumbnail) for someone who may read its record; anything else is not found.</summary>
    public async Task<AttachmentDownload> DownloadAsync(Actor? actor, int id, bool thumbnail = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var a = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        var rights = await ReadableAsync(db, actor, a.RecordKind, a.RecordId, ct);
        if (rights.StreetId != a.StreetId || thumbnail && !a.HasThumbnail)
        {
            throw new NotFoundException();
        }
        var bytes = thumbnail
            ? await db.AttachmentContents.Where(c => c.AttachmentId == id).Select(c => c.Thumbnail).SingleAsync(ct)
            : await db.AttachmentContents.Where(c => c.AttachmentId == id).Select(c => c.Bytes).SingleAsync(ct);
        return thumbnail
            ? new AttachmentDownload(Path.GetFileNameWithoutExtension(a.FileName) + "-thumbnail.jpg", "image/jpeg", bytes!, true)
            : new AttachmentDownload(a.FileName, a.ContentType, bytes!, a.IsImage);
    }

    // ---- changing

    /// <summary>Attaches a file to a record the actor may edit; the file is checked by its content (<see cref="AttachmentFiles.Check"/>).</summary>
    public async Task<int> AddAsync(Actor actor, AttachmentRecord kind, int recordId, string? fileName, byte[] bytes, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        await EditableAsync(change.Db, actor, kind, recordId, ct);
        if (await change.Db.Attachments.CountAsync(a => a.RecordKind == kind && a.RecordId == recordId && a.StreetId == change.StreetId, ct) >= AttachmentFiles.MaxPerRecord)
        {
            throw new ValidationFailedException([new FieldError(AttachmentFiles.Field, DomainText.Get("Attachment.TooMany", AttachmentFiles.MaxPerRecord))]);
        }
        var file = AttachmentFiles.Check(fileName, bytes);
        var (attachment, content) = Attachment.Of(change.StreetId, kind, recordId, file, actor.UserId, change.Now);
        change.Db.Attachments.Add(attachment);
        change.Db.AttachmentContents.Add(content);
        change.Audit("Attachment.Added", Subject(kind, recordId), file.FileName);
        await change.CommitAsync(ct);
        return attachment.Id;
    }

    /// <summary>Deletes a file, by someone who may edit its record.</summary>
    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var a = await change.Db.Attachments.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (a is null || !actor.BelongsTo(a.StreetId))
        {
            throw new NotFoundException();
        }
        await EditableAsync(change.Db, actor, a.RecordKind, a.RecordId, ct);
        change.Db.Attachments.Remove(a);
        change.Audit("Attachment.Deleted", Subject(a.RecordKind, a.RecordId), a.FileName);
        await change.CommitAsync(ct);
    }

    /// <summary>Attaches checked files to a record made in the same change (a resident's opinion with its photos).</summary>
    internal static void AddTo(Change change, AttachmentRecord kind, int recordId, IEnumerable<CheckedFile> files)
    {
        foreach (var file in files)
        {
            var (attachment, content) = Attachment.Of(change.StreetId, kind, recordId, file, change.Actor?.UserId, change.Now);
            change.Db.Attachments.Add(attachment);
            change.Db.AttachmentContents.Add(content);
            change.Audit("Attachment.Added", Subject(kind, recordId), file.FileName);
        }
    }

    /// <summary>Deletes the files of a record that is deleted itself (an agenda item taken off the agenda).</summary>
    internal static async Task RemoveAllAsync(CongressDbContext db, int streetId, AttachmentRecord kind, int recordId, CancellationToken ct) =>
        db.Attachments.RemoveRange(await db.Attachments.Where(a => a.StreetId == streetId && a.RecordKind == kind && a.RecordId == recordId).ToListAsync(ct));

    internal static string Subject(AttachmentRecord kind, int recordId) => kind switch
    {
        AttachmentRecord.AgendaItem => $"Agenda item {recordId}",
        AttachmentRecord.Motion => $"Motion {recordId}",
        AttachmentRecord.WorkReport => $"Work report {recordId}",
        _ => $"Tracked item {recordId}",
    };

    // ---- rights

    private static IQueryable<AttachmentRow> Rows(IQueryable<Attachment> q) =>
        q.OrderBy(a => a.Id).Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.HasThumbnail, a.CreatedUtc));

    private static async Task<Rights> ReadableAsync(CongressDbContext db, Actor? actor, AttachmentRecord kind, int recordId, CancellationToken ct)
    {
        var rights = await RightsAsync(db, actor, kind, recordId, ct);
        return rights is { Read: true } ? rights : throw new NotFoundException();
    }

    private static async Task<Rights> EditableAsync(CongressDbContext db, Actor actor, AttachmentRecord kind, int recordId, CancellationToken ct)
    {
        var rights = await RightsAsync(db, actor, kind, recordId, ct);
        if (rights is null || !actor.BelongsTo(rights.StreetId) || !rights.Read)
        {
            throw new NotFoundException();
        }
        return rights.Edit ? rights : throw Access.Refusal(actor, rights.StreetId, "Attachment.NotEditable");
    }

    /// <summary>One place for who reads and who edits each kind of record's files; null when the record does not exist.</summary>
    internal static async Task<Rights?> RightsAsync(CongressDbContext db, Actor? actor, AttachmentRecord kind, int recordId, CancellationToken ct)
    {
        switch (kind)
        {
            case AttachmentRecord.AgendaItem:
                {
                    var s = await db.AgendaItems.Where(i => i.Id == recordId)
                        .Select(i => db.Sessions.Where(x => x.Id == i.SessionId).Select(x => new { x.StreetId, x.Status }).First()).SingleOrDefaultAsync(ct);
                    if (s is null)
                    {
                        return null;
                    }
                    var convener = Access.CanManageStreet(actor) && actor!.BelongsTo(s.StreetId);
                    // A published agenda is public (the notice of the session); a draft is the convener's alone.
                    return new Rights(s.StreetId, convener || s.Status != SessionStatus.Draft, convener);
                }
            case AttachmentRecord.Motion:
                {
                    var m = await db.Motions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == recordId, ct);
                    if (m is null)
                    {
                        return null;
                    }
                    var own = actor is not null && actor.BelongsTo(m.StreetId);
                    var sponsor = own && actor!.DelegateId == m.SponsorId;
                    var convener = own && Access.CanManageStreet(actor);
                    return new Rights(m.StreetId, own && (m.Status != MotionStatus.Draft || sponsor), sponsor || convener);
                }
            case AttachmentRecord.WorkReport:
                {
                    var w = await db.WorkReports.AsNoTracking().Where(x => x.Id == recordId)
                        .Select(x => new { x.OfficerId, x.SubmittedUtc, Round = db.ReviewRounds.Where(r => r.Id == x.RoundId).Select(r => new { r.StreetId, r.State }).First() })
                        .SingleOrDefaultAsync(ct);
                    if (w is null)
                    {
                        return null;
                    }
                    var own = actor is not null && actor.BelongsTo(w.Round.StreetId);
                    var writer = own && actor!.OfficerId is { } o && o == w.OfficerId;
                    var convener = own && Access.CanManageStreet(actor);
                    var submitted = w.SubmittedUtc is not null;
                    // As the report's text: its writer always, conveners once submitted, the street once released, everyone once published.
                    var read = writer || submitted && (convener || own && w.Round.State >= ReviewState.Released || w.Round.State == ReviewState.Published);
                    return new Rights(w.Round.StreetId, read, writer || convener);
                }
            case AttachmentRecord.TrackedItem:
                {
                    var item = await db.TrackedItems.AsNoTracking().SingleOrDefaultAsync(x => x.Id == recordId, ct);
                    if (item is null)
                    {
                        return null;
                    }
                    var own = actor is not null && actor.BelongsTo(item.StreetId);
                    // A resolution's files stay the street's; an adopted livelihood project's photos of its work are public as its progress is.
                    var isPublic = item.Publishable && item.State is not (TrackedState.Submitted or TrackedState.Merged)
                        && (item.Kind != TrackedKind.Resolution || await db.Resolutions.AnyAsync(r => r.ImplementationId == item.Id && r.ProjectId != null, ct));
                    var read = isPublic || own && await TrackingService.MayReadAsync(db, actor!, item, ct);
                    var edit = own && (Access.CanManageStreet(actor)
                        || actor!.DelegateId is { } d && d == item.DelegateId
                        || actor.IsInRole(Roles.CommunityStaff) && actor.CommunityId is { } c && (c == item.CommunityId || c == item.AssignedCommunityId)
                        || actor.IsInRole(Roles.Officer) && item.DepartmentId is { } dep && dep == await TrackingService.MyDepartmentAsync(db, actor, ct));
                    return new Rights(item.StreetId, read, edit);
                }
            default:
                return null;
        }
    }
}
