using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexFollowUpRatingsBySessionGrade : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FollowUpRatings_SessionId",
                table: "FollowUpRatings");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpRatings_SessionId_Grade",
                table: "FollowUpRatings",
                columns: new[] { "SessionId", "Grade" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FollowUpRatings_SessionId_Grade",
                table: "FollowUpRatings");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpRatings_SessionId",
                table: "FollowUpRatings",
                column: "SessionId");
        }
    }
}
