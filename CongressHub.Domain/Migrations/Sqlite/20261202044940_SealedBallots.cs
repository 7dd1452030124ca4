using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SealedBallots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BallotKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VoteId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: true),
                    Wrapped = table.Column<byte[]>(type: "BLOB", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BallotKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BallotKeys_Votes_VoteId",
                        column: x => x.VoteId,
                        principalTable: "Votes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BallotKeys_WorkReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "WorkReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SealedBallots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VoteId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: true),
                    Content = table.Column<byte[]>(type: "BLOB", maxLength: 4096, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SealedBallots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SealedBallots_Votes_VoteId",
                        column: x => x.VoteId,
                        principalTable: "Votes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SealedBallots_WorkReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "WorkReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BallotKeys_ReportId",
                table: "BallotKeys",
                column: "ReportId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BallotKeys_VoteId",
                table: "BallotKeys",
                column: "VoteId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SealedBallots_ReportId",
                table: "SealedBallots",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_SealedBallots_VoteId",
                table: "SealedBallots",
                column: "VoteId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BallotKeys");

            migrationBuilder.DropTable(
                name: "SealedBallots");
        }
    }
}
