using CongressHub.Domain.Accounts;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Search;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Voting;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CongressHub.Domain.Common;

public sealed class CongressDbContext(DbContextOptions<CongressDbContext> options)
    : IdentityDbContext<CongressUser>(options), IDataProtectionKeyContext
{
    /// <summary>The key ring that protects cookies and tokens, shared by every node when the app runs on PostgreSQL.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Accounts.SignInFailure> SignInFailures => Set<Accounts.SignInFailure>();

    public DbSet<Street> Streets => Set<Street>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Officer> Officers => Set<Officer>();
    public DbSet<Term> Terms => Set<Term>();
    public DbSet<CongressDelegate> Delegates => Set<CongressDelegate>();
    public DbSet<DelegateCard> DelegateCards => Set<DelegateCard>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<AgendaItem> AgendaItems => Set<AgendaItem>();
    public DbSet<Attendance> Attendances => Set<Attendance>();
    public DbSet<SpeakerRequest> SpeakerRequests => Set<SpeakerRequest>();
    public DbSet<LeaveRequest> LeaveRequests => Set<LeaveRequest>();
    public DbSet<MinutesEntry> MinutesEntries => Set<MinutesEntry>();
    public DbSet<MinutesVersion> MinutesVersions => Set<MinutesVersion>();
    public DbSet<Notices.Notice> Notices => Set<Notices.Notice>();

    public DbSet<Notices.NoticeDelivery> NoticeDeliveries => Set<Notices.NoticeDelivery>();
    public DbSet<Motion> Motions => Set<Motion>();
    public DbSet<Cosignature> Cosignatures => Set<Cosignature>();
    public DbSet<Vote> Votes => Set<Vote>();
    public DbSet<Voter> Voters => Set<Voter>();
    public DbSet<Ballot> Ballots => Set<Ballot>();
    public DbSet<Candidate> Candidates => Set<Candidate>();
    public DbSet<Teller> Tellers => Set<Teller>();
    public DbSet<CountEntry> CountEntries => Set<CountEntry>();
    public DbSet<BallotKey> BallotKeys => Set<BallotKey>();
    public DbSet<SealedBallot> SealedBallots => Set<SealedBallot>();
    public DbSet<Committee.CommitteeMember> CommitteeMembers => Set<Committee.CommitteeMember>();

    public DbSet<Committee.CommitteeRequest> CommitteeRequests => Set<Committee.CommitteeRequest>();

    public DbSet<Committee.CommitteeRequestNote> CommitteeRequestNotes => Set<Committee.CommitteeRequestNote>();

    public DbSet<Districts.Inspection> Inspections => Set<Districts.Inspection>();

    public DbSet<Projects.ProjectRound> ProjectRounds => Set<Projects.ProjectRound>();

    public DbSet<Projects.LivelihoodProject> LivelihoodProjects => Set<Projects.LivelihoodProject>();

    public DbSet<Projects.ProjectOpinion> ProjectOpinions => Set<Projects.ProjectOpinion>();
    public DbSet<Projects.ProjectMilestone> ProjectMilestones => Set<Projects.ProjectMilestone>();
    public DbSet<Projects.ProjectComment> ProjectComments => Set<Projects.ProjectComment>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Tracking.TrackedItem> TrackedItems => Set<Tracking.TrackedItem>();
    public DbSet<Tracking.TrackedEvent> TrackedEvents => Set<Tracking.TrackedEvent>();
    public DbSet<Tracking.FollowUpRating> FollowUpRatings => Set<Tracking.FollowUpRating>();
    public DbSet<Tracking.MonthCompilation> MonthCompilations => Set<Tracking.MonthCompilation>();
    public DbSet<Tracking.ContactCheck> ContactChecks => Set<Tracking.ContactCheck>();
    public DbSet<Councils.PassOn> PassOns => Set<Councils.PassOn>();
    public DbSet<Reviews.ReviewRound> ReviewRounds => Set<Reviews.ReviewRound>();
    public DbSet<Reviews.WorkReport> WorkReports => Set<Reviews.WorkReport>();
    public DbSet<Reviews.ReportRater> ReportRaters => Set<Reviews.ReportRater>();
    public DbSet<Reviews.ReportRating> ReportRatings => Set<Reviews.ReportRating>();
    public DbSet<Resolutions.Resolution> Resolutions => Set<Resolutions.Resolution>();
    public DbSet<Resolutions.ResolutionComment> ResolutionComments => Set<Resolutions.ResolutionComment>();
    public DbSet<Resolutions.ResolutionVersion> ResolutionVersions => Set<Resolutions.ResolutionVersion>();
    public DbSet<Councils.CouncilDecision> CouncilDecisions => Set<Councils.CouncilDecision>();
    public DbSet<Councils.CouncilDecisionComment> CouncilDecisionComments => Set<Councils.CouncilDecisionComment>();
    public DbSet<Attachments.Attachment> Attachments => Set<Attachments.Attachment>();
    public DbSet<Attachments.AttachmentContent> AttachmentContents => Set<Attachments.AttachmentContent>();
    public DbSet<Councils.Topic> Topics => Set<Councils.Topic>();
    public DbSet<Councils.TopicSupport> TopicSupports => Set<Councils.TopicSupport>();
    public DbSet<Records.DelegateYearSummary> DelegateYearSummaries => Set<Records.DelegateYearSummary>();
    public DbSet<SearchGram> SearchGrams => Set<SearchGram>();
    public DbSet<Tracking.DueCount> DueCounts => Set<Tracking.DueCount>();

    public const string SnapshotSequence = "SnapshotSequence";

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        TextRules.CheckSaving(ChangeTracker);
        var indexed = SearchIndex.Capture(ChangeTracker);
        var counted = Tracking.DueCounts.Capture(ChangeTracker);
        if (indexed.Count == 0 && counted.Count == 0)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        foreach (var (sql, args) in SearchIndex.Commands(indexed).Concat(Tracking.DueCounts.Commands(counted)))
        {
            Database.ExecuteSqlRaw(sql, args);
        }
        own?.Commit();
        return saved;
    }

    /// <summary>
    /// Saves, and brings the search index and the items' due counts in step with the records saved, in one
    /// transaction: the save's own, or one opened here. The grams are written after the records, whose ids an insert
    /// only then gives.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        TextRules.CheckSaving(ChangeTracker);
        var indexed = SearchIndex.Capture(ChangeTracker);
        var counted = Tracking.DueCounts.Capture(ChangeTracker);
        if (indexed.Count == 0 && counted.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var (sql, args) in SearchIndex.Commands(indexed).Concat(Tracking.DueCounts.Commands(counted)))
        {
            await Database.ExecuteSqlRawAsync(sql, args, cancellationToken);
        }
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
        return saved;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        // Every time here is UTC by design. SQLite hands DateTime back with Kind Unspecified, which a JSON answer would
        // write without its offset and a client would read as its own local time; Npgsql stores timestamptz and
        // refuses any value whose Kind is not Utc. This marks values read back, or built from parts, as UTC on both.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CongressDbContext).Assembly);
        if (DatabaseEngine.IsPostgres(this))
        {
            // Live screens ignore a state older than the one they show; with several nodes building states, the
            // numbers must come from one place so that a state built later carries a larger one (CongressNotifier).
            builder.HasSequence<long>(SnapshotSequence);
            // A search for one character reads the grams that start with it as a range, which holds in the order of
            // code points (SQLite's only order for text) and not in a language's collation.
            builder.Entity<SearchGram>().Property(g => g.Gram).UseCollation("C");
        }
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
