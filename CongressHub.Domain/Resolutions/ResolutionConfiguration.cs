using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Resolutions;

internal sealed class ResolutionConfiguration : IEntityTypeConfiguration<Resolution>
{
    public void Configure(EntityTypeBuilder<Resolution> b)
    {
        b.Property(x => x.Number).HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(Resolution.TitleMaxLength);
        b.Property(x => x.Text).HasMaxLength(Resolution.TextMaxLength);
        b.Property(x => x.NoticeOutcome).HasMaxLength(Resolution.OutcomeMaxLength);
        b.Property(x => x.Status).HasConversion<int>();
        b.Property(x => x.Rule).HasConversion<int>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Motion>().WithMany().HasForeignKey(x => x.MotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Implementation).WithMany().HasForeignKey(x => x.ImplementationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Projects.LivelihoodProject>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        // A motion's vote adopts one resolution; a projects ballot one for each project it adopts.
        b.HasIndex(x => x.VoteId);
        b.HasIndex(x => x.ProjectId).IsUnique();
        b.HasIndex(x => x.ImplementationId).IsUnique();
        // Two publications racing for a number: the second is refused, never a duplicate.
        b.HasIndex(x => new { x.StreetId, x.Number }).IsUnique();
        b.HasIndex(x => new { x.StreetId, x.Status, x.PublishedUtc });
    }
}

internal sealed class ResolutionCommentConfiguration : IEntityTypeConfiguration<ResolutionComment>
{
    public void Configure(EntityTypeBuilder<ResolutionComment> b)
    {
        b.Property(x => x.Text).HasMaxLength(ResolutionComment.TextMaxLength);
        b.Property(x => x.Reply).HasMaxLength(ResolutionComment.ReplyMaxLength);
        b.Property(x => x.Status).HasConversion<int>();
        b.HasOne<Resolution>().WithMany().HasForeignKey(x => x.ResolutionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ResolutionId, x.Status });
    }
}

internal sealed class ResolutionVersionConfiguration : IEntityTypeConfiguration<ResolutionVersion>
{
    public void Configure(EntityTypeBuilder<ResolutionVersion> b)
    {
        b.Property(x => x.Title).HasMaxLength(Resolution.TitleMaxLength);
        b.Property(x => x.Text).HasMaxLength(Resolution.TextMaxLength);
        b.Property(x => x.EditedBy).HasMaxLength(256);
        b.HasOne<Resolution>().WithMany().HasForeignKey(x => x.ResolutionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ResolutionId);
    }
}
