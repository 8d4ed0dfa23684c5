using Feedback.Core.FeedbackEvents;
using Feedback.Core.Predictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

internal sealed class FeedbackEventConfiguration : IEntityTypeConfiguration<FeedbackEvent>
{
    public void Configure(EntityTypeBuilder<FeedbackEvent> builder)
    {
        builder.ToTable("feedback_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Source).HasMaxLength(FeedbackLimits.MaxIdLength);
        builder.Property(e => e.EventId).HasMaxLength(FeedbackLimits.MaxIdLength);
        builder.HasIndex(e => new { e.Source, e.EventId }).IsUnique();
        builder.Property(e => e.TrackingId).HasMaxLength(TrackingIds.MaxLength);
        builder.HasIndex(e => e.TrackingId);
        builder.Property(e => e.ValueText).HasMaxLength(16);
        builder.Property(e => e.Label).HasMaxLength(FeedbackLimits.MaxLabelLength);
        builder.Property(e => e.Action).HasMaxLength(FeedbackLimits.MaxIdLength);
        builder.Property(e => e.Category).HasMaxLength(FeedbackLimits.MaxIdLength);
        builder.Property(e => e.Severity).HasMaxLength(16);
        builder.Property(e => e.Subject).HasMaxLength(FeedbackLimits.MaxIdLength);
        builder.Property(e => e.Comment).HasMaxLength(FeedbackLimits.MaxCommentLength);
        builder.Property(e => e.ModelScope).HasMaxLength(4000);
        builder.HasIndex(e => e.Subject);
    }
}
