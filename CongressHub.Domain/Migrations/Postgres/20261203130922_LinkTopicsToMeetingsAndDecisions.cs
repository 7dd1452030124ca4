using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CongressHub.Domain.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LinkTopicsToMeetingsAndDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DecisionId",
                table: "Topics",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SessionId",
                table: "Topics",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TopicId",
                table: "AgendaItems",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Topics_DecisionId",
                table: "Topics",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_Topics_SessionId",
                table: "Topics",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_CouncilDecisions_TopicId",
                table: "CouncilDecisions",
                column: "TopicId");

            migrationBuilder.CreateIndex(
                name: "IX_CouncilDecisions_VoteId",
                table: "CouncilDecisions",
                column: "VoteId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgendaItems_TopicId",
                table: "AgendaItems",
                column: "TopicId");

            migrationBuilder.AddForeignKey(
                name: "FK_AgendaItems_Topics_TopicId",
                table: "AgendaItems",
                column: "TopicId",
                principalTable: "Topics",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_CouncilDecisions_Topics_TopicId",
                table: "CouncilDecisions",
                column: "TopicId",
                principalTable: "Topics",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_CouncilDecisions_Votes_VoteId",
                table: "CouncilDecisions",
                column: "VoteId",
                principalTable: "Votes",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Topics_CouncilDecisions_DecisionId",
                table: "Topics",
                column: "DecisionId",
                principalTable: "CouncilDecisions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Topics_Sessions_SessionId",
                table: "Topics",
                column: "SessionId",
                principalTable: "Sessions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AgendaItems_Topics_TopicId",
                table: "AgendaItems");

            migrationBuilder.DropForeignKey(
                name: "FK_CouncilDecisions_Topics_TopicId",
                table: "CouncilDecisions");

            migrationBuilder.DropForeignKey(
                name: "FK_CouncilDecisions_Votes_VoteId",
                table: "CouncilDecisions");

            migrationBuilder.DropForeignKey(
                name: "FK_Topics_CouncilDecisions_DecisionId",
                table: "Topics");

            migrationBuilder.DropForeignKey(
                name: "FK_Topics_Sessions_SessionId",
                table: "Topics");

            migrationBuilder.DropIndex(
                name: "IX_Topics_DecisionId",
                table: "Topics");

            migrationBuilder.DropIndex(
                name: "IX_Topics_SessionId",
                table: "Topics");

            migrationBuilder.DropIndex(
                name: "IX_CouncilDecisions_TopicId",
                table: "CouncilDecisions");

            migrationBuilder.DropIndex(
                name: "IX_CouncilDecisions_VoteId",
                table: "CouncilDecisions");

            migrationBuilder.DropIndex(
                name: "IX_AgendaItems_TopicId",
                table: "AgendaItems");

            migrationBuilder.DropColumn(
                name: "DecisionId",
                table: "Topics");

            migrationBuilder.DropColumn(
                name: "SessionId",
                table: "Topics");

            migrationBuilder.DropColumn(
                name: "TopicId",
                table: "AgendaItems");
        }
    }
}
