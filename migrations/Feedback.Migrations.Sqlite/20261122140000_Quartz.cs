using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Feedback.Migrations.Sqlite;

/// <summary>The Quartz.NET 4.7.3 job store (table prefix <c>qrtz_</c>): the pipeline's persistent schedule, its execution
/// history and, on PostgreSQL, the cluster's check-ins and locks.</summary>
/// <remarks>
/// The statements are those Quartz itself provisions for this dialect (<c>create_sqlite.sql</c>, embedded in
/// <c>Quartz.dll</c>), with the prefix substituted and <c>IF NOT EXISTS</c> dropped: the migration owns these tables, so
/// finding one already there is an error worth seeing. Plain SQL, so migrating needs no Quartz at runtime. They are not
/// modelled in EF; <c>QuartzSchemaTests</c> fails when a Quartz upgrade provisions anything different.
/// </remarks>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261122140000_Quartz")]
public sealed class QuartzJobStore : Migration
{
    /// <summary>Quartz's tables, dropped children first.</summary>
    internal static readonly string[] Tables =
    [
        "qrtz_JOB_STATUS", "qrtz_MISFIRE_HISTORY", "qrtz_EXECUTION_HISTORY", "qrtz_LOCKS", "qrtz_SCHEDULER_STATE", "qrtz_FIRED_TRIGGERS", "qrtz_PAUSED_JOB_GRPS", "qrtz_PAUSED_TRIGGER_GRPS", "qrtz_CALENDARS", "qrtz_BLOB_TRIGGERS", "qrtz_SIMPROP_TRIGGERS", "qrtz_CRON_TRIGGERS", "qrtz_SIMPLE_TRIGGERS", "qrtz_TRIGGERS", "qrtz_JOB_DETAILS",
    ];

