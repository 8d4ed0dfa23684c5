using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

internal sealed class LabeledExampleConfiguration : IEntityTypeConfiguration<LabeledExample>
{
    public void Configure(EntityTypeBuilder<LabeledExample> builder)
    {
        builder.ToTable("labeled_examples");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.TrackingId).HasMaxLength(TrackingIds.MaxLength);
        builder.HasIndex(e => e.TrackingId).IsUnique();
        // Training streams a model's rows in tracking-ID order; retrain triggers count recent labels.
        builder.HasIndex(e => new { e.ModelId, e.TrackingId });
        builder.HasIndex(e => new { e.ModelId, e.LabeledAt });
        builder.Property(e => e.Label).HasMaxLength(256);
        builder.Property(e => e.LabelSource).HasMaxLength(32);
        builder.Property(e => e.PredictedLabel).HasMaxLength(256);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(e => e.ModelId).OnDelete(DeleteBehavior.Restrict);
        // A label means nothing without its prediction's inputs: it goes when retention or erasure deletes them.
        builder.HasOne<Prediction>().WithMany().HasForeignKey(e => e.PredictionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LabelJoinStateConfiguration : IEntityTypeConfiguration<LabelJoinState>
{
    public void Configure(EntityTypeBuilder<LabelJoinState> builder)
    {
        builder.ToTable("label_join_states");
        builder.HasKey(s => s.ModelId);
        builder.Property(s => s.ModelId).ValueGeneratedNever();
        builder.Property(s => s.PolicyFingerprint).HasMaxLength(64);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(s => s.ModelId).OnDelete(DeleteBehavior.Restrict);
    }
}
