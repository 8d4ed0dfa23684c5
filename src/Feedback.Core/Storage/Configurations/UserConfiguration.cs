using Feedback.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Storage.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.UserName).HasMaxLength(64);
        builder.Property(u => u.PasswordHash).HasMaxLength(512);
        builder.Ignore(u => u.AnnotatorId);
        builder.HasIndex(u => u.UserName).IsUnique();
    }
}