    private static readonly string[] Statements =
    [
        """
            CREATE TABLE qrtz_JOB_DETAILS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              JOB_NAME NVARCHAR(150) NOT NULL,
              JOB_GROUP NVARCHAR(150) NOT NULL,
              DESCRIPTION NVARCHAR(250) NULL,
              JOB_CLASS_NAME NVARCHAR(250) NOT NULL,
              IS_DURABLE BIT NOT NULL,
              IS_NONCONCURRENT BIT NOT NULL,
              IS_UPDATE_DATA BIT NOT NULL,
              REQUESTS_RECOVERY BIT NOT NULL,
              JOB_DATA BLOB NULL,
              PRIMARY KEY (SCHED_NAME,JOB_NAME,JOB_GROUP)
            )
            """,
        """
            CREATE TABLE qrtz_TRIGGERS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              TRIGGER_NAME NVARCHAR(150) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              JOB_NAME NVARCHAR(150) NOT NULL,
              JOB_GROUP NVARCHAR(150) NOT NULL,
              DESCRIPTION NVARCHAR(250) NULL,
              NEXT_FIRE_TIME BIGINT NULL,
              PREV_FIRE_TIME BIGINT NULL,
              PRIORITY INTEGER NULL,
              TRIGGER_STATE NVARCHAR(16) NOT NULL,
              TRIGGER_TYPE NVARCHAR(8) NOT NULL,
              START_TIME BIGINT NOT NULL,
              END_TIME BIGINT NULL,
              CALENDAR_NAME NVARCHAR(200) NULL,
              MISFIRE_INSTR INTEGER NULL,
              MISFIRE_ORIG_FIRE_TIME INTEGER NULL,
              EXECUTION_GROUP NVARCHAR(200) NULL,
              PREFERRED_NODE NVARCHAR(200) NULL,
              PREFERRED_NODE_AUTO BIT NOT NULL DEFAULT 0,
              RETRY_POLICY NVARCHAR(250) NULL,
              RETRY_ATTEMPT INTEGER NULL,
              CONTINUES_TRIGGER_NAME NVARCHAR(150) NULL,
              CONTINUES_TRIGGER_GROUP NVARCHAR(150) NULL,
              CONTINUATION_CONDITION INTEGER NULL,
              OVERLAP_POLICY INTEGER NULL,
              PAUSE_REASON NVARCHAR(250) NULL,
              PAUSED_BY NVARCHAR(200) NULL,
              PAUSED_AT BIGINT NULL,
              MISFIRE_THRESHOLD BIGINT NULL,
              FIXED_DELAY BIT NULL,
              JOB_DATA BLOB NULL,
              PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
              FOREIGN KEY (SCHED_NAME,JOB_NAME,JOB_GROUP) REFERENCES qrtz_JOB_DETAILS (SCHED_NAME,JOB_NAME,JOB_GROUP)
            )
            """,
        """
            CREATE TABLE qrtz_SIMPLE_TRIGGERS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              TRIGGER_NAME NVARCHAR(150) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              REPEAT_COUNT BIGINT NOT NULL,
              REPEAT_INTERVAL BIGINT NOT NULL,
              TIMES_TRIGGERED BIGINT NOT NULL,
              PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
              FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES qrtz_TRIGGERS (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE
            )
            """,
        """
            CREATE TABLE qrtz_CRON_TRIGGERS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              TRIGGER_NAME NVARCHAR(150) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              CRON_EXPRESSION NVARCHAR(250) NOT NULL,
              TIME_ZONE_ID NVARCHAR(80),
              PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
              FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES qrtz_TRIGGERS (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE
            )
            """,
        """
            CREATE TABLE qrtz_SIMPROP_TRIGGERS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              TRIGGER_NAME NVARCHAR(150) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              STR_PROP_1 NVARCHAR(512) NULL,
              STR_PROP_2 NVARCHAR(512) NULL,
              STR_PROP_3 NVARCHAR(512) NULL,
              INT_PROP_1 INT NULL,
              INT_PROP_2 INT NULL,
              LONG_PROP_1 BIGINT NULL,
              LONG_PROP_2 BIGINT NULL,
              DEC_PROP_1 NUMERIC NULL,
              DEC_PROP_2 NUMERIC NULL,
              BOOL_PROP_1 BIT NULL,
              BOOL_PROP_2 BIT NULL,
              TIME_ZONE_ID NVARCHAR(80) NULL,
              PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
              FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES qrtz_TRIGGERS (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE
            )
            """,
        """
            CREATE TABLE qrtz_BLOB_TRIGGERS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              TRIGGER_NAME NVARCHAR(150) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              BLOB_DATA BLOB NULL,
              PRIMARY KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP),
              FOREIGN KEY (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) REFERENCES qrtz_TRIGGERS (SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP) ON DELETE CASCADE
            )
            """,
        """
            CREATE TABLE qrtz_CALENDARS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              CALENDAR_NAME NVARCHAR(200) NOT NULL,
              CALENDAR BLOB NOT NULL,
              PRIMARY KEY (SCHED_NAME,CALENDAR_NAME)
            )
            """,
        """
            CREATE TABLE qrtz_PAUSED_TRIGGER_GRPS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              PAUSE_REASON NVARCHAR(250) NULL,
              PAUSED_BY NVARCHAR(200) NULL,
              PAUSED_AT BIGINT NULL,
              PRIMARY KEY (SCHED_NAME,TRIGGER_GROUP)
            )
            """,
        """
            CREATE TABLE qrtz_PAUSED_JOB_GRPS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              JOB_GROUP NVARCHAR(150) NOT NULL,
              PAUSE_REASON NVARCHAR(250) NULL,
              PAUSED_BY NVARCHAR(200) NULL,
              PAUSED_AT BIGINT NULL,
              PRIMARY KEY (SCHED_NAME,JOB_GROUP)
            )
            """,
        """
            CREATE TABLE qrtz_FIRED_TRIGGERS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              ENTRY_ID NVARCHAR(140) NOT NULL,
              TRIGGER_NAME NVARCHAR(150) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              INSTANCE_NAME NVARCHAR(200) NOT NULL,
              FIRED_TIME BIGINT NOT NULL,
              SCHED_TIME BIGINT NOT NULL,
              PRIORITY INTEGER NOT NULL,
              STATE NVARCHAR(16) NOT NULL,
              JOB_NAME NVARCHAR(150) NULL,
              JOB_GROUP NVARCHAR(150) NULL,
              IS_NONCONCURRENT BIT NULL,
              REQUESTS_RECOVERY BIT NULL,
              EXECUTION_GROUP NVARCHAR(200) NULL,
              PROGRESS INTEGER NULL,
              PROGRESS_MESSAGE NVARCHAR(250) NULL,
              INTERRUPT_REQUESTED_TIME BIGINT NULL,
              PRIMARY KEY (SCHED_NAME,ENTRY_ID)
            )
            """,
        """
            CREATE TABLE qrtz_SCHEDULER_STATE (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              INSTANCE_NAME NVARCHAR(200) NOT NULL,
              LAST_CHECKIN_TIME BIGINT NOT NULL,
              CHECKIN_INTERVAL BIGINT NOT NULL,
              QUARTZ_VERSION NVARCHAR(20) NULL,
              PRIMARY KEY (SCHED_NAME,INSTANCE_NAME)
            )
            """,
        """
            CREATE TABLE qrtz_LOCKS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              LOCK_NAME NVARCHAR(40) NOT NULL,
              PRIMARY KEY (SCHED_NAME,LOCK_NAME)
            )
            """,
        """
            CREATE TABLE qrtz_EXECUTION_HISTORY (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              ENTRY_ID NVARCHAR(140) NOT NULL,
              INSTANCE_NAME NVARCHAR(200) NOT NULL,
              JOB_NAME NVARCHAR(150) NOT NULL,
              JOB_GROUP NVARCHAR(150) NOT NULL,
              TRIGGER_NAME NVARCHAR(150) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              FIRED_TIME BIGINT NOT NULL,
              RUN_TIME BIGINT NOT NULL,
              SUCCEEDED BIT NOT NULL,
              ERROR_MESSAGE NVARCHAR(1000) NULL,
              RETRY_ATTEMPT INTEGER NOT NULL DEFAULT 0,
              RETRY_SCHEDULED BIT NOT NULL DEFAULT 0,
              EXECUTION_LOG TEXT NULL,
              RESULT INTEGER NULL,
              SUMMARY NVARCHAR(1000) NULL,
              METRICS TEXT NULL,
              MANUAL BIT NULL,
              FIRE_INSTANCE_ID NVARCHAR(140) NULL,
              JOB_INPUT TEXT NULL,
              JOB_INPUT_TOO_LARGE BIT NULL,
              PRIMARY KEY (SCHED_NAME,ENTRY_ID)
            )
            """,
        """
            CREATE TABLE qrtz_MISFIRE_HISTORY (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              ENTRY_ID NVARCHAR(140) NOT NULL,
              INSTANCE_NAME NVARCHAR(200) NOT NULL,
              TRIGGER_NAME NVARCHAR(150) NOT NULL,
              TRIGGER_GROUP NVARCHAR(150) NOT NULL,
              JOB_NAME NVARCHAR(150) NULL,
              JOB_GROUP NVARCHAR(150) NULL,
              MISFIRE_TIME BIGINT NOT NULL,
              SCHED_TIME BIGINT NULL,
              REASON INTEGER NULL,
              PRIMARY KEY (SCHED_NAME,ENTRY_ID)
            )
            """,
        """
            CREATE TABLE qrtz_JOB_STATUS (
              SCHED_NAME NVARCHAR(120) NOT NULL,
              JOB_GROUP NVARCHAR(150) NOT NULL,
              JOB_NAME NVARCHAR(150) NOT NULL,
              FIRST_FIRED_TIME BIGINT NOT NULL,
              LAST_FIRED_TIME BIGINT NOT NULL,
              LAST_RESULT INTEGER NOT NULL,
              LAST_RUN_TIME BIGINT NOT NULL,
              LAST_INSTANCE_NAME NVARCHAR(200) NOT NULL,
              LAST_ENTRY_ID NVARCHAR(140) NULL,
              LAST_SUMMARY NVARCHAR(1000) NULL,
              LAST_SUCCESS_TIME BIGINT NULL,
              LAST_FAILURE_TIME BIGINT NULL,
              LAST_FAILURE_MESSAGE NVARCHAR(1000) NULL,
              CONSECUTIVE_FAILURES INTEGER NOT NULL DEFAULT 0,
              RUN_COUNT BIGINT NOT NULL DEFAULT 0,
              FAILURE_COUNT BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (SCHED_NAME,JOB_GROUP,JOB_NAME)
            )
            """,
        """
            CREATE TRIGGER qrtz_DELETE_SIMPLE_TRIGGER DELETE ON qrtz_TRIGGERS
            BEGIN
              DELETE FROM qrtz_SIMPLE_TRIGGERS WHERE SCHED_NAME=OLD.SCHED_NAME AND TRIGGER_NAME=OLD.TRIGGER_NAME AND TRIGGER_GROUP=OLD.TRIGGER_GROUP;
            END
            """,
        """
            CREATE TRIGGER qrtz_DELETE_SIMPROP_TRIGGER DELETE ON qrtz_TRIGGERS
            BEGIN
              DELETE FROM qrtz_SIMPROP_TRIGGERS WHERE SCHED_NAME=OLD.SCHED_NAME AND TRIGGER_NAME=OLD.TRIGGER_NAME AND TRIGGER_GROUP=OLD.TRIGGER_GROUP;
            END
            """,
        """
            CREATE TRIGGER qrtz_DELETE_CRON_TRIGGER DELETE ON qrtz_TRIGGERS
            BEGIN
              DELETE FROM qrtz_CRON_TRIGGERS WHERE SCHED_NAME=OLD.SCHED_NAME AND TRIGGER_NAME=OLD.TRIGGER_NAME AND TRIGGER_GROUP=OLD.TRIGGER_GROUP;
            END
            """,
        """
            CREATE TRIGGER qrtz_DELETE_BLOB_TRIGGER DELETE ON qrtz_TRIGGERS
            BEGIN
              DELETE FROM qrtz_BLOB_TRIGGERS WHERE SCHED_NAME=OLD.SCHED_NAME AND TRIGGER_NAME=OLD.TRIGGER_NAME AND TRIGGER_GROUP=OLD.TRIGGER_GROUP;
            END
            """,
        """
            CREATE INDEX IDX_qrtz_J_G_N ON qrtz_JOB_DETAILS(SCHED_NAME,JOB_GROUP,JOB_NAME)
            """,
        """
            CREATE INDEX IDX_qrtz_T_J ON qrtz_TRIGGERS(SCHED_NAME,JOB_NAME,JOB_GROUP)
            """,
        """
            CREATE INDEX IDX_qrtz_T_G_N ON qrtz_TRIGGERS(SCHED_NAME,TRIGGER_GROUP,TRIGGER_NAME)
            """,
        """
            CREATE INDEX IDX_qrtz_T_C ON qrtz_TRIGGERS(SCHED_NAME,CALENDAR_NAME)
            """,
        """
            CREATE INDEX IDX_qrtz_T_NFT_ST ON qrtz_TRIGGERS(SCHED_NAME,TRIGGER_STATE,NEXT_FIRE_TIME ASC,PRIORITY DESC,MISFIRE_INSTR)
            """,
        """
            CREATE INDEX IDX_qrtz_FT_INST_JOB_REQ_RCVRY ON qrtz_FIRED_TRIGGERS(SCHED_NAME,INSTANCE_NAME,REQUESTS_RECOVERY)
            """,
        """
            CREATE INDEX IDX_qrtz_FT_J_G ON qrtz_FIRED_TRIGGERS(SCHED_NAME,JOB_NAME,JOB_GROUP)
            """,
        """
            CREATE INDEX IDX_qrtz_FT_T_G ON qrtz_FIRED_TRIGGERS(SCHED_NAME,TRIGGER_NAME,TRIGGER_GROUP)
            """,
        """
            CREATE INDEX IDX_qrtz_EH_FIRED_TIME ON qrtz_EXECUTION_HISTORY(SCHED_NAME,FIRED_TIME)
            """,
        """
            CREATE INDEX IDX_qrtz_EH_INST ON qrtz_EXECUTION_HISTORY(SCHED_NAME,INSTANCE_NAME)
            """,
        """
            CREATE INDEX IDX_qrtz_MH_MISFIRE_TIME ON qrtz_MISFIRE_HISTORY(SCHED_NAME,MISFIRE_TIME)
            """,
        """
            CREATE INDEX IDX_qrtz_MH_INST ON qrtz_MISFIRE_HISTORY(SCHED_NAME,INSTANCE_NAME)
            """,
        """
            CREATE INDEX IDX_qrtz_EH_JOB_TIME ON qrtz_EXECUTION_HISTORY(SCHED_NAME,JOB_GROUP,JOB_NAME,FIRED_TIME)
            """,
        """
            CREATE INDEX IDX_qrtz_EH_FIRE_INST ON qrtz_EXECUTION_HISTORY(SCHED_NAME,FIRE_INSTANCE_ID)
            """,
        """
            CREATE INDEX IDX_qrtz_EH_TRIG_TIME ON qrtz_EXECUTION_HISTORY(SCHED_NAME,TRIGGER_GROUP,TRIGGER_NAME,FIRED_TIME)
            """,
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var statement in Statements)
        {
            migrationBuilder.Sql(statement);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in Tables)
        {
            // Indexes and (on SQLite) the delete triggers go with their tables.
            migrationBuilder.Sql($"DROP TABLE {table}");
        }
    }
}
