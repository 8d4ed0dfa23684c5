using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Feedback.Migrations.PostgreSql;

/// <summary>Resolved labels (one row per labeled prediction) and the per-model state of the incremental join.</summary>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261122120000_Labels")]
public sealed class Labels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "labeled_examples",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                model_id = table.Column<long>(type: "bigint", nullable: false),
                tracking_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                prediction_id = table.Column<long>(type: "bigint", nullable: false),
                label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                label_source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                confidence = table.Column<double>(type: "double precision", nullable: false),
                weight = table.Column<double>(type: "double precision", nullable: false),
                evidence = table.Column<string>(type: "text", nullable: false),
                conflicts = table.Column<string>(type: "text", nullable: false),
                conflict_count = table.Column<int>(type: "integer", nullable: false),
                predicted_label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                model_version = table.Column<int>(type: "integer", nullable: true),
                served_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                first_labeled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                labeled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_labeled_examples", x => x.id);
                table.ForeignKey("fk_labeled_examples_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("fk_labeled_examples_predictions_prediction_id", x => x.prediction_id, "predictions", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_labeled_examples_tracking_id", "labeled_examples", "tracking_id", unique: true);
        migrationBuilder.CreateIndex("ix_labeled_examples_model_id_tracking_id", "labeled_examples", ["model_id", "tracking_id"]);
        migrationBuilder.CreateIndex("ix_labeled_examples_model_id_labeled_at", "labeled_examples", ["model_id", "labeled_at"]);
        migrationBuilder.CreateIndex("ix_labeled_examples_prediction_id", "labeled_examples", "prediction_id");

        migrationBuilder.CreateTable(
            name: "label_join_states",
            columns: table => new
            {
                model_id = table.Column<long>(type: "bigint", nullable: false),
                feedback_watermark = table.Column<long>(type: "bigint", nullable: false),
                prediction_watermark = table.Column<long>(type: "bigint", nullable: false),
                answer_watermark = table.Column<long>(type: "bigint", nullable: false),
                window_watermark = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                policy_fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                predictions = table.Column<int>(type: "integer", nullable: false),
                with_feedback = table.Column<int>(type: "integer", nullable: false),
                labeled = table.Column<int>(type: "integer", nullable: false),
                conflicts = table.Column<int>(type: "integer", nullable: false),
                orphans = table.Column<int>(type: "integer", nullable: false),
                needs_annotation = table.Column<int>(type: "integer", nullable: false),
                last_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_label_join_states", x => x.model_id);
                table.ForeignKey("fk_label_join_states_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Restrict);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("label_join_states");
        migrationBuilder.DropTable("labeled_examples");
    }
}
