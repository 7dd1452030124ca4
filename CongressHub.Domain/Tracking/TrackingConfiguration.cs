using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Tracking;

internal sealed class TrackedItemConfiguration : IEntityTypeConfiguration<TrackedItem>
{
    public void Configure(EntityTypeBuilder<TrackedItem> b)
    {
        b.Property(x => x.Title).HasMaxLength(TrackedItem.TitleMaxLength);
        b.Property(x => x.Text).HasMaxLength(TrackedItem.TextMaxLength);
        b.Property(x => x.ResidentName).HasMaxLength(40);
        b.Property(x => x.ResidentContact).HasMaxLength(60);
        b.Property(x => x.NotifyContact).HasMaxLength(200);
        b.Property(x => x.DeclineReason).HasMaxLength(TrackedItem.NoteMaxLength);
        b.Property(x => x.Answer).HasMaxLength(TrackedItem.NoteMaxLength);
        b.Property(x => x.Intention).HasMaxLength(TrackedItem.NoteMaxLength);
        b.Property(x => x.Decision).HasMaxLength(TrackedItem.NoteMaxLength);
        b.Property(x => x.Kind).HasConversion<int>();
        b.Property(x => x.State).HasConversion<int>();
        b.Property(x => x.Category).HasConversion<int?>();
        b.Property(x => x.Level).HasConversion<int?>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.AssignedCommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrackedItem>().WithMany().HasForeignKey(x => x.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Committee.CommitteeRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.RequestId);
        b.HasIndex(x => new { x.StreetId, x.State });
        b.HasIndex(x => new { x.StreetId, x.Kind, x.Month });
        // The staff's list pages by id and the residents' by last change, each within a street, without sorting the street.
        b.HasIndex(x => new { x.StreetId, x.Id });
        b.HasIndex(x => new { x.StreetId, x.UpdatedUtc, x.Id });
        // What the residents' list counts (published items of a street by state, kind and its filters), read from the
        // index alone: counting a street's ten years of items otherwise reads every one of their rows.
        b.HasIndex(x => new { x.StreetId, x.Publishable, x.State, x.Kind, x.Category, x.CommunityId, x.AssignedCommunityId, x.DepartmentId })
            .HasDatabaseName("IX_TrackedItems_PublicCount");
        b.HasIndex(x => new { x.SessionId, x.Kind });
        // The items a session's follow-up report reported back, without reading the street's years of earlier ones.
        b.HasIndex(x => new { x.StreetId, x.ReportedInSessionId, x.State });
        // The district's on-time rates: a street's items of a kind due in a year, and the day each was first answered
        // or done, counted from the index alone.
        b.HasIndex(x => new { x.StreetId, x.Kind, x.DueOn, x.State, x.FirstAnsweredOn, x.FirstDoneOn })
            .HasDatabaseName("IX_TrackedItems_Due");
    }
}

internal sealed class TrackedEventConfiguration : IEntityTypeConfiguration<TrackedEvent>
{
    public void Configure(EntityTypeBuilder<TrackedEvent> b)
    {
        b.Property(x => x.Who).HasMaxLength(120);
        b.Property(x => x.Note).HasMaxLength(TrackedItem.NoteMaxLength);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.NoteKey).HasMaxLength(100);
        b.Property(x => x.From).HasConversion<int>();
        b.Property(x => x.To).HasConversion<int>();
        b.HasOne<TrackedItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        // An item's newest lines of history, read in order.
        b.HasIndex(x => new { x.ItemId, x.AtUtc, x.Id });
    }
}

internal sealed class FollowUpRatingConfiguration : IEntityTypeConfiguration<FollowUpRating>
{
    public void Configure(EntityTypeBuilder<FollowUpRating> b)
    {
        b.HasKey(x => new { x.ItemId, x.SessionId, x.DelegateId });
        // A session's ratings counted by grade (the district's follow-up figures) from the index alone.
        b.HasIndex(x => new { x.SessionId, x.Grade });
        b.Property(x => x.Grade).HasConversion<int>();
        b.HasOne<TrackedItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MonthCompilationConfiguration : IEntityTypeConfiguration<MonthCompilation>
{
    public void Configure(EntityTypeBuilder<MonthCompilation> b)
    {
        b.HasKey(x => new { x.CommunityId, x.Month });
        b.Property(x => x.Who).HasMaxLength(120);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactCheckConfiguration : IEntityTypeConfiguration<ContactCheck>
{
    public void Configure(EntityTypeBuilder<ContactCheck> b)
    {
        b.Property(x => x.Contact).HasMaxLength(ContactCheck.ContactMaxLength);
        b.Property(x => x.CodeHash).HasMaxLength(64);
        b.Property(x => x.Salt).HasMaxLength(32);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.Contact, x.CreatedUtc });
        b.HasIndex(x => new { x.StreetId, x.Contact, x.ExpiresUtc });
    }
}
