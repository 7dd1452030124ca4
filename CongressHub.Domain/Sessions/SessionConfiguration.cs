using CongressHub.Domain.Directory;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Sessions;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.Property(x => x.Title).HasMaxLength(80);
        b.Property(x => x.Place).HasMaxLength(80);
        b.Property(x => x.ProjectorToken).HasMaxLength(64);
        b.Property(x => x.MinutesSignedOffBy).HasMaxLength(200);
        b.Property(x => x.MinutesReturnNote).HasMaxLength(Session.ReturnNoteMaxLength);
        b.Property(x => x.Kind).HasConversion<int>();
        b.Property(x => x.Status).HasConversion<int>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.ProjectorToken).IsUnique();
        b.HasIndex(x => new { x.StreetId, x.ScheduledUtc });
        b.HasIndex(x => new { x.StreetId, x.Status });
        b.HasIndex(x => x.CommunityId);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Term>().WithMany().HasForeignKey(x => x.TermId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgendaItemConfiguration : IEntityTypeConfiguration<AgendaItem>
{
    public void Configure(EntityTypeBuilder<AgendaItem> b)
    {
        b.Property(x => x.Title).HasMaxLength(120);
        b.Property(x => x.Presenter).HasMaxLength(60);
        b.Property(x => x.Type).HasConversion<int>();
        b.Property(x => x.Status).HasConversion<int>();
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.SessionId, x.Position });
        b.HasOne<Councils.Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttendanceConfiguration : IEntityTypeConfiguration<Attendance>
{
    public void Configure(EntityTypeBuilder<Attendance> b)
    {
        b.Property(x => x.Status).HasConversion<int>();
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SessionId, x.DelegateId }).IsUnique();
    }
}

internal sealed class LeaveRequestConfiguration : IEntityTypeConfiguration<LeaveRequest>
{
    public void Configure(EntityTypeBuilder<LeaveRequest> b)
    {
        b.Property(x => x.Reason).HasMaxLength(LeaveRequest.ReasonMaxLength);
        b.Property(x => x.Note).HasMaxLength(LeaveRequest.NoteMaxLength);
        b.Property(x => x.Status).HasConversion<int>();
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SessionId, x.DelegateId }).IsUnique();
    }
}

internal sealed class SpeakerRequestConfiguration : IEntityTypeConfiguration<SpeakerRequest>
{
    public void Configure(EntityTypeBuilder<SpeakerRequest> b)
    {
        b.Property(x => x.Status).HasConversion<int>();
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AgendaItem>().WithMany().HasForeignKey(x => x.AgendaItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AgendaItemId, x.Position });
    }
}

internal sealed class MinutesEntryConfiguration : IEntityTypeConfiguration<MinutesEntry>
{
    public void Configure(EntityTypeBuilder<MinutesEntry> b)
    {
        b.Property(x => x.Text).HasMaxLength(400);
        b.Property(x => x.TextKey).HasMaxLength(100);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.SessionId, x.AtUtc });
    }
}

internal sealed class MinutesVersionConfiguration : IEntityTypeConfiguration<MinutesVersion>
{
    public void Configure(EntityTypeBuilder<MinutesVersion> b)
    {
        b.Property(x => x.Markdown).HasMaxLength(Session.MinutesMaxLength);
        b.Property(x => x.SavedBy).HasMaxLength(256);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.SessionId, x.Number }).IsUnique();
    }
}
