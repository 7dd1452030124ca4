using Bunit;
using CongressHub.Domain.Attachments;
using CongressHub.Domain.Motions;
using CongressHub.Tests.Support;
using CongressHub.Web.Attachments;

namespace CongressHub.Tests.Attachments;

/// <summary>The attachments panel: photos as thumbnails named by their file, documents as links, delete only for editors.</summary>
public class AttachmentsPanelTests : ComponentTest
{
    [Fact]
    public async Task Panel_ShowsAPhotoAsAThumbnail_AndAPdfAsALink_WithDeleteOnlyForTheEditor()
    {
        var convener = await Db.ActorAsync("convener");
        var motion = (await Db.Get<MotionService>().ListAsync(convener)).Single(m => m.Status == MotionStatus.Submitted).Id;
        var attachments = Db.Get<AttachmentService>();
        var photo = await attachments.AddAsync(convener, AttachmentRecord.Motion, motion, "路灯.jpg", TestFiles.PhotoWithGps());
        var pdf = await attachments.AddAsync(convener, AttachmentRecord.Motion, motion, "平面图.pdf", TestFiles.Pdf());

        var reader = SignInAs("delegate20");
        var panel = Render<AttachmentsPanel>(p => p.Add(x => x.Me, reader).Add(x => x.Kind, AttachmentRecord.Motion).Add(x => x.RecordId, motion));

        panel.WaitForAssertion(() => Assert.Equal($"/api/attachments/{photo}/thumbnail", panel.Find("img.attachment-thumb").GetAttribute("src")));
        Assert.Equal("路灯.jpg", panel.Find("img.attachment-thumb").GetAttribute("alt"));
        Assert.Equal($"/api/attachments/{pdf}", panel.Find("a.attachment-name").GetAttribute("href"));
        Assert.Empty(panel.FindAll(".attachment-delete"));
        Assert.Empty(panel.FindAll(".attachment-add"));

        var editor = Render<AttachmentsPanel>(p => p.Add(x => x.Me, convener).Add(x => x.Kind, AttachmentRecord.Motion).Add(x => x.RecordId, motion));

        editor.WaitForAssertion(() => Assert.Equal(2, editor.FindAll(".attachment-delete").Count));
        Assert.Single(editor.FindAll(".attachment-add"));
    }
}
