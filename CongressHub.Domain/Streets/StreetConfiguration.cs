using CongressHub.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Streets;

internal sealed class StreetConfiguration : IEntityTypeConfiguration<Street>
{
    public void Configure(EntityTypeBuilder<Street> b)
    {
        b.Property(x => x.Slug).HasMaxLength(40);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(60);
        b.HasIndex(x => x.Name).IsUnique();
        // A district's streets, for its comparison.
        b.HasIndex(x => x.District);
        b.Property(x => x.NameEn).HasMaxLength(80);
        b.Property(x => x.District).HasMaxLength(60);
    }
}

internal sealed class CongressUserConfiguration : IEntityTypeConfiguration<CongressUser>
{
    public void Configure(EntityTypeBuilder<CongressUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(60);
        b.Property(x => x.District).HasMaxLength(60);
        b.Property(x => x.NoticeChannels).HasConversion<int?>();
        b.Property(x => x.WeComUserId).HasMaxLength(64);
        b.Property(x => x.CalendarTokenHash).HasMaxLength(64);
        b.HasIndex(x => x.CalendarTokenHash).IsUnique();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.StreetId);
    }
}
