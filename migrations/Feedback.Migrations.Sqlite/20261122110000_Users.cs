using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Feedback.Migrations.Sqlite;

/// <summary>Local user accounts for the web UI (hashed passwords, roles, lockout).</summary>
[DbContext(typeof(FeedbackDbContext))]
[Migration("20261122110000_Users")]
public sealed class Users : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                user_name = table.Column<string>(type: "TEXT", nullable: false),
                password_hash = table.Column<string>(type: "TEXT", nullable: false),
                roles = table.Column<int>(type: "INTEGER", nullable: false),
                failed_sign_ins = table.Column<int>(type: "INTEGER", nullable: false),
                locked_until = table.Column<long>(type: "INTEGER", nullable: true),
                created_at = table.Column<long>(type: "INTEGER", nullable: false),
                last_sign_in_at = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_users", x => x.id));

        migrationBuilder.CreateIndex("ix_users_user_name", "users", "user_name", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("users");
    }
}
