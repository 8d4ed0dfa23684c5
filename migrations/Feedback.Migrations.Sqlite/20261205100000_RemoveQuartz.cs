using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Feedback.Migrations.Sqlite;

/// <summary>Drops the job store of Quartz.NET (table prefix <c>qrtz_</c>), which executed the pipeline before Hangfire.</summary>
/// <remarks>
/// Migration <c>20261122140000_Quartz</c>, which created these tables, is gone: a fresh database never has them, and a
/// database that applied it keeps that row in its migration history (EF ignores it) and loses the tables here, hence
/// <c>IF EXISTS</c>. Hangfire's storage is not an EF concern: on PostgreSQL Hangfire creates its own schema
/// <c>hangfire</c>; on SQLite it uses a file of its own. Down does nothing: Quartz is not coming back.
/// </remarks>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261205100000_RemoveQuartz")]
public sealed class RemoveQuartz : Migration
{
    /// <summary>The job store's tables, children first.</summary>
    private static readonly string[] Tables =
    [
        "qrtz_JOB_STATUS", "qrtz_MISFIRE_HISTORY", "qrtz_EXECUTION_HISTORY", "qrtz_LOCKS", "qrtz_SCHEDULER_STATE", "qrtz_FIRED_TRIGGERS", "qrtz_PAUSED_JOB_GRPS", "qrtz_PAUSED_TRIGGER_GRPS", "qrtz_CALENDARS", "qrtz_BLOB_TRIGGERS", "qrtz_SIMPROP_TRIGGERS", "qrtz_CRON_TRIGGERS", "qrtz_SIMPLE_TRIGGERS", "qrtz_TRIGGERS", "qrtz_JOB_DETAILS",
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in Tables)
        {
            // Indexes and (on SQLite) the delete triggers go with their tables.
            migrationBuilder.Sql($"DROP TABLE IF EXISTS {table}");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
