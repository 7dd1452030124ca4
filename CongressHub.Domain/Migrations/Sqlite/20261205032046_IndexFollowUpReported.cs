using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexFollowUpReported : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_StreetId_ReportedInSessionId_State",
                table: "TrackedItems",
                columns: new[] { "StreetId", "ReportedInSessionId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrackedItems_StreetId_ReportedInSessionId_State",
                table: "TrackedItems");
        }
    }
}
