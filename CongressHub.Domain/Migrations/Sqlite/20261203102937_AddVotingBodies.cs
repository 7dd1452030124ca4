using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddVotingBodies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Terms_StreetId_Number",
                table: "Terms");

            migrationBuilder.AddColumn<int>(
                name: "Body",
                table: "Terms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "CommunityId",
                table: "Terms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DefaultMajority",
                table: "Terms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<int>(
                name: "QuorumRule",
                table: "Terms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SecretaryMemberId",
                table: "Terms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CommunityId",
                table: "Sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Terms_CommunityId",
                table: "Terms",
                column: "CommunityId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Terms_StreetId_Number",
                table: "Terms",
                columns: new[] { "StreetId", "Number" },
                unique: true,
                filter: "\"CommunityId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_CommunityId",
                table: "Sessions",
                column: "CommunityId");

            migrationBuilder.AddForeignKey(
                name: "FK_Terms_Communities_CommunityId",
                table: "Terms",
                column: "CommunityId",
                principalTable: "Communities",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Terms_Communities_CommunityId",
                table: "Terms");

            migrationBuilder.DropIndex(
                name: "IX_Terms_CommunityId",
                table: "Terms");

            migrationBuilder.DropIndex(
                name: "IX_Terms_StreetId_Number",
                table: "Terms");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_CommunityId",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "Body",
                table: "Terms");

            migrationBuilder.DropColumn(
                name: "CommunityId",
                table: "Terms");

            migrationBuilder.DropColumn(
                name: "DefaultMajority",
                table: "Terms");

            migrationBuilder.DropColumn(
                name: "QuorumRule",
                table: "Terms");

            migrationBuilder.DropColumn(
                name: "SecretaryMemberId",
                table: "Terms");

            migrationBuilder.DropColumn(
                name: "CommunityId",
                table: "Sessions");

            migrationBuilder.CreateIndex(
                name: "IX_Terms_StreetId_Number",
                table: "Terms",
                columns: new[] { "StreetId", "Number" },
                unique: true);
        }
    }
}
