using Feedback.Core.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

internal sealed class ModelAliasHistoryConfiguration : IEntityTypeConfiguration<ModelAliasHistory>
{
    public void Configure(EntityTypeBuilder<ModelAliasHistory> builder)
    {
        builder.ToTable("model_alias_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Alias).HasMaxLength(ModelVersionRegistry.MaxAliasLength);
        builder.Property(h => h.MovedBy).HasMaxLength(ModelVersionRegistry.MaxMovedByLength);
        builder.Property(h => h.Reason).HasMaxLength(ModelVersionRegistry.MaxReasonLength);
        // The history of one model is read newest first.
        builder.HasIndex(h => new { h.ModelId, h.Id });
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(h => h.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
