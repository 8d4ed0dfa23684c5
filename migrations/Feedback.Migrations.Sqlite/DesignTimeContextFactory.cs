using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Feedback.Migrations.Sqlite;

/// <summary>How `dotnet ef` builds the context for this provider, configured exactly as the product configures it.
/// Adding a migration or checking for pending model changes opens no connection, so the connection string is a
/// placeholder: <c>dotnet ef migrations add Name --project migrations/Feedback.Migrations.Sqlite</c>.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<FeedbackDbContext>
{
    public FeedbackDbContext CreateDbContext(string[] args)
    {
        var database = new ConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design-time.db" }, Directory.GetCurrentDirectory());
        var options = new DbContextOptionsBuilder<FeedbackDbContext>();
        StorageServiceCollectionExtensions.Configure(options, database);
        return new FeedbackDbContext(options.Options);
    }
}
