using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WipCharge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OfficerInChargeId",
                table: "Communities",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PassOns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StreetId = table.Column<int>(type: "INTEGER", nullable: false),
                    TrackedItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    OfficerId = table.Column<int>(type: "INTEGER", nullable: false),
                    To = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    WhenUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PassOns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PassOns_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PassOns_Officers_OfficerId",
                        column: x => x.OfficerId,
                        principalTable: "Officers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PassOns_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PassOns_TrackedItems_TrackedItemId",
                        column: x => x.TrackedItemId,
                        principalTable: "TrackedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Communities_OfficerInChargeId",
                table: "Communities",
                column: "OfficerInChargeId");

            migrationBuilder.CreateIndex(
                name: "IX_PassOns_DepartmentId",
                table: "PassOns",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_PassOns_OfficerId",
                table: "PassOns",
                column: "OfficerId");

            migrationBuilder.CreateIndex(
                name: "IX_PassOns_StreetId",
                table: "PassOns",
                column: "StreetId");

            migrationBuilder.CreateIndex(
                name: "IX_PassOns_TrackedItemId",
                table: "PassOns",
                column: "TrackedItemId");

            migrationBuilder.AddForeignKey(
                name: "FK_Communities_Officers_OfficerInChargeId",
                table: "Communities",
                column: "OfficerInChargeId",
                principalTable: "Officers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Communities_Officers_OfficerInChargeId",
                table: "Communities");

            migrationBuilder.DropTable(
                name: "PassOns");

            migrationBuilder.DropIndex(
                name: "IX_Communities_OfficerInChargeId",
                table: "Communities");

            migrationBuilder.DropColumn(
                name: "OfficerInChargeId",
                table: "Communities");
        }
    }
}
