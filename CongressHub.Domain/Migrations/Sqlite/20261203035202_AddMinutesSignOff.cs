using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddMinutesSignOff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MinutesReturnNote",
                table: "Sessions",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MinutesSignedOffBy",
                table: "Sessions",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "MinutesSubmittedUtc",
                table: "Sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MinutesVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Markdown = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    SavedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SavedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MinutesVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MinutesVersions_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MinutesVersions_SessionId_Number",
                table: "MinutesVersions",
                columns: new[] { "SessionId", "Number" },
                unique: true);

            // Minutes written before versions were kept become their first version.
            migrationBuilder.Sql(
                """
                INSERT INTO "MinutesVersions" ("SessionId", "Number", "Markdown", "SavedBy", "SavedUtc")
                SELECT "Id", 1, "MinutesMarkdown", '', COALESCE("MinutesPublishedUtc", "AdjournedUtc", "ScheduledUtc")
                FROM "Sessions" WHERE "MinutesMarkdown" <> ''
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MinutesVersions");

            migrationBuilder.DropColumn(
                name: "MinutesReturnNote",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "MinutesSignedOffBy",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "MinutesSubmittedUtc",
                table: "Sessions");
        }
    }
}
