using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddCouncilTopicsDecisionsAndCharge : Migration
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
                name: "CouncilDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StreetId = table.Column<int>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: true),
                    VoteId = table.Column<int>(type: "INTEGER", nullable: true),
                    TopicId = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NoticeDays = table.Column<int>(type: "INTEGER", nullable: false),
                    NoticeStartsUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NoticeEndsUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    TrackedItemId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouncilDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouncilDecisions_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouncilDecisions_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouncilDecisions_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouncilDecisions_TrackedItems_TrackedItemId",
                        column: x => x.TrackedItemId,
                        principalTable: "TrackedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

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

            migrationBuilder.CreateTable(
                name: "Topics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StreetId = table.Column<int>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ProposerKind = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposerLabel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    FromPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    MeetingKind = table.Column<int>(type: "INTEGER", nullable: true),
                    MergedIntoId = table.Column<int>(type: "INTEGER", nullable: true),
                    PublicReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Topics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Topics_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Topics_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Topics_Topics_MergedIntoId",
                        column: x => x.MergedIntoId,
                        principalTable: "Topics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CouncilDecisionComments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DecisionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModeratedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouncilDecisionComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouncilDecisionComments_CouncilDecisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "CouncilDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TopicSupports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TopicId = table.Column<int>(type: "INTEGER", nullable: false),
                    ContactHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TopicSupports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TopicSupports_Topics_TopicId",
                        column: x => x.TopicId,
                        principalTable: "Topics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Communities_OfficerInChargeId",
                table: "Communities",
                column: "OfficerInChargeId");

            migrationBuilder.CreateIndex(
                name: "IX_CouncilDecisionComments_DecisionId_Status",
                table: "CouncilDecisionComments",
                columns: new[] { "DecisionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CouncilDecisions_CommunityId",
                table: "CouncilDecisions",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_CouncilDecisions_SessionId",
                table: "CouncilDecisions",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_CouncilDecisions_StreetId_CommunityId_State",
                table: "CouncilDecisions",
                columns: new[] { "StreetId", "CommunityId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_CouncilDecisions_TrackedItemId",
                table: "CouncilDecisions",
                column: "TrackedItemId",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_Topics_CommunityId",
                table: "Topics",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_Topics_MergedIntoId",
                table: "Topics",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_Topics_StreetId_CommunityId_State",
                table: "Topics",
                columns: new[] { "StreetId", "CommunityId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_TopicSupports_TopicId_ContactHash",
                table: "TopicSupports",
                columns: new[] { "TopicId", "ContactHash" },
                unique: true);

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
                name: "CouncilDecisionComments");

            migrationBuilder.DropTable(
                name: "PassOns");

            migrationBuilder.DropTable(
                name: "TopicSupports");

            migrationBuilder.DropTable(
                name: "CouncilDecisions");

            migrationBuilder.DropTable(
                name: "Topics");

            migrationBuilder.DropIndex(
                name: "IX_Communities_OfficerInChargeId",
                table: "Communities");

            migrationBuilder.DropColumn(
                name: "OfficerInChargeId",
                table: "Communities");
        }
    }
}
