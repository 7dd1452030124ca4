using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddNoticeOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.AddColumn<string>(
                name: "NotifyContact",
                table: "TrackedItems",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EventKey",
                table: "Notices",
                type: "TEXT",
                maxLength: 120,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "Notices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "OpinionId",
                table: "Notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Planned",
                table: "Notices",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReadUtc",
                table: "Notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecipientKey",
                table: "Notices",
                type: "TEXT",
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "EmailOptOut",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "NoticeChannels",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WeComUserId",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Urgent",
                table: "Notices",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
            // A notice to "every delegate of the term" becomes one notice per delegate with an account, each read on its
            // own; older notices count as planned, so that no e-mail or SMS goes out for them now.
            migrationBuilder.Sql("""
                INSERT INTO "Notices" ("StreetId", "TermId", "UserId", "Title", "TextKey", "TextArgs", "Link", "CreatedUtc", "EventKey", "RecipientKey", "Kind", "Urgent", "Planned")
                SELECT n."StreetId", 0, d."UserId", n."Title", n."TextKey", n."TextArgs", n."Link", n."CreatedUtc", 'legacy:' || n."Id", 'u:' || d."UserId", 0, FALSE, TRUE
                FROM "Notices" n JOIN "Delegates" d ON d."TermId" = n."TermId" AND d."UserId" IS NOT NULL
                WHERE n."UserId" IS NULL;
                DELETE FROM "Notices" WHERE "UserId" IS NULL;
                UPDATE "Notices" SET "EventKey" = 'legacy:' || "Id", "RecipientKey" = 'u:' || "UserId", "Planned" = TRUE WHERE "EventKey" = '';
                UPDATE "Notices" SET "Kind" = CASE "TextKey" WHEN 'Notice.SessionPublished' THEN 1 WHEN 'Notice.Assigned' THEN 6 WHEN 'Notice.Decided' THEN 8
                    WHEN 'Notice.MinutesToSign' THEN 10 WHEN 'Notice.Returned' THEN 11 ELSE 0 END;
                """);

            migrationBuilder.DropColumn(
                name: "TermId",
                table: "Notices");

            migrationBuilder.CreateTable(
                name: "NoticeDeliveries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NoticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    StreetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecipientKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Urgent = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    DueUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    LeaseUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AttemptOpen = table.Column<bool>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeliveredUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Folded = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoticeDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NoticeDeliveries_Notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "Notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_Planned",
                table: "Notices",
                column: "Planned");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_StreetId_EventKey_RecipientKey",
                table: "Notices",
                columns: new[] { "StreetId", "EventKey", "RecipientKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notices_UserId_Id",
                table: "Notices",
                columns: new[] { "UserId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_NoticeDeliveries_Channel_ExternalId",
                table: "NoticeDeliveries",
                columns: new[] { "Channel", "ExternalId" });

            migrationBuilder.CreateIndex(
                name: "IX_NoticeDeliveries_NoticeId_Channel",
                table: "NoticeDeliveries",
                columns: new[] { "NoticeId", "Channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NoticeDeliveries_RecipientKey_Channel_SentUtc",
                table: "NoticeDeliveries",
                columns: new[] { "RecipientKey", "Channel", "SentUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_NoticeDeliveries_State_DueUtc",
                table: "NoticeDeliveries",
                columns: new[] { "State", "DueUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NoticeDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_Notices_Planned",
                table: "Notices");

            migrationBuilder.DropIndex(
                name: "IX_Notices_StreetId_EventKey_RecipientKey",
                table: "Notices");

            migrationBuilder.DropIndex(
                name: "IX_Notices_UserId_Id",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "NotifyContact",
                table: "TrackedItems");

            migrationBuilder.DropColumn(
                name: "EventKey",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "OpinionId",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Planned",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "ReadUtc",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "RecipientKey",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "EmailOptOut",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NoticeChannels",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "WeComUserId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Urgent",
                table: "Notices");

            migrationBuilder.AddColumn<int>(
                name: "TermId",
                table: "Notices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }
    }
}
