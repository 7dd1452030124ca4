using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Common;

/// <summary>Cells of residents' and users' text that a spreadsheet would run as a formula come out of every export as text.</summary>
public class CsvInjectionTests(AppFixture app) : AppTest(app)
{
    public static TheoryData<string> FormulaCells =>
        ["=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"];

    [Theory]
    [MemberData(nameof(FormulaCells))]
    public async Task CsvFiles_EscapeAFormulaCell_AndReadItBackAsWritten(string cell)
    {
        var bytes = await CsvFiles.WriteAsync(csv => csv.WriteRowAsync(["text", cell]));

        var read = ReadRows(bytes).Single();
        Assert.Equal("'" + cell, read[1]);
        Assert.Equal(cell, CsvFiles.Unescape(read[1]));
        Assert.Equal("text", read[0]);
    }

    [Fact]
    public async Task OpinionReport_AResidentsFormula_IsExportedAsText()
    {
        const string formula = "=HYPERLINK(\"http://evil\",\"x\")";
        var convener = await SignInTests.ActorOf(App, "convener");
        var community = (await App.Services.GetRequiredService<DirectoryService>().ListCommunitiesAsync(convener))[0].Id;
        await App.Services.GetRequiredService<TrackingService>().SubmitPublicOpinionAsync("shiyan",
            new OpinionInput(community, default, formula, OpinionCategory.Other, GovernmentLevel.Street, null, null, true));
        var session = (await App.Services.GetRequiredService<SessionService>().ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var token = await AppFactory.TokenAsync(Client, "convener");

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{session}/opinion-report.csv", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ReadRows(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(rows, r => r[^1] == "'" + formula);
        Assert.DoesNotContain(rows.SelectMany(r => r), c => c.Length > 0 && "=+@\t\r".Contains(c[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Roster_ADelegateNamedLikeAFormula_IsExportedAsText_AndSeedsTheNextTermUnchanged()
    {
        const string name = "@SUM(1+1)";
        var token = await AppFactory.TokenAsync(Client, "convener");
        var added = await AppFactory.SendAsync(Client, HttpMethod.Post, "/api/directory/delegates", token, new { name, category = "人大代表", phone = "13911112222" });
        var termId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("termId").GetInt32();

        var csv = await (await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/directory/terms/{termId}/roster.csv", token)).Content.ReadAsByteArrayAsync();
        var preview = await PreviewAsync(token, termId, csv);

        Assert.Contains(ReadRows(csv), r => r[0] == "'" + name);
        Assert.Contains(preview.GetProperty("rows").EnumerateArray(), r => r.GetProperty("name").GetString() == name);
    }

    private async Task<JsonElement> PreviewAsync(string token, int termId, byte[] csv)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/directory/terms/{termId}/roster/preview") { Content = new ByteArrayContent(csv) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string[]> ReadRows(byte[] bytes)
    {
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF')), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Parser.Record!);
        }
        return rows;
    }
}
