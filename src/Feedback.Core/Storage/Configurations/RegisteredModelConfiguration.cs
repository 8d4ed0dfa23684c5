using Feedback.Core.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

internal sealed class RegisteredModelConfiguration : IEntityTypeConfiguration<RegisteredModel>
{
    public void Configure(EntityTypeBuilder<RegisteredModel> builder)
    {
        builder.ToTable("models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(ModelNames.MaxLength);
        builder.HasIndex(m => m.Name).IsUnique();
        builder.Property(m => m.TaskType).HasConversion<string>().HasMaxLength(16);
        builder.HasMany(m => m.Revisions).WithOne().HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ModelRevisionConfiguration : IEntityTypeConfiguration<ModelRevision>
{
    public void Configure(EntityTypeBuilder<ModelRevision> builder)
    {
        builder.ToTable("model_revisions");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ModelId, r.Revision }).IsUnique();
        builder.Property(r => r.CreatedBy).HasMaxLength(128);
    }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.ToTable("model_versions");
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
        builder.Property(v => v.BundleHash).HasMaxLength(64);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ModelAliasConfiguration : IEntityTypeConfiguration<ModelAlias>
{
    public void Configure(EntityTypeBuilder<ModelAlias> builder)
    {
        builder.ToTable("model_aliases");
        builder.HasKey(a => new { a.ModelId, a.Alias });
        builder.Property(a => a.Alias).HasMaxLength(32);
        builder.HasOne<RegisteredModel>().WithMany().HasForeignKey(a => a.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
