using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
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
