using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddOnTheSpotAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OnTheSpotOfficerId",
                table: "TrackedItems",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OnTheSpotSessionId",
                table: "TrackedItems",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OnTheSpotOfficerId",
                table: "TrackedItems");

            migrationBuilder.DropColumn(
                name: "OnTheSpotSessionId",
                table: "TrackedItems");
        }
    }
}
