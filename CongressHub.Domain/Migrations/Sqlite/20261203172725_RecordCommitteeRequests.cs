using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordCommitteeRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RequestId",
                table: "TrackedItems",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CommitteeRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StreetId = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Need = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    WantedBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    AgreedWay = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitteeRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitteeRequests_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CommitteeRequests_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CommitteeRequests_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CommitteeRequestNotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Who = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitteeRequestNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommitteeRequestNotes_CommitteeRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "CommitteeRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_RequestId",
                table: "TrackedItems",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeRequestNotes_RequestId",
                table: "CommitteeRequestNotes",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeRequests_DepartmentId",
                table: "CommitteeRequests",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeRequests_SessionId",
                table: "CommitteeRequests",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeRequests_StreetId_State",
                table: "CommitteeRequests",
                columns: new[] { "StreetId", "State" });

            migrationBuilder.AddForeignKey(
                name: "FK_TrackedItems_CommitteeRequests_RequestId",
                table: "TrackedItems",
                column: "RequestId",
                principalTable: "CommitteeRequests",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_TrackedItems_CommitteeRequests_RequestId",
                table: "TrackedItems");

            migrationBuilder.DropTable(
                name: "CommitteeRequestNotes");

            migrationBuilder.DropTable(
                name: "CommitteeRequests");

            migrationBuilder.DropIndex(
                name: "IX_TrackedItems_RequestId",
                table: "TrackedItems");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "TrackedItems");
        }
    }
}
