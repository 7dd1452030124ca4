using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignInThrottle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignInFailures",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    LastUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInFailures", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SignInFailures_LastUtc",
                table: "SignInFailures",
                column: "LastUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInFailures");
        }
    }
}
