using CongressHub.Domain.Reviews;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Common;

internal sealed class BallotKeyConfiguration : IEntityTypeConfiguration<BallotKey>
{
    public void Configure(EntityTypeBuilder<BallotKey> b)
    {
        b.Ignore(x => x.Box);
        b.Property(x => x.Wrapped).HasMaxLength(128);
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WorkReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        // One key per box.
        b.HasIndex(x => x.VoteId).IsUnique();
        b.HasIndex(x => x.ReportId).IsUnique();
    }
}

internal sealed class SealedBallotConfiguration : IEntityTypeConfiguration<SealedBallot>
{
    public void Configure(EntityTypeBuilder<SealedBallot> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Content).HasMaxLength(4096);
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WorkReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.VoteId);
        b.HasIndex(x => x.ReportId);
    }
}
