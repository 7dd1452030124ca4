using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EventKey",
                table: "Notices",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "OpinionId",
                table: "Notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Planned",
                table: "Notices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReadUtc",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecipientKey",
                table: "Notices",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "Urgent",
                table: "Notices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "EmailOptOut",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "NoticeChannels",
                table: "AspNetUsers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WeComUserId",
                table: "AspNetUsers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "Notices",
                type: "integer",
                nullable: false,
                defaultValue: 0);
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NoticeId = table.Column<int>(type: "integer", nullable: false),
                    StreetId = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecipientKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Urgent = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    DueUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LeaseToken = table.Column<Guid>(type: "uuid", nullable: true),
                    LeaseUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AttemptOpen = table.Column<bool>(type: "boolean", nullable: false),
                    Duplicates = table.Column<int>(type: "integer", nullable: false),
                    SentUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExternalId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Folded = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
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
                name: "Urgent",
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
                name: "Kind",
                table: "Notices");

            migrationBuilder.AddColumn<int>(
                name: "TermId",
                table: "Notices",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }
    }
}
