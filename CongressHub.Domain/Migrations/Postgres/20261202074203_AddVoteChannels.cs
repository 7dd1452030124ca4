using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddVoteChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "Voters",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WriteIn",
                table: "Candidates",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "Ballots",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CountEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VoteId = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    EnteredByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    TellerId = table.Column<int>(type: "integer", nullable: true),
                    Returned = table.Column<int>(type: "integer", nullable: false),
                    Invalid = table.Column<int>(type: "integer", nullable: false),
                    Yes = table.Column<int>(type: "integer", nullable: false),
                    No = table.Column<int>(type: "integer", nullable: false),
                    Abstain = table.Column<int>(type: "integer", nullable: false),
                    Marks = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    WriteIns = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EnteredUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CountEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CountEntries_Delegates_TellerId",
                        column: x => x.TellerId,
                        principalTable: "Delegates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CountEntries_Votes_VoteId",
                        column: x => x.VoteId,
                        principalTable: "Votes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tellers",
                columns: table => new
                {
                    VoteId = table.Column<int>(type: "integer", nullable: false),
                    DelegateId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tellers", x => new { x.VoteId, x.DelegateId });
                    table.ForeignKey(
                        name: "FK_Tellers_Delegates_DelegateId",
                        column: x => x.DelegateId,
                        principalTable: "Delegates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Tellers_Votes_VoteId",
                        column: x => x.VoteId,
                        principalTable: "Votes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CountEntries_TellerId",
                table: "CountEntries",
                column: "TellerId");

            migrationBuilder.CreateIndex(
                name: "IX_CountEntries_VoteId_Channel_TellerId",
                table: "CountEntries",
                columns: new[] { "VoteId", "Channel", "TellerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tellers_DelegateId",
                table: "Tellers",
                column: "DelegateId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CountEntries");

            migrationBuilder.DropTable(
                name: "Tellers");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Voters");

            migrationBuilder.DropColumn(
                name: "WriteIn",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Ballots");
        }
    }
}
