using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Core.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

// Run states are stored as text so that an operator's SQL reads like the API.
internal sealed class PipelineRunConfiguration : IEntityTypeConfiguration<PipelineRun>
{
    public void Configure(EntityTypeBuilder<PipelineRun> builder)
    {
        builder.ToTable("pipeline_runs");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ModelId, r.Number }).IsUnique();
        builder.HasIndex(r => r.ActiveModelId).IsUnique();
        builder.HasIndex(r => r.Status);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Reason).HasMaxLength(2000);
        builder.Property(r => r.RequestedBy).HasMaxLength(160);
        builder.Property(r => r.CurrentStep).HasMaxLength(32);
        builder.Property(r => r.Error).HasMaxLength(8000);
        builder.Ignore(r => r.IsActive);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RunStepConfiguration : IEntityTypeConfiguration<RunStep>
{
    public void Configure(EntityTypeBuilder<RunStep> builder)
    {
        builder.ToTable("run_steps");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.RunId, s.Ordinal }).IsUnique();
        builder.HasIndex(s => new { s.Name, s.Fingerprint });
        builder.Property(s => s.Name).HasMaxLength(32);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.Fingerprint).HasMaxLength(64);
        builder.Property(s => s.Error).HasMaxLength(8000);
        builder.HasOne<PipelineRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StepAttemptConfiguration : IEntityTypeConfiguration<StepAttempt>
{
    public void Configure(EntityTypeBuilder<StepAttempt> builder)
    {
        builder.ToTable("step_attempts");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.StepId, a.Attempt }).IsUnique();
        builder.HasIndex(a => a.RunId);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.Node).HasMaxLength(200);
        builder.Property(a => a.Error).HasMaxLength(8000);
        builder.HasOne<RunStep>().WithMany().HasForeignKey(a => a.StepId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunLogLineConfiguration : IEntityTypeConfiguration<RunLogLine>
{
    public void Configure(EntityTypeBuilder<RunLogLine> builder)
    {
        builder.ToTable("run_log_lines");
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => l.RunId);
        builder.Property(l => l.Step).HasMaxLength(32);
        builder.Property(l => l.Level).HasMaxLength(16);
        builder.Property(l => l.Message).HasMaxLength(8000);
        builder.HasOne<PipelineRun>().WithMany().HasForeignKey(l => l.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArtifactBlobConfiguration : IEntityTypeConfiguration<ArtifactBlob>
{
    public void Configure(EntityTypeBuilder<ArtifactBlob> builder)
    {
        builder.ToTable("artifact_blobs");
        builder.HasKey(b => b.Hash);
        builder.Property(b => b.Hash).HasMaxLength(64);
    }
}

internal sealed class RunArtifactConfiguration : IEntityTypeConfiguration<RunArtifact>
{
    public void Configure(EntityTypeBuilder<RunArtifact> builder)
    {
        builder.ToTable("run_artifacts");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.RunId);
        builder.HasIndex(a => new { a.ModelId, a.Kind });
        builder.Property(a => a.Step).HasMaxLength(32);
        builder.Property(a => a.Kind).HasMaxLength(32);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.Property(a => a.MediaType).HasMaxLength(64);
        builder.HasOne<PipelineRun>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ArtifactBlob>().WithMany().HasForeignKey(a => a.Hash).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SnapshotExampleConfiguration : IEntityTypeConfiguration<SnapshotExample>
{
    public void Configure(EntityTypeBuilder<SnapshotExample> builder)
    {
        builder.ToTable("snapshot_examples");
        builder.HasKey(e => new { e.SnapshotId, e.TrackingId });
        builder.HasIndex(e => e.TrackingId);
        builder.Property(e => e.TrackingId).HasMaxLength(TrackingIds.MaxLength);
        builder.Property(e => e.Split).HasMaxLength(8);
        builder.Property(e => e.Label).HasMaxLength(256);
        builder.HasOne<RunArtifact>().WithMany().HasForeignKey(e => e.SnapshotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> builder)
    {
        builder.ToTable("approval_requests");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.RunId);
        builder.HasIndex(a => a.Status);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.DecidedBy).HasMaxLength(160);
        builder.Property(a => a.Channel).HasMaxLength(16);
        builder.Property(a => a.Comment).HasMaxLength(4000);
        builder.HasOne<PipelineRun>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
