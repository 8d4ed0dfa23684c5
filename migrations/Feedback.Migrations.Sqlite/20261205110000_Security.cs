using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;


namespace Feedback.Migrations.Sqlite;

/// <summary>Security: each feedback event remembers the models its key may write (no cross-model label planting) and
/// whether it is held in quarantine; subjects are indexed for erasure; erasures are recorded.</summary>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261205110000_Security")]
public sealed class Security : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>("model_scope", "feedback_events", type: "TEXT", maxLength: 4000, nullable: true);
        migrationBuilder.AddColumn<long>("held_at", "feedback_events", type: "INTEGER", nullable: true);
        migrationBuilder.CreateIndex("ix_feedback_events_subject", "feedback_events", "subject");
        migrationBuilder.CreateIndex("ix_predictions_subject", "predictions", "subject");
        migrationBuilder.CreateTable(
            name: "subject_erasures",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                subject_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                requested_by = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                erased_at = table.Column<long>(type: "INTEGER", nullable: false),
                predictions = table.Column<int>(type: "INTEGER", nullable: false),
                feedback_events = table.Column<int>(type: "INTEGER", nullable: false),
                annotation_items = table.Column<int>(type: "INTEGER", nullable: false),
                labeled_examples = table.Column<int>(type: "INTEGER", nullable: false),
                snapshot_examples = table.Column<int>(type: "INTEGER", nullable: false),
                versions = table.Column<string>(type: "TEXT", nullable: false),
                snapshots = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_subject_erasures", x => x.id));
        migrationBuilder.CreateIndex("ix_subject_erasures_subject_hash", "subject_erasures", "subject_hash");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("subject_erasures");
        migrationBuilder.DropIndex("ix_predictions_subject", "predictions");
        migrationBuilder.DropIndex("ix_feedback_events_subject", "feedback_events");
        // SQLite (3.35+) drops a column natively; EF's table rebuild would need a model snapshot these migrations lack.
        migrationBuilder.Sql("ALTER TABLE feedback_events DROP COLUMN held_at;");
        migrationBuilder.Sql("ALTER TABLE feedback_events DROP COLUMN model_scope;");
    }
}
