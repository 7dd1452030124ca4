using System;
using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FirstAnsweredAndDoneDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrackedEvents_ItemId_To_AtUtc",
                table: "TrackedEvents");

            migrationBuilder.AddColumn<DateOnly>(
                name: "FirstAnsweredOn",
                table: "TrackedItems",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FirstDoneOn",
                table: "TrackedItems",
                type: "date",
                nullable: true);

            // Items answered or done before these days were kept take them from their histories, in the installation's
            // zone (states in order: Answered = 5, Done = 9).
            var zone = SessionTime.Zone.HasIanaId ? SessionTime.Zone.Id
                : TimeZoneInfo.TryConvertWindowsIdToIanaId(SessionTime.Zone.Id, out var iana) ? iana : "Asia/Shanghai";
            migrationBuilder.Sql($"""
                UPDATE "TrackedItems" SET
                  "FirstAnsweredOn" = (SELECT (MIN(e."AtUtc") AT TIME ZONE '{zone}')::date FROM "TrackedEvents" e WHERE e."ItemId" = "TrackedItems"."Id" AND e."To" >= 5),
                  "FirstDoneOn" = (SELECT (MIN(e."AtUtc") AT TIME ZONE '{zone}')::date FROM "TrackedEvents" e WHERE e."ItemId" = "TrackedItems"."Id" AND e."To" >= 9);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_TrackedItems_Due",
                table: "TrackedItems",
                columns: new[] { "StreetId", "Kind", "DueOn", "State", "FirstAnsweredOn", "FirstDoneOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrackedItems_Due",
                table: "TrackedItems");

            migrationBuilder.DropColumn(
                name: "FirstAnsweredOn",
                table: "TrackedItems");

            migrationBuilder.DropColumn(
                name: "FirstDoneOn",
                table: "TrackedItems");

            migrationBuilder.CreateIndex(
                name: "IX_TrackedEvents_ItemId_To_AtUtc",
                table: "TrackedEvents",
                columns: new[] { "ItemId", "To", "AtUtc" });
        }
    }
}
