using CongressHub.Domain.Audit;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Voting;

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> b)
    {
        b.Property(x => x.Question).HasMaxLength(Vote.QuestionMaxLength);
        b.Property(x => x.Rule).HasConversion<int?>();
        b.Property(x => x.ElectionRule).HasConversion<int?>();
        b.Property(x => x.Kind).HasConversion<int>();
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.RunoffOfId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.State).HasConversion<int>();
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Motion>().WithMany().HasForeignKey(x => x.MotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SessionId, x.State });
    }
}

internal sealed class VoterConfiguration : IEntityTypeConfiguration<Voter>
{
    public void Configure(EntityTypeBuilder<Voter> b)
    {
        // The key is the one-ballot-per-delegate rule: a second ballot from the same delegate finds HasVoted set.
        b.HasKey(x => new { x.VoteId, x.DelegateId });
        b.Property(x => x.Channel).HasConversion<int?>();
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BallotConfiguration : IEntityTypeConfiguration<Ballot>
{
    public void Configure(EntityTypeBuilder<Ballot> b)
    {
        // Created WITHOUT ROWID by the migration: rows live in the order of their random key, not of their arrival.
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Choice).HasConversion<int?>();
        b.Property(x => x.Marks).HasMaxLength(1000);
        b.Property(x => x.Channel).HasConversion<int>();
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.VoteId, x.DelegateId }).IsUnique();
    }
}

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> b)
    {
        b.Property(x => x.Name).HasMaxLength(Candidate.NameMaxLength);
        b.Property(x => x.Outcome).HasConversion<int>();
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.VoteId, x.Position });
    }
}

internal sealed class TellerConfiguration : IEntityTypeConfiguration<Teller>
{
    public void Configure(EntityTypeBuilder<Teller> b)
    {
        b.HasKey(x => new { x.VoteId, x.DelegateId });
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CountEntryConfiguration : IEntityTypeConfiguration<CountEntry>
{
    public void Configure(EntityTypeBuilder<CountEntry> b)
    {
        b.Property(x => x.Channel).HasConversion<int>();
        b.Property(x => x.EnteredByUserId).HasMaxLength(450);
        b.Property(x => x.Marks).HasMaxLength(CountEntry.WriteInsMaxLength);
        b.Property(x => x.WriteIns).HasMaxLength(CountEntry.WriteInsMaxLength);
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.TellerId).OnDelete(DeleteBehavior.Restrict);
        // One show-of-hands count per vote, one paper count per teller.
        b.HasIndex(x => new { x.VoteId, x.Channel, x.TellerId }).IsUnique();
    }
}

internal sealed class CommitteeMemberConfiguration : IEntityTypeConfiguration<Committee.CommitteeMember>
{
    public void Configure(EntityTypeBuilder<Committee.CommitteeMember> b)
    {
        b.Property(x => x.Name).HasMaxLength(Candidate.NameMaxLength);
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Term>().WithMany().HasForeignKey(x => x.TermId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.ElectedInVoteId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Roles).HasConversion<int>();
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.TermId });
    }
}

internal sealed class MotionConfiguration : IEntityTypeConfiguration<Motion>
{
    public void Configure(EntityTypeBuilder<Motion> b)
    {
        b.Property(x => x.Title).HasMaxLength(Motion.TitleMaxLength);
        b.Property(x => x.Text).HasMaxLength(Motion.TextMaxLength);
        b.Property(x => x.ReturnReason).HasMaxLength(Motion.ReasonMaxLength);
        b.Property(x => x.Status).HasConversion<int>();
        b.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Term>().WithMany().HasForeignKey(x => x.TermId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.SponsorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StreetId, x.Status });
    }
}

internal sealed class CosignatureConfiguration : IEntityTypeConfiguration<Cosignature>
{
    public void Configure(EntityTypeBuilder<Cosignature> b)
    {
        b.HasKey(x => new { x.MotionId, x.DelegateId });
        b.HasOne<Motion>().WithMany().HasForeignKey(x => x.MotionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CongressDelegate>().WithMany().HasForeignKey(x => x.DelegateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.UserName).HasMaxLength(120);
        b.Property(x => x.Action).HasMaxLength(60);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.Details).HasMaxLength(2000);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        // One chain per street: a second entry at the same place would fork it.
        b.HasIndex(x => new { x.StreetId, x.Sequence }).IsUnique();
    }
}
