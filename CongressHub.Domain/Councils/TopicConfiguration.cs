using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Councils;

internal sealed class TopicConfiguration : IEntityTypeConfiguration<Topic>
{
    public void Configure(EntityTypeBuilder<Topic> b)
    {
        b.Property(x => x.Title).HasMaxLength(Topic.TitleMaxLength);
        b.Property(x => x.Description).HasMaxLength(Topic.DescriptionMaxLength);
        b.Property(x => x.ProposerLabel).HasMaxLength(Topic.LabelMaxLength);
        b.Property(x => x.PublicReason).HasMaxLength(Topic.ReasonMaxLength);
        b.Property(x => x.ProposerKind).HasConversion<int>();
        b.Property(x => x.State).HasConversion<int>();
        b.Property(x => x.MeetingKind).HasConversion<int?>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CouncilDecision>().WithMany().HasForeignKey(x => x.DecisionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.CommunityId, x.State });
    }
}

internal sealed class TopicSupportConfiguration : IEntityTypeConfiguration<TopicSupport>
{
    public void Configure(EntityTypeBuilder<TopicSupport> b)
    {
        b.Property(x => x.ContactHash).HasMaxLength(64);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
        // One address supports a topic once; a second support of the same address is refused by the database too.
        b.HasIndex(x => new { x.TopicId, x.ContactHash }).IsUnique();
    }
}
