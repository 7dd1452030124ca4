using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddDueCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // WITHOUT ROWID: the district reads a range of the key (streets, a kind, a year of days) and every column of
            // it; kept in its key's b-tree, the rows of a range sit together instead of one table lookup each.
            migrationBuilder.Sql(
                """
                CREATE TABLE "DueCounts" (
                    "StreetId" INTEGER NOT NULL,
                    "Kind" INTEGER NOT NULL,
                    "DueOn" TEXT NOT NULL,
                    "All" INTEGER NOT NULL,
                    "Answered" INTEGER NOT NULL,
                    "AnsweredOnTime" INTEGER NOT NULL,
                    "Done" INTEGER NOT NULL,
                    "DoneOnTime" INTEGER NOT NULL,
                    CONSTRAINT "PK_DueCounts" PRIMARY KEY ("StreetId", "Kind", "DueOn")
                ) WITHOUT ROWID;
                """);

            // Counted from the items already there; from now on the saves that change items keep it.
            migrationBuilder.Sql(CongressHub.Domain.Tracking.DueCounts.RebuildSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DueCounts");
        }
    }
}
