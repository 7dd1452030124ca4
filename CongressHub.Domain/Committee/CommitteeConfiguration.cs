using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Committee;

internal sealed class CommitteeRequestConfiguration : IEntityTypeConfiguration<CommitteeRequest>
{
    public void Configure(EntityTypeBuilder<CommitteeRequest> b)
    {
        b.Property(x => x.Title).HasMaxLength(CommitteeRequest.TitleMaxLength);
        b.Property(x => x.Need).HasMaxLength(CommitteeRequest.TextMaxLength);
        b.Property(x => x.RequestedBy).HasMaxLength(120);
        b.Property(x => x.AgreedWay).HasMaxLength(Tracking.TrackedItem.TextMaxLength);
        b.Property(x => x.Outcome).HasMaxLength(CommitteeRequest.NoteMaxLength);
        b.Property(x => x.State).HasConversion<int>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.State });
    }
}

internal sealed class CommitteeRequestNoteConfiguration : IEntityTypeConfiguration<CommitteeRequestNote>
{
    public void Configure(EntityTypeBuilder<CommitteeRequestNote> b)
    {
        b.Property(x => x.Who).HasMaxLength(120);
        b.Property(x => x.Text).HasMaxLength(CommitteeRequest.NoteMaxLength);
        b.HasOne<CommitteeRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.RequestId);
    }
}
