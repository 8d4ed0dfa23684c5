using Feedback.Core.Annotation;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

internal sealed class AnnotationProjectConfiguration : IEntityTypeConfiguration<AnnotationProject>
{
    public void Configure(EntityTypeBuilder<AnnotationProject> builder)
    {
        builder.ToTable("annotation_projects");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(ModelNames.MaxLength);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.CreatedBy).HasMaxLength(160);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(p => p.ModelId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnnotationItemConfiguration : IEntityTypeConfiguration<AnnotationItem>
{
    public void Configure(EntityTypeBuilder<AnnotationItem> builder)
    {
        builder.ToTable("annotation_items");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.TrackingId).HasMaxLength(TrackingIds.MaxLength);
        builder.HasIndex(i => new { i.ProjectId, i.TrackingId }).IsUnique();
        builder.HasIndex(i => new { i.ProjectId, i.Status });
        builder.Property(i => i.SuggestedLabel).HasMaxLength(256);
        builder.Property(i => i.Source).HasMaxLength(32);
        builder.Property(i => i.GoldLabel).HasMaxLength(256);
        builder.Property(i => i.ConsensusLabel).HasMaxLength(256);
        builder.Property(i => i.ResolvedLabel).HasMaxLength(256);
        builder.Property(i => i.ResolvedSource).HasMaxLength(16);
        builder.HasOne<AnnotationProject>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnnotationSlotConfiguration : IEntityTypeConfiguration<AnnotationSlot>
{
    public void Configure(EntityTypeBuilder<AnnotationSlot> builder)
    {
        builder.ToTable("annotation_slots");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.ProjectId, s.Pool, s.AnsweredBy });
        builder.HasIndex(s => s.ItemId);
        builder.Property(s => s.LeasedBy).HasMaxLength(160);
        builder.Property(s => s.AnsweredBy).HasMaxLength(160);
        builder.HasOne<AnnotationItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnnotationAnswerConfiguration : IEntityTypeConfiguration<AnnotationAnswer>
{
    public void Configure(EntityTypeBuilder<AnnotationAnswer> builder)
    {
        builder.ToTable("annotation_answers");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.AnnotatorId).HasMaxLength(160);
        builder.Property(a => a.Label).HasMaxLength(256);
        builder.HasIndex(a => new { a.ItemId, a.AnnotatorId }).IsUnique();
        builder.HasIndex(a => new { a.ProjectId, a.AnnotatorId });
        builder.HasOne<AnnotationItem>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
