using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Feedback.Migrations.PostgreSql;

/// <summary>Annotation projects, their items, answer slots (leases) and answers.</summary>
/// <remarks>Settings and snapshots are text columns; they are read whole, never queried.</remarks>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261122100000_Annotation")]
public sealed class Annotation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "annotation_projects",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                model_id = table.Column<long>(type: "bigint", nullable: false),
                instructions = table.Column<string>(type: "text", nullable: false),
                choices = table.Column<string>(type: "text", nullable: false),
                overlap = table.Column<int>(type: "integer", nullable: false),
                pools = table.Column<int>(type: "integer", nullable: false),
                gold_rate = table.Column<double>(type: "double precision", nullable: false),
                show_suggestion = table.Column<bool>(type: "boolean", nullable: false),
                review_threshold = table.Column<double>(type: "double precision", nullable: false),
                sources = table.Column<string>(type: "text", nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                created_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_annotation_projects", x => x.id);
                table.ForeignKey("fk_annotation_projects_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "annotation_items",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                project_id = table.Column<long>(type: "bigint", nullable: false),
                tracking_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                inputs = table.Column<string>(type: "text", nullable: false),
                suggested_label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                suggested_scores = table.Column<string>(type: "text", nullable: true),
                source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                status = table.Column<int>(type: "integer", nullable: false),
                gold_label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                crowd_answers = table.Column<int>(type: "integer", nullable: false),
                consensus_label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                consensus_confidence = table.Column<double>(type: "double precision", nullable: true),
                consensus_tie = table.Column<bool>(type: "boolean", nullable: false),
                resolved_label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                resolved_confidence = table.Column<double>(type: "double precision", nullable: true),
                resolved_source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_annotation_items", x => x.id);
                table.ForeignKey("fk_annotation_items_annotation_projects_project_id", x => x.project_id, "annotation_projects", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "annotation_slots",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                project_id = table.Column<long>(type: "bigint", nullable: false),
                item_id = table.Column<long>(type: "bigint", nullable: false),
                pool = table.Column<int>(type: "integer", nullable: false),
                leased_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                leased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                answered_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_annotation_slots", x => x.id);
                table.ForeignKey("fk_annotation_slots_annotation_items_item_id", x => x.item_id, "annotation_items", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "annotation_answers",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                project_id = table.Column<long>(type: "bigint", nullable: false),
                item_id = table.Column<long>(type: "bigint", nullable: false),
                slot_id = table.Column<long>(type: "bigint", nullable: true),
                annotator_id = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                pool = table.Column<int>(type: "integer", nullable: false),
                label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                skipped = table.Column<bool>(type: "boolean", nullable: false),
                leased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_annotation_answers", x => x.id);
                table.ForeignKey("fk_annotation_answers_annotation_items_item_id", x => x.item_id, "annotation_items", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_annotation_projects_model_id", "annotation_projects", "model_id");
        migrationBuilder.CreateIndex("ix_annotation_projects_name", "annotation_projects", "name", unique: true);
        migrationBuilder.CreateIndex("ix_annotation_items_project_id_status", "annotation_items", ["project_id", "status"]);
        migrationBuilder.CreateIndex("ix_annotation_items_project_id_tracking_id", "annotation_items", ["project_id", "tracking_id"], unique: true);
        migrationBuilder.CreateIndex("ix_annotation_slots_item_id", "annotation_slots", "item_id");
        migrationBuilder.CreateIndex("ix_annotation_slots_project_id_pool_answered_by", "annotation_slots", ["project_id", "pool", "answered_by"]);
        migrationBuilder.CreateIndex("ix_annotation_answers_item_id_annotator_id", "annotation_answers", ["item_id", "annotator_id"], unique: true);
        migrationBuilder.CreateIndex("ix_annotation_answers_project_id_annotator_id", "annotation_answers", ["project_id", "annotator_id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in new[] { "annotation_answers", "annotation_slots", "annotation_items", "annotation_projects" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
