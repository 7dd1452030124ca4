using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchGrams",
                columns: table => new
                {
                    StreetId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Gram = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false, collation: "C"),
                    ItemId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchGrams", x => new { x.StreetId, x.Kind, x.Gram, x.ItemId });
                });

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
