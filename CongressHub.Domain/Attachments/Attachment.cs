namespace CongressHub.Domain.Attachments;

/// <summary>The kind of record a file is attached to.</summary>
public enum AttachmentRecord
{
    AgendaItem = 1,
    Motion = 2,
    WorkReport = 3,
    TrackedItem = 4,
}

/// <summary>
/// A file attached to a record (a photo of a broken street lamp, a scanned plan): what lists show. Its bytes live apart,
/// in <see cref="AttachmentContent"/>, so that a list never loads them; both are in the database, so backups keep them.
/// </summary>
public sealed class Attachment
{
    public const int FileNameMaxLength = 120;

    private Attachment() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public AttachmentRecord RecordKind { get; private set; }

    public int RecordId { get; private set; }

    /// <summary>The name shown and offered on download, cleaned (<see cref="AttachmentFiles.CleanName"/>), its extension the file's real type's.</summary>
    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    /// <summary>Bytes as stored (after an image is re-encoded).</summary>
    public long Size { get; private set; }

    public bool HasThumbnail { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    /// <summary>The account that attached it; null for a resident on a public form.</summary>
    public string? CreatedBy { get; private set; }

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>A checked file attached to a record; its content goes in the same change.</summary>
    public static (Attachment Attachment, AttachmentContent Content) Of(int streetId, AttachmentRecord kind, int recordId, CheckedFile file, string? by, DateTime nowUtc)
    {
        var a = new Attachment
        {
            StreetId = streetId, RecordKind = kind, RecordId = recordId, FileName = file.FileName, ContentType = file.ContentType,
            Size = file.Bytes.Length, HasThumbnail = file.Thumbnail is not null, CreatedUtc = nowUtc, CreatedBy = by,
        };
        return (a, new AttachmentContent(a, file.Bytes, file.Thumbnail));
    }
}

/// <summary>The stored bytes of an <see cref="Attachment"/> and its image's thumbnail (JPEG), one row each.</summary>
public sealed class AttachmentContent
{
    private AttachmentContent() { }

    internal AttachmentContent(Attachment attachment, byte[] bytes, byte[]? thumbnail)
    {
        Attachment = attachment;
        Bytes = bytes;
        Thumbnail = thumbnail;
    }

    public int AttachmentId { get; private set; }

    internal Attachment? Attachment { get; private set; }

    public byte[] Bytes { get; private set; } = [];

    public byte[]? Thumbnail { get; private set; }
}
