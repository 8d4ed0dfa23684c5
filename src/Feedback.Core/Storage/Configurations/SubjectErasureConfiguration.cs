using Feedback.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

internal sealed class SubjectErasureConfiguration : IEntityTypeConfiguration<SubjectErasure>
{
    public void Configure(EntityTypeBuilder<SubjectErasure> builder)
    {
        builder.ToTable("subject_erasures");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.SubjectHash).HasMaxLength(64);
        builder.HasIndex(e => e.SubjectHash);
        builder.Property(e => e.RequestedBy).HasMaxLength(160);
    }
}
