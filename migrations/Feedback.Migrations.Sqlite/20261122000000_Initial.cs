using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Feedback.Migrations.Sqlite;

/// <summary>Models and revisions, versions and aliases, predictions, feedback events, API keys.</summary>
/// <remarks>Timestamps are INTEGER microseconds since the Unix epoch (see <c>UnixMicrosecondsConverter</c>).</remarks>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                name = table.Column<string>(type: "TEXT", nullable: false),
                secret_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                scopes = table.Column<int>(type: "INTEGER", nullable: false),
                models = table.Column<string>(type: "TEXT", nullable: true),
                source = table.Column<string>(type: "TEXT", nullable: false),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
                revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_api_keys", x => x.id));

        migrationBuilder.CreateTable(
            name: "feedback_events",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                source = table.Column<string>(type: "TEXT", nullable: false),
                event_id = table.Column<string>(type: "TEXT", nullable: false),
                tracking_id = table.Column<string>(type: "TEXT", nullable: false),
                kind = table.Column<int>(type: "INTEGER", nullable: false),
                value_number = table.Column<double>(type: "REAL", nullable: true),
                value_text = table.Column<string>(type: "TEXT", nullable: true),
                label = table.Column<string>(type: "TEXT", nullable: true),
                action = table.Column<string>(type: "TEXT", nullable: true),
                category = table.Column<string>(type: "TEXT", nullable: true),
                severity = table.Column<string>(type: "TEXT", nullable: true),
                subject = table.Column<string>(type: "TEXT", nullable: true),
                comment = table.Column<string>(type: "TEXT", nullable: true),
                occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                received_at = table.Column<long>(type: "INTEGER", nullable: false),
                content_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_feedback_events", x => x.id));

        migrationBuilder.CreateTable(
            name: "models",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                name = table.Column<string>(type: "TEXT", nullable: false),
                task_type = table.Column<string>(type: "TEXT", nullable: false),
                current_revision = table.Column<int>(type: "INTEGER", nullable: false),
                definition = table.Column<string>(type: "TEXT", nullable: false),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
                updated_at = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_models", x => x.id));

        migrationBuilder.CreateTable(
            name: "model_aliases",
            columns: table => new
            {
                model_id = table.Column<long>(type: "INTEGER", nullable: false),
                alias = table.Column<string>(type: "TEXT", nullable: false),
                version = table.Column<int>(type: "INTEGER", nullable: false),
                traffic_share = table.Column<double>(type: "REAL", nullable: true),
                updated_at = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_model_aliases", x => new { x.model_id, x.alias });
                table.ForeignKey("fk_model_aliases_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "model_revisions",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                model_id = table.Column<long>(type: "INTEGER", nullable: false),
                revision = table.Column<int>(type: "INTEGER", nullable: false),
                definition = table.Column<string>(type: "TEXT", nullable: false),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
                created_by = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_model_revisions", x => x.id);
                table.ForeignKey("fk_model_revisions_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "model_versions",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                model_id = table.Column<long>(type: "INTEGER", nullable: false),
                version = table.Column<int>(type: "INTEGER", nullable: false),
                definition_revision = table.Column<int>(type: "INTEGER", nullable: false),
                parent_version = table.Column<int>(type: "INTEGER", nullable: true),
                bundle_hash = table.Column<string>(type: "TEXT", nullable: false),
                bundle = table.Column<byte[]>(type: "BLOB", nullable: false),
                metadata = table.Column<string>(type: "TEXT", nullable: true),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_model_versions", x => x.id);
                table.ForeignKey("fk_model_versions_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "predictions",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                tracking_id = table.Column<string>(type: "TEXT", nullable: false),
                model_id = table.Column<long>(type: "INTEGER", nullable: false),
                model_version = table.Column<int>(type: "INTEGER", nullable: true),
                version_tag = table.Column<string>(type: "TEXT", nullable: true),
                inputs = table.Column<string>(type: "TEXT", nullable: false),
                output_label = table.Column<string>(type: "TEXT", nullable: true),
                output_scores = table.Column<string>(type: "TEXT", nullable: true),
                subject = table.Column<string>(type: "TEXT", nullable: true),
                exploration = table.Column<bool>(type: "INTEGER", nullable: false),
                origin = table.Column<int>(type: "INTEGER", nullable: false),
                served_at = table.Column<long>(type: "INTEGER", nullable: false),
                received_at = table.Column<long>(type: "INTEGER", nullable: false),
                expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                content_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_predictions", x => x.id);
                table.ForeignKey("fk_predictions_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("ix_feedback_events_source_event_id", "feedback_events", ["source", "event_id"], unique: true);
        migrationBuilder.CreateIndex("ix_feedback_events_tracking_id", "feedback_events", "tracking_id");
        migrationBuilder.CreateIndex("ix_model_revisions_model_id_revision", "model_revisions", ["model_id", "revision"], unique: true);
        migrationBuilder.CreateIndex("ix_model_versions_model_id_version", "model_versions", ["model_id", "version"], unique: true);
        migrationBuilder.CreateIndex("ix_models_name", "models", "name", unique: true);
        migrationBuilder.CreateIndex("ix_predictions_model_id_served_at", "predictions", ["model_id", "served_at"]);
        migrationBuilder.CreateIndex("ix_predictions_tracking_id", "predictions", "tracking_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in new[] { "predictions", "model_versions", "model_revisions", "model_aliases", "models", "feedback_events", "api_keys" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
