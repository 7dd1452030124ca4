using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Districts;

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> b)
    {
        b.Property(x => x.District).HasMaxLength(60);
        b.Property(x => x.Title).HasMaxLength(Inspection.TitleMaxLength);
        b.Property(x => x.Findings).HasMaxLength(Inspection.FindingsMaxLength);
        b.Property(x => x.RecordedBy).HasMaxLength(120);
        b.Property(x => x.Kind).HasConversion<int>();
        b.Property(x => x.Grade).HasConversion<int?>();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.HeldOn });
    }
}
