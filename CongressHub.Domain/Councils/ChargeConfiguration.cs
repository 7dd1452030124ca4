using CongressHub.Domain.Directory;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Councils;

internal sealed class PassOnConfiguration : IEntityTypeConfiguration<PassOn>
{
    public void Configure(EntityTypeBuilder<PassOn> b)
    {
        b.Property(x => x.Note).HasMaxLength(PassOn.NoteMaxLength);
        b.Property(x => x.To).HasConversion<int>();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrackedItem>().WithMany().HasForeignKey(x => x.TrackedItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Officer>().WithMany().HasForeignKey(x => x.OfficerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TrackedItemId);
    }
}
