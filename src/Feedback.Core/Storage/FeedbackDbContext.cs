using Feedback.Core.Access;
using Feedback.Core.Annotation;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Notifications;
using Feedback.Core.Predictions;
using Feedback.Core.Runs;
using Feedback.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Storage;

/// <summary>The product's database: one context, two providers (SQLite embedded, PostgreSQL in production).</summary>
/// <remarks>
/// The EF design package is not obtainable, so migrations are hand-written, one assembly per provider
/// (<c>migrations/Feedback.Migrations.Sqlite</c>, <c>migrations/Feedback.Migrations.PostgreSql</c>). After changing an
/// entity configuration, add a migration to both; the schema drift tests fail until the migrated schema equals this model.
/// </remarks>
public sealed class FeedbackDbContext(DbContextOptions<FeedbackDbContext> options) : DbContext(options)
{
    public DbSet<RegisteredModel> Models => Set<RegisteredModel>();

    public DbSet<ModelRevision> ModelRevisions => Set<ModelRevision>();

    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

    public DbSet<ModelAlias> ModelAliases => Set<ModelAlias>();

    public DbSet<ModelAliasHistory> ModelAliasHistory => Set<ModelAliasHistory>();

    public DbSet<Prediction> Predictions => Set<Prediction>();

    public DbSet<FeedbackEvent> FeedbackEvents => Set<FeedbackEvent>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<User> Users => Set<User>();

    public DbSet<AnnotationProject> AnnotationProjects => Set<AnnotationProject>();

    public DbSet<AnnotationItem> AnnotationItems => Set<AnnotationItem>();

    public DbSet<AnnotationSlot> AnnotationSlots => Set<AnnotationSlot>();

    public DbSet<AnnotationAnswer> AnnotationAnswers => Set<AnnotationAnswer>();

    public DbSet<PipelineRun> PipelineRuns => Set<PipelineRun>();

    public DbSet<RunStep> RunSteps => Set<RunStep>();

    public DbSet<StepAttempt> StepAttempts => Set<StepAttempt>();

    public DbSet<RunLogLine> RunLogLines => Set<RunLogLine>();

    public DbSet<ArtifactBlob> ArtifactBlobs => Set<ArtifactBlob>();

    public DbSet<RunArtifact> RunArtifacts => Set<RunArtifact>();

    public DbSet<SnapshotExample> SnapshotExamples => Set<SnapshotExample>();

    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();

    public DbSet<LabeledExample> LabeledExamples => Set<LabeledExample>();

    public DbSet<LabelJoinState> LabelJoinStates => Set<LabelJoinState>();

    public DbSet<Privacy.SubjectErasure> SubjectErasures => Set<Privacy.SubjectErasure>();

    public DbSet<NotificationChannel> NotificationChannels => Set<NotificationChannel>();

    public DbSet<NotificationMessage> NotificationMessages => Set<NotificationMessage>();

    public DbSet<NotificationAttempt> NotificationAttempts => Set<NotificationAttempt>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var provider = Database.IsNpgsql() ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FeedbackDbContext).Assembly);
        if (provider == DatabaseProvider.PostgreSql)
        {
            // jsonb lets training read single features server-side and stream rows without reparsing documents.
            modelBuilder.Entity<Prediction>().Property(p => p.Inputs).HasColumnType("jsonb");
            modelBuilder.Entity<Prediction>().Property(p => p.OutputScores).HasColumnType("jsonb");
        }

        SnakeCaseNaming.Apply(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsSqlite())
        {
            // SQLite has no timestamp type and EF cannot order or compare DateTimeOffset stored as text.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMicrosecondsConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMicrosecondsConverter>();
        }
    }
}
