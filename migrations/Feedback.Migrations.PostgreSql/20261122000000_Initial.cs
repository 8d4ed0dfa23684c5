using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Feedback.Migrations.PostgreSql;

/// <summary>Models and revisions, versions and aliases, predictions, feedback events, API keys.</summary>
/// <remarks>Feature values and scores are jsonb.</remarks>
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
                id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                scopes = table.Column<int>(type: "integer", nullable: false),
                models = table.Column<string[]>(type: "text[]", nullable: true),
                source = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_api_keys", x => x.id));

        migrationBuilder.CreateTable(
            name: "feedback_events",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                source = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                event_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                tracking_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                kind = table.Column<int>(type: "integer", nullable: false),
                value_number = table.Column<double>(type: "double precision", nullable: true),
                value_text = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                action = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                category = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                subject = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                content_hash = table.Column<byte[]>(type: "bytea", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_feedback_events", x => x.id));

        migrationBuilder.CreateTable(
            name: "models",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                task_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                current_revision = table.Column<int>(type: "integer", nullable: false),
                definition = table.Column<string>(type: "text", nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_models", x => x.id));

        migrationBuilder.CreateTable(
            name: "model_aliases",
            columns: table => new
            {
                model_id = table.Column<long>(type: "bigint", nullable: false),
                alias = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                version = table.Column<int>(type: "integer", nullable: false),
                traffic_share = table.Column<double>(type: "double precision", nullable: true),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
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
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                model_id = table.Column<long>(type: "bigint", nullable: false),
                revision = table.Column<int>(type: "integer", nullable: false),
                definition = table.Column<string>(type: "text", nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
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
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                model_id = table.Column<long>(type: "bigint", nullable: false),
                version = table.Column<int>(type: "integer", nullable: false),
                definition_revision = table.Column<int>(type: "integer", nullable: false),
                parent_version = table.Column<int>(type: "integer", nullable: true),
                bundle_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                bundle = table.Column<byte[]>(type: "bytea", nullable: false),
                metadata = table.Column<string>(type: "text", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
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
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                tracking_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                model_id = table.Column<long>(type: "bigint", nullable: false),
                model_version = table.Column<int>(type: "integer", nullable: true),
                version_tag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                inputs = table.Column<string>(type: "jsonb", nullable: false),
                output_label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                output_scores = table.Column<string>(type: "jsonb", nullable: true),
                subject = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                exploration = table.Column<bool>(type: "boolean", nullable: false),
                origin = table.Column<int>(type: "integer", nullable: false),
                served_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                content_hash = table.Column<byte[]>(type: "bytea", nullable: false),
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
