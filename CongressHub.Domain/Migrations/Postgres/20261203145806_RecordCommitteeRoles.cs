using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordCommitteeRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CommunityId",
                table: "CommitteeMembers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Roles",
                table: "CommitteeMembers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Members elected before roles were kept get them from their delegate's category, as new members do.
            migrationBuilder.Sql("""
                UPDATE "CommitteeMembers" SET
                  "Roles" = COALESCE((SELECT CASE d."Category" WHEN 1 THEN 4 WHEN 2 THEN 8 WHEN 3 THEN 2 ELSE 0 END
                                      FROM "Delegates" d WHERE d."Id" = "CommitteeMembers"."DelegateId"), 0),
                  "CommunityId" = (SELECT d."CommunityId" FROM "Delegates" d
                                   WHERE d."Id" = "CommitteeMembers"."DelegateId" AND d."Category" = 3);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeMembers_CommunityId",
                table: "CommitteeMembers",
                column: "CommunityId");

            migrationBuilder.AddForeignKey(
                name: "FK_CommitteeMembers_Communities_CommunityId",
                table: "CommitteeMembers",
                column: "CommunityId",
                principalTable: "Communities",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_CommitteeMembers_Communities_CommunityId",
                table: "CommitteeMembers");

            migrationBuilder.DropIndex(
                name: "IX_CommitteeMembers_CommunityId",
                table: "CommitteeMembers");

            migrationBuilder.DropColumn(
                name: "CommunityId",
                table: "CommitteeMembers");

            migrationBuilder.DropColumn(
                name: "Roles",
                table: "CommitteeMembers");
        }
    }
}
