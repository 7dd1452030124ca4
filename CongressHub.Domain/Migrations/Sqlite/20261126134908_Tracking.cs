using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Tracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ShownQuestionId",
                table: "Sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "Notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MonthCompilations",
                columns: table => new
                {
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CompiledUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Who = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthCompilations", x => new { x.CommunityId, x.Month });
                    table.ForeignKey(
                        name: "FK_MonthCompilations_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrackedItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StreetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Category = table.Column<int>(type: "INTEGER", nullable: true),
                    Level = table.Column<int>(type: "INTEGER", nullable: true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: true),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResidentName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ResidentContact = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Publishable = table.Column<bool>(type: "INTEGER", nullable: false),
                    FromPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    DelegateId = table.Column<int>(type: "INTEGER", nullable: true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: true),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    AssignedCommunityId = table.Column<int>(type: "INTEGER", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    MergedIntoId = table.Column<int>(type: "INTEGER", nullable: true),
                    DeclineReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Intention = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportedInSessionId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackedItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrackedItems_Communities_AssignedCommunityId",
                        column: x => x.AssignedCommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrackedItems_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrackedItems_Delegates_DelegateId",
                        column: x => x.DelegateId,
                        principalTable: "Delegates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrackedItems_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrackedItems_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrackedItems_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrackedItems_TrackedItems_MergedIntoId",
                        column: x => x.MergedIntoId,
                        principalTable: "TrackedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FollowUpRatings",
                columns: table => new
                {
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    DelegateId = table.Column<int>(type: "INTEGER", nullable: false),
                    Grade = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUpRatings", x => new { x.ItemId, x.SessionId, x.DelegateId });
                    table.ForeignKey(
                        name: "FK_FollowUpRatings_Delegates_DelegateId",
                        column: x => x.DelegateId,
                        principalTable: "Delegates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUpRatings_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUpRatings_TrackedItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "TrackedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrackedEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Who = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    From = table.Column<int>(type: "INTEGER", nullable: false),
                    To = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackedEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrackedEvents_TrackedItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "TrackedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpRatings_DelegateId",
                table: "FollowUpRatings",
                column: "DelegateId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpRatings_SessionId",
                table: "FollowUpRatings",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedEvents_ItemId",
                table: "TrackedEvents",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_AssignedCommunityId",
                table: "TrackedItems",
                column: "AssignedCommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_CommunityId",
                table: "TrackedItems",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_DelegateId",
                table: "TrackedItems",
                column: "DelegateId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_DepartmentId",
                table: "TrackedItems",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_MergedIntoId",
                table: "TrackedItems",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_SessionId_Kind",
                table: "TrackedItems",
                columns: new[] { "SessionId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_StreetId_Kind_Month",
                table: "TrackedItems",
                columns: new[] { "StreetId", "Kind", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_StreetId_State",
                table: "TrackedItems",
                columns: new[] { "StreetId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FollowUpRatings");

            migrationBuilder.DropTable(
                name: "MonthCompilations");

            migrationBuilder.DropTable(
                name: "TrackedEvents");

            migrationBuilder.DropTable(
                name: "TrackedItems");

            migrationBuilder.DropColumn(
                name: "ShownQuestionId",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "Notices");
        }
    }
}
