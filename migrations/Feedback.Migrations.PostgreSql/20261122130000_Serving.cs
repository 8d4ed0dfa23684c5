using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Feedback.Migrations.PostgreSql;

/// <summary>The alias history: every push, promotion and rollback of a model's aliases (who, when, from, to, why).</summary>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261122130000_Serving")]
public sealed class Serving : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "model_alias_history",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                model_id = table.Column<long>(type: "bigint", nullable: false),
                alias = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                version = table.Column<int>(type: "integer", nullable: false),
                previous_version = table.Column<int>(type: "integer", nullable: true),
                moved_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                moved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_model_alias_history", x => x.id);
                table.ForeignKey("fk_model_alias_history_models_model_id", x => x.model_id, "models", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_model_alias_history_model_id_id", "model_alias_history", ["model_id", "id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("model_alias_history");
    }
}
