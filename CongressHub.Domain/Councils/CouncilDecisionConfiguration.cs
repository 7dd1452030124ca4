using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Councils;

internal sealed class CouncilDecisionConfiguration : IEntityTypeConfiguration<CouncilDecision>
{
    public void Configure(EntityTypeBuilder<CouncilDecision> b)
    {
        b.Property(x => x.Title).HasMaxLength(CouncilDecision.TitleMaxLength);
        b.Property(x => x.Text).HasMaxLength(CouncilDecision.TextMaxLength);
        b.Property(x => x.State).HasConversion<int>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.TrackedItem).WithMany().HasForeignKey(x => x.TrackedItemId).OnDelete(DeleteBehavior.Restrict);
        // A decision becomes one tracked item at most, and an item is one decision's.
        b.HasIndex(x => x.TrackedItemId).IsUnique();
        // A vote of a decision meeting is written up as one decision at most.
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.VoteId).IsUnique();
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.CommunityId, x.State });
    }
}

internal sealed class CouncilDecisionCommentConfiguration : IEntityTypeConfiguration<CouncilDecisionComment>
{
    public void Configure(EntityTypeBuilder<CouncilDecisionComment> b)
    {
        b.Property(x => x.Text).HasMaxLength(Resolutions.ResolutionComment.TextMaxLength);
        b.Property(x => x.Reply).HasMaxLength(Resolutions.ResolutionComment.ReplyMaxLength);
        b.Property(x => x.Status).HasConversion<int>();
        b.HasOne<CouncilDecision>().WithMany().HasForeignKey(x => x.DecisionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.DecisionId, x.Status });
    }
}
