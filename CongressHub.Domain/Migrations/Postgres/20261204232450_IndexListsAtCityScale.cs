using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexListsAtCityScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrackedEvents_ItemId",
                table: "TrackedEvents");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_StreetId_Id",
                table: "TrackedItems",
                columns: new[] { "StreetId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_StreetId_UpdatedUtc_Id",
                table: "TrackedItems",
                columns: new[] { "StreetId", "UpdatedUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TrackedEvents_ItemId_AtUtc_Id",
                table: "TrackedEvents",
                columns: new[] { "ItemId", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Streets_District",
                table: "Streets",
                column: "District");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_StreetId_Status",
                table: "Sessions",
                columns: new[] { "StreetId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrackedItems_StreetId_Id",
                table: "TrackedItems");

            migrationBuilder.DropIndex(
                name: "IX_TrackedItems_StreetId_UpdatedUtc_Id",
                table: "TrackedItems");

            migrationBuilder.DropIndex(
                name: "IX_TrackedEvents_ItemId_AtUtc_Id",
                table: "TrackedEvents");

            migrationBuilder.DropIndex(
                name: "IX_Streets_District",
                table: "Streets");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_StreetId_Status",
                table: "Sessions");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedEvents_ItemId",
                table: "TrackedEvents",
                column: "ItemId");
        }
    }
}
