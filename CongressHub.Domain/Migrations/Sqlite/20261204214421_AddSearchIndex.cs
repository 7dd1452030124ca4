using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // WITHOUT ROWID: the key holds every column, so the table is its key's b-tree alone instead of a table and an
            // index of the same rows; at a city's size this is the largest table.
            migrationBuilder.Sql(
                """
                CREATE TABLE "SearchGrams" (
                    "StreetId" INTEGER NOT NULL,
                    "Kind" INTEGER NOT NULL,
                    "Gram" TEXT NOT NULL,
                    "ItemId" INTEGER NOT NULL,
                    CONSTRAINT "PK_SearchGrams" PRIMARY KEY ("StreetId", "Kind", "Gram", "ItemId")
                ) WITHOUT ROWID;
                """);

            // The index is filled from the records at the next start (SearchIndex.FillAsync).
            migrationBuilder.Sql("""INSERT INTO "SearchGrams" ("StreetId", "Kind", "Gram", "ItemId") VALUES (0, 0, '', 0);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SearchGrams");
        }
    }
}
