using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Feedback.Migrations.PostgreSql;

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
        "qrtz_job_status", "qrtz_misfire_history", "qrtz_execution_history", "qrtz_locks", "qrtz_scheduler_state", "qrtz_fired_triggers", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps", "qrtz_calendars", "qrtz_blob_triggers", "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_simple_triggers", "qrtz_triggers", "qrtz_job_details",
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
