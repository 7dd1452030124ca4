using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Notices;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> b)
    {
        b.Property(x => x.Kind).HasConversion<int>();
        b.Property(x => x.EventKey).HasMaxLength(120);
        b.Property(x => x.RecipientKey).HasMaxLength(60);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.TextKey).HasMaxLength(100);
        b.Property(x => x.Link).HasMaxLength(200);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.EventKey, x.RecipientKey }).IsUnique();
        b.HasIndex(x => new { x.UserId, x.Id });
        b.HasIndex(x => new { x.StreetId, x.CreatedUtc });
        b.HasIndex(x => x.Planned);
    }
}

internal sealed class NoticeDeliveryConfiguration : IEntityTypeConfiguration<NoticeDelivery>
{
    public void Configure(EntityTypeBuilder<NoticeDelivery> b)
    {
        b.Property(x => x.Channel).HasConversion<int>();
        b.Property(x => x.State).HasConversion<int>();
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.RecipientKey).HasMaxLength(60);
        b.Property(x => x.ExternalId).HasMaxLength(200);
        b.Property(x => x.Error).HasMaxLength(NoticeDelivery.MaxError);
        b.HasOne<Notice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.NoticeId, x.Channel }).IsUnique();
        b.HasIndex(x => new { x.State, x.DueUtc });
        b.HasIndex(x => new { x.Channel, x.ExternalId });
        b.HasIndex(x => new { x.RecipientKey, x.Channel, x.SentUtc });
    }
}
