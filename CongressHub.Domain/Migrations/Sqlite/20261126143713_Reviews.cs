using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Reviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReviewRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StreetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportsDueUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Criteria = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CommendAtOrAbove = table.Column<double>(type: "REAL", nullable: false),
                    FlagBelow = table.Column<double>(type: "REAL", nullable: false),
                    PublishedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewRounds_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewRounds_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WorkReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    OfficerId = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 30000, nullable: false),
                    KeyFigures = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SubmittedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RatingOpen = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkReports_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WorkReports_Officers_OfficerId",
                        column: x => x.OfficerId,
                        principalTable: "Officers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WorkReports_ReviewRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "ReviewRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportRaters",
                columns: table => new
                {
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    DelegateId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportRaters", x => new { x.ReportId, x.DelegateId });
                    table.ForeignKey(
                        name: "FK_ReportRaters_Delegates_DelegateId",
                        column: x => x.DelegateId,
                        principalTable: "Delegates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportRaters_WorkReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "WorkReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // WITHOUT ROWID: ratings sit in the order of their random key, so no hidden rowid keeps the order in which
            // they arrived beside who rated (CONTRACTS.md, secrecy threat model).
            migrationBuilder.Sql(
                """
                CREATE TABLE "ReportRatings" (
                    "Id" TEXT NOT NULL CONSTRAINT "PK_ReportRatings" PRIMARY KEY,
                    "ReportId" INTEGER NOT NULL,
                    "Grade" INTEGER NOT NULL,
                    "Scores" TEXT NOT NULL,
                    "Comment" TEXT NULL,
                    CONSTRAINT "FK_ReportRatings_WorkReports_ReportId" FOREIGN KEY ("ReportId") REFERENCES "WorkReports" ("Id") ON DELETE CASCADE
                ) WITHOUT ROWID;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ReportRaters_DelegateId",
                table: "ReportRaters",
                column: "DelegateId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportRatings_ReportId",
                table: "ReportRatings",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewRounds_SessionId",
                table: "ReviewRounds",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewRounds_StreetId_Year",
                table: "ReviewRounds",
                columns: new[] { "StreetId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkReports_DepartmentId",
                table: "WorkReports",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkReports_OfficerId",
                table: "WorkReports",
                column: "OfficerId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkReports_RoundId_Position",
                table: "WorkReports",
                columns: new[] { "RoundId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportRaters");

            migrationBuilder.DropTable(
                name: "ReportRatings");

            migrationBuilder.DropTable(
                name: "WorkReports");

            migrationBuilder.DropTable(
                name: "ReviewRounds");
        }
    }
}
