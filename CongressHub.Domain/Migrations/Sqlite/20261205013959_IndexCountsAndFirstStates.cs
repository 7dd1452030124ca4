using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexCountsAndFirstStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_PublicCount",
                table: "TrackedItems",
                columns: new[] { "StreetId", "Publishable", "State", "Kind", "Category", "CommunityId", "AssignedCommunityId", "DepartmentId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrackedEvents_ItemId_To_AtUtc",
                table: "TrackedEvents",
                columns: new[] { "ItemId", "To", "AtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrackedItems_PublicCount",
                table: "TrackedItems");

            migrationBuilder.DropIndex(
                name: "IX_TrackedEvents_ItemId_To_AtUtc",
                table: "TrackedEvents");
        }
    }
}
