using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Reviews;

internal sealed class ReviewRoundConfiguration : IEntityTypeConfiguration<ReviewRound>
{
    public void Configure(EntityTypeBuilder<ReviewRound> b)
    {
        b.Property(x => x.State).HasConversion<int>();
        b.Property(x => x.Criteria).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.Year }).IsUnique();
    }
}

internal sealed class WorkReportConfiguration : IEntityTypeConfiguration<WorkReport>
{
    public void Configure(EntityTypeBuilder<WorkReport> b)
    {
        b.Property(x => x.Kind).HasConversion<int>();
        b.Property(x => x.Title).HasMaxLength(80);
        b.Property(x => x.Text).HasMaxLength(WorkReport.TextMaxLength);
        b.Property(x => x.KeyFigures).HasMaxLength(WorkReport.FiguresMaxLength);
        b.HasOne<ReviewRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Officer>().WithMany().HasForeignKey(x => x.OfficerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RoundId, x.Position });
    }
}

internal sealed class ReportRaterConfiguration : IEntityTypeConfiguration<ReportRater>
{
    public void Configure(EntityTypeBuilder<ReportRater> b)
    {
        // One rating per delegate per report.
        b.HasKey(x => new { x.ReportId, x.DelegateId });
        b.HasOne<WorkReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportRatingConfiguration : IEntityTypeConfiguration<ReportRating>
{
    public void Configure(EntityTypeBuilder<ReportRating> b)
    {
        // Created WITHOUT ROWID by the migration: rows sit in the order of their random key, not of their arrival.
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Grade).HasConversion<int>();
        b.Property(x => x.Scores).HasMaxLength(40);
        b.Property(x => x.Comment).HasMaxLength(ReportRating.CommentMaxLength);
        b.HasOne<WorkReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ReportId);
    }
}
