using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Directory;

internal sealed class CommunityConfiguration : IEntityTypeConfiguration<Community>
{
    public void Configure(EntityTypeBuilder<Community> b)
    {
        b.Property(x => x.Name).HasMaxLength(60);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.Name }).IsUnique();
        b.HasOne<Officer>().WithMany().HasForeignKey(x => x.OfficerInChargeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.OfficerInChargeId);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(x => x.Name).HasMaxLength(60);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.Name }).IsUnique();
    }
}

internal sealed class TermConfiguration : IEntityTypeConfiguration<Term>
{
    public void Configure(EntityTypeBuilder<Term> b)
    {
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Body).HasConversion<int>();
        b.Property(x => x.QuorumRule).HasConversion<int>();
        b.Property(x => x.DefaultMajority).HasConversion<int>();
        // Congress terms are numbered within the street; each community has one council.
        // The congress's terms are numbered 第一届, 第二届…; the committee of each term has that term's number.
        b.HasIndex(x => new { x.StreetId, x.Body, x.Number }).IsUnique().HasFilter("\"CommunityId\" IS NULL");
        b.HasIndex(x => x.CommunityId).IsUnique();
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OfficerConfiguration : IEntityTypeConfiguration<Officer>
{
    public void Configure(EntityTypeBuilder<Officer> b)
    {
        b.Property(x => x.Name).HasMaxLength(40);
        b.Property(x => x.Position).HasMaxLength(60);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.Name });
    }
}

internal sealed class DelegateConfiguration : IEntityTypeConfiguration<CongressDelegate>
{
    public void Configure(EntityTypeBuilder<CongressDelegate> b)
    {
        b.Property(x => x.Name).HasMaxLength(40);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.RetiredReason).HasMaxLength(200);
        b.Property(x => x.Category).HasConversion<int>();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Term>().WithMany().HasForeignKey(x => x.TermId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.TermId, x.Name });
    }
}

internal sealed class DelegateCardConfiguration : IEntityTypeConfiguration<DelegateCard>
{
    public void Configure(EntityTypeBuilder<DelegateCard> b)
    {
        b.Property(x => x.CodeHash).HasMaxLength(64);
        b.HasIndex(x => x.CodeHash).IsUnique();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.DelegateId);
    }
}
