using CongressHub.Domain.Directory;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Projects;

internal sealed class ProjectRoundConfiguration : IEntityTypeConfiguration<ProjectRound>
{
    public void Configure(EntityTypeBuilder<ProjectRound> b)
    {
        b.Property(x => x.Title).HasMaxLength(ProjectRound.TitleMaxLength);
        b.Property(x => x.Rule).HasConversion<int>();
        b.Property(x => x.State).HasConversion<int>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Voting.Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Restrict);
        // One round a year for a street.
        b.HasIndex(x => new { x.StreetId, x.Year }).IsUnique();
    }
}

internal sealed class LivelihoodProjectConfiguration : IEntityTypeConfiguration<LivelihoodProject>
{
    public void Configure(EntityTypeBuilder<LivelihoodProject> b)
    {
        b.Property(x => x.Title).HasMaxLength(LivelihoodProject.TitleMaxLength);
        b.Property(x => x.Description).HasMaxLength(LivelihoodProject.DescriptionMaxLength);
        b.Property(x => x.Source).HasConversion<int>();
        b.Property(x => x.Outcome).HasConversion<int?>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<ProjectRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RoundId, x.Position });
    }
}

internal sealed class ProjectOpinionConfiguration : IEntityTypeConfiguration<ProjectOpinion>
{
    public void Configure(EntityTypeBuilder<ProjectOpinion> b)
    {
        b.HasKey(x => new { x.ProjectId, x.ItemId });
        b.HasOne<LivelihoodProject>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tracking.TrackedItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ItemId);
    }
}

internal sealed class ProjectMilestoneConfiguration : IEntityTypeConfiguration<ProjectMilestone>
{
    public void Configure(EntityTypeBuilder<ProjectMilestone> b)
    {
        b.Property(x => x.Title).HasMaxLength(ProjectMilestone.TitleMaxLength);
        b.HasOne<LivelihoodProject>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ProjectId, x.DueOn });
    }
}

internal sealed class ProjectCommentConfiguration : IEntityTypeConfiguration<ProjectComment>
{
    public void Configure(EntityTypeBuilder<ProjectComment> b)
    {
        b.Property(x => x.Text).HasMaxLength(Resolutions.ResolutionComment.TextMaxLength);
        b.Property(x => x.Reply).HasMaxLength(Resolutions.ResolutionComment.ReplyMaxLength);
        b.Property(x => x.Status).HasConversion<int>();
        b.HasOne<ProjectRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<LivelihoodProject>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RoundId, x.Status });
    }
}
