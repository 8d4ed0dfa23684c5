using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Feedback.Migrations.Sqlite;

/// <summary>Pipeline runs with their steps, attempts, logs, content-addressed artifacts, snapshot lineage and approval requests.</summary>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261122150000_Pipeline")]
public sealed class Pipeline : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "pipeline_runs",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                model_id = table.Column<long>(type: "INTEGER", nullable: false),
                number = table.Column<int>(type: "INTEGER", nullable: false),
                status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                trigger = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                cold_start = table.Column<bool>(type: "INTEGER", nullable: false),
                requested_by = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                definition_revision = table.Column<int>(type: "INTEGER", nullable: false),
                current_step = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                error = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                cancel_requested = table.Column<bool>(type: "INTEGER", nullable: false),
                active_model_id = table.Column<long>(type: "INTEGER", nullable: true),
                baseline_version = table.Column<int>(type: "INTEGER", nullable: true),
                produced_version = table.Column<int>(type: "INTEGER", nullable: true),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
                started_at = table.Column<long>(type: "INTEGER", nullable: true),
                finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                updated_at = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_pipeline_runs", x => x.id);
                table.ForeignKey("fk_pipeline_runs_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("ix_pipeline_runs_active_model_id", "pipeline_runs", "active_model_id", unique: true);
        migrationBuilder.CreateIndex("ix_pipeline_runs_model_id_number", "pipeline_runs", ["model_id", "number"], unique: true);
        migrationBuilder.CreateIndex("ix_pipeline_runs_status", "pipeline_runs", "status");

        migrationBuilder.CreateTable(
            name: "artifact_blobs",
            columns: table => new
            {
                hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                content = table.Column<byte[]>(type: "BLOB", nullable: false),
                size = table.Column<long>(type: "INTEGER", nullable: false),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_artifact_blobs", x => x.hash);
            });


        migrationBuilder.CreateTable(
            name: "approval_requests",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                run_id = table.Column<long>(type: "INTEGER", nullable: false),
                model_id = table.Column<long>(type: "INTEGER", nullable: false),
                status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                summary = table.Column<string>(type: "TEXT", nullable: false),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
                expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                decided_by = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_approval_requests", x => x.id);
                table.ForeignKey("fk_approval_requests_pipeline_runs_run_id", x => x.run_id, "pipeline_runs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_approval_requests_run_id", "approval_requests", "run_id");
        migrationBuilder.CreateIndex("ix_approval_requests_status", "approval_requests", "status");

        migrationBuilder.CreateTable(
            name: "run_artifacts",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                model_id = table.Column<long>(type: "INTEGER", nullable: false),
                run_id = table.Column<long>(type: "INTEGER", nullable: false),
                step = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                media_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                size = table.Column<long>(type: "INTEGER", nullable: false),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_run_artifacts", x => x.id);
                table.ForeignKey("fk_run_artifacts_artifact_blobs_hash", x => x.hash, "artifact_blobs", "hash", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("fk_run_artifacts_pipeline_runs_run_id", x => x.run_id, "pipeline_runs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_run_artifacts_hash", "run_artifacts", "hash");
        migrationBuilder.CreateIndex("ix_run_artifacts_model_id_kind", "run_artifacts", ["model_id", "kind"]);
        migrationBuilder.CreateIndex("ix_run_artifacts_run_id", "run_artifacts", "run_id");

        migrationBuilder.CreateTable(
            name: "run_log_lines",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                run_id = table.Column<long>(type: "INTEGER", nullable: false),
                step = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                at = table.Column<long>(type: "INTEGER", nullable: false),
                level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                message = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_run_log_lines", x => x.id);
                table.ForeignKey("fk_run_log_lines_pipeline_runs_run_id", x => x.run_id, "pipeline_runs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_run_log_lines_run_id", "run_log_lines", "run_id");

        migrationBuilder.CreateTable(
            name: "run_steps",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                run_id = table.Column<long>(type: "INTEGER", nullable: false),
                name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                attempts = table.Column<int>(type: "INTEGER", nullable: false),
                fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                cached_from_run_id = table.Column<long>(type: "INTEGER", nullable: true),
                inputs = table.Column<string>(type: "TEXT", nullable: true),
                summary = table.Column<string>(type: "TEXT", nullable: true),
                error = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                retry_at = table.Column<long>(type: "INTEGER", nullable: true),
                started_at = table.Column<long>(type: "INTEGER", nullable: true),
                finished_at = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_run_steps", x => x.id);
                table.ForeignKey("fk_run_steps_pipeline_runs_run_id", x => x.run_id, "pipeline_runs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_run_steps_name_fingerprint", "run_steps", ["name", "fingerprint"]);
        migrationBuilder.CreateIndex("ix_run_steps_run_id_ordinal", "run_steps", ["run_id", "ordinal"], unique: true);

        migrationBuilder.CreateTable(
            name: "snapshot_examples",
            columns: table => new
            {
                snapshot_id = table.Column<long>(type: "INTEGER", nullable: false),
                tracking_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                model_id = table.Column<long>(type: "INTEGER", nullable: false),
                split = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                label = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                evidence = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_snapshot_examples", x => new { x.snapshot_id, x.tracking_id });
                table.ForeignKey("fk_snapshot_examples_run_artifacts_snapshot_id", x => x.snapshot_id, "run_artifacts", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_snapshot_examples_tracking_id", "snapshot_examples", "tracking_id");

        migrationBuilder.CreateTable(
            name: "step_attempts",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                step_id = table.Column<long>(type: "INTEGER", nullable: false),
                run_id = table.Column<long>(type: "INTEGER", nullable: false),
                attempt = table.Column<int>(type: "INTEGER", nullable: false),
                status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                node = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                error = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                started_at = table.Column<long>(type: "INTEGER", nullable: false),
                finished_at = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_step_attempts", x => x.id);
                table.ForeignKey("fk_step_attempts_run_steps_step_id", x => x.step_id, "run_steps", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_step_attempts_run_id", "step_attempts", "run_id");
        migrationBuilder.CreateIndex("ix_step_attempts_step_id_attempt", "step_attempts", ["step_id", "attempt"], unique: true);

    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("step_attempts");
        migrationBuilder.DropTable("snapshot_examples");
        migrationBuilder.DropTable("run_steps");
        migrationBuilder.DropTable("run_log_lines");
        migrationBuilder.DropTable("run_artifacts");
        migrationBuilder.DropTable("approval_requests");
        migrationBuilder.DropTable("artifact_blobs");
        migrationBuilder.DropTable("pipeline_runs");
    }
}
