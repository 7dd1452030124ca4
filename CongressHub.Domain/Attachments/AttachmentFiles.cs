using System.IO.Compression;
using System.Text;
using CongressHub.Domain.Common;
using SkiaSharp;

namespace CongressHub.Domain.Attachments;

/// <summary>A file that passed <see cref="AttachmentFiles.Check"/>: a clean name, its real type, the bytes to store.</summary>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Bytes, byte[]? Thumbnail);

/// <summary>
/// What may be attached, told by the content and never by the name: JPEG, PNG and WebP photos (decoded and re-encoded,
/// so that location and every other piece of metadata is gone), PDF, and Word and Excel documents (.docx, .xlsx).
/// </summary>
public static class AttachmentFiles
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public const int MaxPerRecord = 10;

    /// <summary>The longest side of a stored image; larger photos are scaled down.</summary>
    public const int MaxImageSide = 2560;

    public const int ThumbnailSide = 320;

    /// <summary>Pixels an image may declare before it is decoded: beyond this a small file would take a lot of memory.</summary>
    public const long MaxImagePixels = 60_000_000;

    /// <summary>What a document may unpack to, in all; a zip bomb declares far more.</summary>
    public const long MaxUnpackedBytes = 100L * 1024 * 1024;

    public const int MaxZipEntries = 2_000;

    /// <summary>What the file input offers (the check itself reads the content).</summary>
    public const string Accept = ".jpg,.jpeg,.png,.webp,.pdf,.docx,.xlsx,image/jpeg,image/png,image/webp,application/pdf";

    public const string PhotoAccept = ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp";

    public const string Field = "File";

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Checks a file and makes what is stored of it; refuses (<see cref="ValidationFailedException"/>, field <see cref="Field"/>) with a reason a person understands.</summary>
    public static CheckedFile Check(string? fileName, byte[] bytes, bool photosOnly = false)
    {
        var name = CleanName(fileName);
        if (bytes.Length == 0)
        {
            throw Refused("Attachment.Empty", name);
        }
        if (bytes.Length > MaxBytes)
        {
            throw TooLarge(name);
        }
        var span = bytes.AsSpan();
        if (span.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) || span.StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])
            || span.Length >= 12 && span[..4].SequenceEqual("RIFF"u8) && span[8..12].SequenceEqual("WEBP"u8))
        {
            return Image(name, bytes);
        }
        if (!photosOnly && span.StartsWith("%PDF-"u8))
        {
            return new CheckedFile(WithExtension(name, ".pdf"), "application/pdf", bytes, null);
        }
        if (!photosOnly && span.StartsWith((byte[])[(byte)'P', (byte)'K', 3, 4]))
        {
            var type = OfficeType(name, bytes);
            return new CheckedFile(WithExtension(name, type == Docx ? ".docx" : ".xlsx"), type, bytes, null);
        }
        throw Refused(photosOnly ? "Attachment.NotAPhoto" : "Attachment.Unsupported", name);
    }

    /// <summary>
    /// The name as a person reads it: no folders, no control or reserved characters, at most
    /// <see cref="Attachment.FileNameMaxLength"/> characters with its extension kept.
    /// </summary>
    public static string CleanName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || "<>:\"|?*".Contains(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }
            sb.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        name = sb.ToString().Trim().Trim('.').Trim();
        if (name.Length == 0)
        {
            name = "attachment";
        }
        if (name.Length > Attachment.FileNameMaxLength)
        {
            var ext = Path.GetExtension(name);
            ext = ext.Length is > 0 and <= 10 ? ext : "";
            name = name[..(Attachment.FileNameMaxLength - ext.Length)].TrimEnd() + ext;
        }
        return name;
    }

    private static string WithExtension(string name, string ext)
    {
        var current = Path.GetExtension(name);
        if (current.Equals(ext, StringComparison.OrdinalIgnoreCase) || ext == ".jpg" && current.Equals(".jpeg", StringComparison.OrdinalIgnoreCase))
        {
            return name;
        }
        var stem = Path.GetFileNameWithoutExtension(name);
        stem = stem.Length == 0 ? "attachment" : stem;
        return (stem.Length + ext.Length > Attachment.FileNameMaxLength ? stem[..(Attachment.FileNameMaxLength - ext.Length)] : stem) + ext;
    }

    // ---- images

    private static CheckedFile Image(string name, byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            throw Refused("Attachment.BadImage", name);
        }
        if ((long)codec.Info.Width * codec.Info.Height > MaxImagePixels)
        {
            throw Refused("Attachment.ImageTooBig", name);
        }
        var png = codec.EncodedFormat == SKEncodedImageFormat.Png;
        using var decoded = Decode(codec, name);
        using var turned = Upright(decoded, codec.EncodedOrigin);
        var upright = turned ?? decoded;
        using var stored = Fit(upright, MaxImageSide, opaque: !png);
        using var thumbnail = Fit(upright, ThumbnailSide, opaque: true);
        var storedBytes = Encode(stored, png, name);
        var thumbBytes = Encode(thumbnail, png: false, name);
        return new CheckedFile(WithExtension(name, png ? ".png" : ".jpg"), png ? "image/png" : "image/jpeg", storedBytes, thumbBytes);
    }

    private static SKImage Decode(SKCodec codec, string name)
    {
        // A large JPEG is decoded at a reduced scale straight away (1/2, 1/4, 1/8), so a 50-megapixel photo never sits in memory whole.
        var side = Math.Max(codec.Info.Width, codec.Info.Height);
        var size = side > MaxImageSide ? codec.GetScaledDimensions((float)MaxImageSide / side) : codec.Info.Size;
        if (size.Width < 1 || size.Height < 1 || Math.Max(size.Width, size.Height) < Math.Min(MaxImageSide, side))
        {
            size = codec.Info.Size;
        }
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            throw Refused("Attachment.BadImage", name);
        }
        bitmap.SetImmutable();
        var image = SKImage.FromBitmap(bitmap);
        return image ?? throw Refused("Attachment.BadImage", name);
    }

    /// <summary>Turns the pixels as the camera's EXIF orientation says, since the orientation tag goes with the rest of the metadata.</summary>
    private static SKImage? Upright(SKImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft)
        {
            return null;
        }
        var (w, h) = (image.Width, image.Height);
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (ow, oh) = swap ? (h, w) : (w, h);
        var m = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        using var surface = SKSurface.Create(new SKImageInfo(ow, oh, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()));
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.SetMatrix(m);
        surface.Canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return surface.Snapshot();
    }

    /// <summary>The image scaled down to fit <paramref name="side"/>; on white where the result is a JPEG (no transparency there).</summary>
    private static SKImage Fit(SKImage image, int side, bool opaque)
    {
        var scale = Math.Min(1.0, (double)side / Math.Max(image.Width, image.Height));
        var w = Math.Max(1, (int)Math.Round(image.Width * scale));
        var h = Math.Max(1, (int)Math.Round(image.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()));
        surface.Canvas.Clear(opaque ? SKColors.White : SKColors.Transparent);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, w, h), new SKSamplingOptions(SKCubicResampler.Mitchell));
        return surface.Snapshot();
    }

    private static byte[] Encode(SKImage image, bool png, string name)
    {
        using var encoded = image.Encode(png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, png ? 100 : 85);
        return encoded?.ToArray() ?? throw Refused("Attachment.BadImage", name);
    }

    // ---- Word and Excel

    /// <summary>
    /// A .docx or .xlsx is a zip whose [Content_Types].xml names the main part of a Word document or an Excel workbook
    /// (macro-enabled ones are not taken). Sizes and the number of entries are read from the zip's central directory,
    /// so a zip bomb is refused before anything is unpacked; only [Content_Types].xml is read, and only so far.
    /// </summary>
    private static string OfficeType(string name, byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var entries = zip.Entries;
            if (entries.Count > MaxZipEntries || entries.Sum(e => e.Length) > MaxUnpackedBytes
                || entries.Any(e => e.Length > 1024 * 1024 && e.Length > 100 * Math.Max(1, e.CompressedLength)))
            {
                throw Refused("Attachment.ZipBomb", name);
            }
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > 1024 * 1024)
            {
                throw Refused("Attachment.Unsupported", name);
            }
            string xml;
            using (var s = types.Open())
            {
                var buffer = new byte[(int)types.Length + 1];
                var read = 0;
                int n;
                while (read < buffer.Length && (n = s.Read(buffer, read, buffer.Length - read)) > 0)
                {
                    read += n;
                }
                if (read > types.Length)
                {
                    throw Refused("Attachment.ZipBomb", name);
                }
                xml = Encoding.UTF8.GetString(buffer, 0, read);
            }
            var names = entries.Select(e => e.FullName).ToList();
            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                throw Refused("Attachment.Unsupported", name);
            }
            if (xml.Contains(Docx + ".main+xml", StringComparison.Ordinal) && names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)))
            {
                return Docx;
            }
            if (xml.Contains(Xlsx + ".main+xml", StringComparison.Ordinal) && names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)))
            {
                return Xlsx;
            }
            throw Refused("Attachment.Unsupported", name);
        }
        catch (InvalidDataException)
        {
            throw Refused("Attachment.Unsupported", name);
        }
    }

    /// <summary>The refusal of a file over <see cref="MaxBytes"/>, for a caller that sees the size before reading the file.</summary>
    public static ValidationFailedException TooLarge(string? fileName) => Refused("Attachment.TooLarge", CleanName(fileName), MaxBytes / 1024 / 1024);

    private static ValidationFailedException Refused(string key, params object?[] args) =>
        new([new FieldError(Field, DomainText.Get(key, args))]);
}
