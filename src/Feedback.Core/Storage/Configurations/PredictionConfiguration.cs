using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<Prediction>
{
    public void Configure(EntityTypeBuilder<Prediction> builder)
    {
        builder.ToTable("predictions");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.TrackingId).HasMaxLength(TrackingIds.MaxLength);
        builder.HasIndex(p => p.TrackingId).IsUnique();
        builder.HasIndex(p => new { p.ModelId, p.ServedAt });
        builder.Property(p => p.VersionTag).HasMaxLength(64);
        builder.Property(p => p.OutputLabel).HasMaxLength(256);
        builder.Property(p => p.Subject).HasMaxLength(128);
        builder.HasIndex(p => p.Subject);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(p => p.ModelId).OnDelete(DeleteBehavior.Restrict);
    }
}
