using CongressHub.Domain.Attachments;
using CongressHub.Domain.Common;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace CongressHub.Tests.Attachments;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class AttachmentServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private Actor _staff = null!;
    private int _opinion;

    private AttachmentService Attachments => _db.Get<AttachmentService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _staff = await _db.ActorAsync("staff01");
        _opinion = await _db.Get<TrackingService>().RecordOpinionAsync(_staff,
            new OpinionInput(_staff.CommunityId!.Value, default, "东风路 12 号门前路灯坏了", OpinionCategory.Safety, GovernmentLevel.Street, "王秀兰", null, true));
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Add_APhotoWithExifGps_StoresAnUprightJpegWithoutMetadata_AndAThumbnail()
    {
        var photo = TestFiles.PhotoWithGps(64, 48);
        Assert.True(TestFiles.HasExif(photo));

        var id = await Attachments.AddAsync(_staff, AttachmentRecord.TrackedItem, _opinion, "IMG_2041.JPG", photo);

        var stored = await Attachments.DownloadAsync(_convener, id);
        Assert.Equal(("IMG_2041.JPG", "image/jpeg", true), (stored.FileName, stored.ContentType, stored.IsImage));
        Assert.Equal([0xFF, 0xD8, 0xFF], stored.Bytes[..3]);
        Assert.False(TestFiles.HasExif(stored.Bytes));
        using (var codec = SKCodec.Create(new SKMemoryStream(stored.Bytes)))
        {
            Assert.NotNull(codec);
            Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            // Orientation 6 is applied to the pixels: the landscape photo is stored standing.
            Assert.Equal((48, 64), (codec.Info.Width, codec.Info.Height));
            Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        }
        var thumbnail = await Attachments.DownloadAsync(_convener, id, thumbnail: true);
        Assert.Equal("image/jpeg", thumbnail.ContentType);
        using var thumb = SKBitmap.Decode(thumbnail.Bytes);
        Assert.NotNull(thumb);
        var list = await Attachments.ListAsync(_convener, AttachmentRecord.TrackedItem, _opinion);
        var row = Assert.Single(list.Files);
        Assert.Equal((id, true, stored.Bytes.Length), (row.Id, row.HasThumbnail, (int)row.Size));
        Assert.True(list.CanEdit);
        await using var db = _db.NewContext();
        Assert.Contains(await db.AuditEntries.Select(a => a.Action).ToListAsync(), a => a == "Attachment.Added");
    }

    [Fact]
    public async Task Add_AHugePhoto_IsScaledDownToTheLongestSide()
    {
        var id = await Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, "plan.png", TestFiles.Png(3000, 1500));

        var stored = await Attachments.DownloadAsync(_convener, id);

        Assert.Equal(("plan.png", "image/png"), (stored.FileName, stored.ContentType));
        using var bitmap = SKBitmap.Decode(stored.Bytes);
        Assert.Equal((AttachmentFiles.MaxImageSide, AttachmentFiles.MaxImageSide / 2), (bitmap.Width, bitmap.Height));
        using var thumb = SKBitmap.Decode((await Attachments.DownloadAsync(_convener, id, thumbnail: true)).Bytes);
        Assert.Equal(AttachmentFiles.ThumbnailSide, Math.Max(thumb.Width, thumb.Height));
    }

    [Fact]
    public async Task Add_AnExeNamedJpg_IsRefusedWithAReason_AndNothingIsStored()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, "路灯.jpg", TestFiles.Exe()));

        Assert.Contains("“路灯.jpg”不是可接受的文件", refused.ErrorFor(AttachmentFiles.Field));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Add_AFileOverTenMegabytes_IsRefused()
    {
        var big = new byte[AttachmentFiles.MaxBytes + 1];
        TestFiles.Pdf().CopyTo(big, 0);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, "scan.pdf", big));

        Assert.Contains("超过 10 MB", refused.Message);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Add_AZipBombNamedDocx_IsRefused()
    {
        var bomb = TestFiles.ZipBomb();
        Assert.True(bomb.Length < AttachmentFiles.MaxBytes);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, "方案.docx", bomb));

        Assert.Contains("解压后过大", refused.Message);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Add_ADamagedJpeg_IsRefused_NotAnError()
    {
        var photo = TestFiles.Jpeg(64, 48);
        var damaged = photo[..20].Concat(new byte[400]).ToArray();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, "lamp.jpg", damaged));

        Assert.Contains("无法作为图片读取", refused.Message);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Add_APdfAndADocx_AreStoredAsSent_WithTheirRealTypes()
    {
        var pdf = await Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, "..\\..\\plan\u202E.pdf", TestFiles.Pdf());
        var docx = await Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, "说明.txt", TestFiles.Docx());

        var a = await Attachments.DownloadAsync(_convener, pdf);
        var b = await Attachments.DownloadAsync(_convener, docx);

        Assert.Equal(("plan.pdf", "application/pdf", false), (a.FileName, a.ContentType, a.IsImage));
        Assert.Equal(TestFiles.Pdf(), a.Bytes);
        Assert.Equal(("说明.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (b.FileName, b.ContentType));
        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.DownloadAsync(_convener, pdf, thumbnail: true));
    }

    [Fact]
    public async Task Add_TheEleventhFile_IsRefused()
    {
        for (var i = 0; i < AttachmentFiles.MaxPerRecord; i++)
        {
            await Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, $"p{i}.pdf", TestFiles.Pdf());
        }

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Attachments.AddAsync(_convener, AttachmentRecord.TrackedItem, _opinion, "p10.pdf", TestFiles.Pdf()));

        Assert.Contains("最多 10 个附件", refused.Message);
    }

    [Fact]
    public async Task AnotherStreetsConvener_GetsNotFound_ForTheFileAndTheList()
    {
        var id = await Attachments.AddAsync(_staff, AttachmentRecord.TrackedItem, _opinion, "lamp.jpg", TestFiles.PhotoWithGps());
        var other = await _db.ActorAsync("convener2");

        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.DownloadAsync(other, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.DownloadAsync(other, id, thumbnail: true));
        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.ListAsync(other, AttachmentRecord.TrackedItem, _opinion));
        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.AddAsync(other, AttachmentRecord.TrackedItem, _opinion, "x.pdf", TestFiles.Pdf()));
        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.DeleteAsync(other, id));
    }

    [Fact]
    public async Task AResident_GetsNotFound_UntilTheOpinionIsPublic_ThenSeesItsPhoto()
    {
        var id = await Attachments.AddAsync(_staff, AttachmentRecord.TrackedItem, _opinion, "lamp.jpg", TestFiles.PhotoWithGps());

        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.DownloadAsync(null, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.DownloadAsync(null, id, thumbnail: true));
        Assert.Empty(await Attachments.PublicPhotosAsync("shiyan", [_opinion]));

        await _db.Get<TrackingService>().AcceptAsync(_convener, _opinion);

        Assert.Equal("image/jpeg", (await Attachments.DownloadAsync(null, id, thumbnail: true)).ContentType);
        Assert.Equal(id, Assert.Single((await Attachments.PublicPhotosAsync("shiyan", [_opinion]))[_opinion]).Id);
        Assert.Empty(await Attachments.PublicPhotosAsync("xinghai", [_opinion]));
        Assert.False((await Attachments.ListAsync(null, AttachmentRecord.TrackedItem, _opinion)).CanEdit);
    }

    [Fact]
    public async Task Delete_BySomeoneWhoMayReadButNotEdit_IsForbidden_ByTheEditor_IsAudited()
    {
        var motion = (await _db.Get<MotionService>().ListAsync(_convener)).Single(m => m.Status == MotionStatus.Submitted);
        var sponsor = await _db.ActorAsync((await SponsorUserAsync(motion.SponsorId))!);
        var id = await Attachments.AddAsync(sponsor, AttachmentRecord.Motion, motion.Id, "site-plan.pdf", TestFiles.Pdf());
        var otherDelegate = await _db.ActorAsync(sponsor.UserName == "delegate20" ? "delegate21" : "delegate20");

        Assert.False((await Attachments.ListAsync(otherDelegate, AttachmentRecord.Motion, motion.Id)).CanEdit);
        await Assert.ThrowsAsync<ForbiddenException>(() => Attachments.DeleteAsync(otherDelegate, id));
        await Assert.ThrowsAsync<ForbiddenException>(() => Attachments.AddAsync(otherDelegate, AttachmentRecord.Motion, motion.Id, "x.pdf", TestFiles.Pdf()));
        var onOpinion = await Attachments.AddAsync(_staff, AttachmentRecord.TrackedItem, _opinion, "a.pdf", TestFiles.Pdf());
        // An officer neither assigned the opinion nor in charge of its community does not see it.
        var officer = await _db.ActorAsync("officer04");
        await Assert.ThrowsAsync<NotFoundException>(() => Attachments.DeleteAsync(officer, onOpinion));

        await Attachments.DeleteAsync(_convener, id);

        Assert.Empty((await Attachments.ListAsync(sponsor, AttachmentRecord.Motion, motion.Id)).Files);
        await using var db = _db.NewContext();
        Assert.False(await db.AttachmentContents.AnyAsync(c => c.AttachmentId == id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Attachment.Deleted" && a.Subject == $"Motion {motion.Id}" && a.Details == "site-plan.pdf"));
    }

    [Fact]
    public async Task PublicOpinion_WithPhotos_StoresThemWithTheOpinion_AndRefusesADocument()
    {
        var photo = AttachmentFiles.Check("lamp.jpg", TestFiles.PhotoWithGps(), photosOnly: true);

        var id = await _db.Get<TrackingService>().SubmitPublicOpinionAsync("shiyan",
            new OpinionInput(_staff.CommunityId!.Value, default, "路灯坏了，附照片", OpinionCategory.Safety, GovernmentLevel.Street, null, null, true), [photo]);

        var files = (await Attachments.ListAsync(_convener, AttachmentRecord.TrackedItem, id)).Files;
        Assert.Equal("lamp.jpg", Assert.Single(files).FileName);
        Assert.False(TestFiles.HasExif((await Attachments.DownloadAsync(_convener, files[0].Id)).Bytes));
        var pdf = Assert.Throws<ValidationFailedException>(() => AttachmentFiles.Check("scan.pdf", TestFiles.Pdf(), photosOnly: true));
        Assert.Contains("不是照片", pdf.Message);
    }

    private async Task AssertNothingStoredAsync()
    {
        await using var db = _db.NewContext();
        // The demo's one photo, of a livelihood project's work, and nothing else.
        Assert.Equal(1, await db.Attachments.CountAsync());
        Assert.Equal(1, await db.AttachmentContents.CountAsync());
    }

    private async Task<string?> SponsorUserAsync(int delegateId)
    {
        await using var db = _db.NewContext();
        var userId = await db.Delegates.Where(d => d.Id == delegateId).Select(d => d.UserId).SingleAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).SingleAsync();
    }
}
