using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SystemTextKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NoteArgs",
                table: "TrackedEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoteKey",
                table: "TrackedEvents",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "TrackedEvents",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextArgs",
                table: "Notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextKey",
                table: "Notices",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextArgs",
                table: "MinutesEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextKey",
                table: "MinutesEntries",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NoteArgs",
                table: "TrackedEvents");

            migrationBuilder.DropColumn(
                name: "NoteKey",
                table: "TrackedEvents");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "TrackedEvents");

            migrationBuilder.DropColumn(
                name: "TextArgs",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "TextKey",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "TextArgs",
                table: "MinutesEntries");

            migrationBuilder.DropColumn(
                name: "TextKey",
                table: "MinutesEntries");
        }
    }
}
