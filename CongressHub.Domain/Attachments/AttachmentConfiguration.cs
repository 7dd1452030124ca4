using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Attachments;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.Property(x => x.RecordKind).HasConversion<int>();
        b.Property(x => x.FileName).HasMaxLength(Attachment.FileNameMaxLength);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Ignore(x => x.IsImage);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.RecordKind, x.RecordId });
    }
}

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> b)
    {
        b.HasKey(x => x.AttachmentId);
        b.HasOne(x => x.Attachment).WithOne().HasForeignKey<AttachmentContent>(x => x.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
