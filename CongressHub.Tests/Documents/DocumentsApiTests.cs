using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CongressHub.Tests.Documents;

/// <summary>The Word, Excel and .zip downloads, opened and read back as a convener's office program would.</summary>
public class DocumentsApiTests : FreshAppTest
{
    private const string PreviousSession = "上一季度居民代表会议例会";

    /// <summary>Delegates checked in before a vote opens: more than half of the demo term's 40.</summary>
    private const int Quorum = 21;

    [Fact]
    public async Task Notice_HoldsTitlePlaceAgenda_AndTheFormalDateInTheInstallationZone_InEastAsianFonts()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var session = await SessionAsync(token, "live");
        var scheduled = session.GetProperty("scheduledUtc").GetDateTime().ToUniversalTime();
        var agenda = await App.Services.GetRequiredService<SessionService>().DocumentAsync(await SignInTests.ActorOf(App, "convener"), session.GetProperty("id").GetInt32());

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{session.GetProperty("id").GetInt32()}/notice.docx", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        using var word = Word(await response.Content.ReadAsByteArrayAsync());
        var text = Text(word);
        Assert.Contains("关于召开" + session.GetProperty("title").GetString() + "的通知", text);
        Assert.Contains(session.GetProperty("place").GetString()!, text);
        Assert.Contains(SessionTime.Local(scheduled).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture), text);
        Assert.All(agenda.Items, i => Assert.Contains(i.Title, text));
        Assert.Contains("示例街道居民代表会议", text);
        AssertEastAsianFonts(word);
        var page = word.MainDocumentPart!.Document!.Body!.GetFirstChild<SectionProperties>()!.GetFirstChild<PageSize>()!;
        Assert.Equal(11906U, page.Width!.Value);
    }

    [Fact]
    public async Task Agenda_InEnglish_HasEnglishLabelsAndDate()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var session = await SessionAsync(token, "live");
        var scheduled = session.GetProperty("scheduledUtc").GetDateTime().ToUniversalTime();

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{session.GetProperty("id").GetInt32()}/agenda.docx?culture=en", token);

        using var word = Word(await response.Content.ReadAsByteArrayAsync());
        var text = Text(word);
        Assert.Contains("Agenda of the " + session.GetProperty("title").GetString(), text);
        Assert.Contains("Presenter", text);
        Assert.Contains(SessionTime.Local(scheduled).ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en")), text);
        Assert.DoesNotContain("议程", text);
    }

    [Fact]
    public async Task Minutes_AreTheSavedMarkdownAsWord_WithTheirSignOff_AndRefusedWithAReasonBeforeTheyExist()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var previous = (await SessionAsync(token, "minutesPublished")).GetProperty("id").GetInt32();
        var live = (await SessionAsync(token, "live")).GetProperty("id").GetInt32();

        var minutes = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{previous}/minutes.docx", token);
        var early = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{live}/minutes.docx", token);

        Assert.Equal(HttpStatusCode.OK, minutes.StatusCode);
        using var word = Word(await minutes.Content.ReadAsByteArrayAsync());
        var text = Text(word);
        Assert.Contains("关于规范小区内快递柜设置的议案：赞成29票，反对4票，弃权3票。", text);
        Assert.Contains("三、代表提问", text);
        Assert.Contains(PreviousSession + "纪要", text);
        Assert.Contains("街道办事处主任", text); // the demo's minutes were signed off by the director, who is named under them
        Assert.Contains(" 签发", text);
        AssertEastAsianFonts(word);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        Assert.Contains("还没有纪要", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Votes_ANamedVoteListsExactlyWhoVotedHow()
    {
        var convener = await AppFactory.TokenAsync(Client, "convener");
        var vote = await LiveVote.OpenAsync(Client, convener, Quorum, secret: false);
        string[] choices = ["yes", "no", "abstain"];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{vote.Vote}/ballots", vote.Delegates[i], new { choice = choices[i] })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{vote.Vote}/close", convener)).StatusCode);
        var names = new List<string>();
        foreach (var token in vote.Delegates.Take(3))
        {
            names.Add((await AppFactory.GetJsonAsync(Client, "/api/me", token)).GetProperty("displayName").GetString()!);
        }
        var question = (await AppFactory.GetJsonAsync(Client, $"/api/votes/{vote.Vote}", convener)).GetProperty("question").GetString();

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{vote.Session}/votes.xlsx", convener);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var row = Rows(bytes, "表决结果").Single(r => (string)r["表决事项"] == question);
        Assert.Equal("记名", (string)row["表决方式"]);
        Assert.Equal((1d, 1d, 1d, 3d), (Number(row["赞成"]), Number(row["反对"]), Number(row["弃权"]), Number(row["投票合计"])));
        Assert.Equal((double)Quorum, Number(row["出席代表"]));
        var listed = Rows(bytes, "记名表决名单").Where(r => (string)r["表决事项"] == question).ToList();
        Assert.Equal(Quorum, listed.Count);
        Assert.Equal(Quorum - 3, listed.Count(r => (string)r["表决途径"] == "未投票" && string.IsNullOrEmpty(r["选择"] as string)));
        var named = listed.Where(r => !string.IsNullOrEmpty(r["选择"] as string)).ToList();
        Assert.Equal(
            names.Zip(new[] { "赞成", "反对", "弃权" }).OrderBy(x => x.First, StringComparer.Ordinal),
            named.Select(r => ((string)r["代表"], (string)r["选择"])).OrderBy(x => x.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Votes_ASecretVoteHoldsCountsOnly_NoDelegateLinkedToAChoice()
    {
        var convener = await AppFactory.TokenAsync(Client, "convener");
        var vote = await LiveVote.OpenAsync(Client, convener, Quorum, secret: true);
        string[] choices = ["yes", "yes", "no"];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{vote.Vote}/ballots", vote.Delegates[i], new { choice = choices[i] })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/votes/{vote.Vote}/close", convener)).StatusCode);
        var names = new List<string>();
        foreach (var token in vote.Delegates)
        {
            names.Add((await AppFactory.GetJsonAsync(Client, "/api/me", token)).GetProperty("displayName").GetString()!);
        }

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{vote.Session}/votes.xlsx", convener);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        var row = Assert.Single(Rows(bytes, "表决结果"));
        Assert.Equal("无记名", (string)row["表决方式"]);
        Assert.Equal((2d, 1d, 0d), (Number(row["赞成"]), Number(row["反对"]), Number(row["弃权"])));
        Assert.Empty(Rows(bytes, "记名表决名单"));
        var everything = string.Join("\n", MiniExcel.GetSheetNames(new MemoryStream(bytes)).SelectMany(s => Rows(bytes, s)).SelectMany(r => r.Values.Select(v => v?.ToString())));
        Assert.All(names, name => Assert.DoesNotContain(name, everything));
    }

    [Fact]
    public async Task OpinionReport_AResidentsFormula_IsAnEscapedTextCellInExcel_AndPlainTextInWord()
    {
        const string formula = "=HYPERLINK(\"http://evil\",\"x\")";
        var convener = await SignInTests.ActorOf(App, "convener");
        var community = (await App.Services.GetRequiredService<DirectoryService>().ListCommunitiesAsync(convener))[0].Id;
        await App.Services.GetRequiredService<TrackingService>().SubmitPublicOpinionAsync("shiyan",
            new OpinionInput(community, default, formula, OpinionCategory.Other, GovernmentLevel.Street, null, null, true));
        var token = await AppFactory.TokenAsync(Client, "convener");
        var session = (await SessionAsync(token, "live")).GetProperty("id").GetInt32();

        var xlsx = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{session}/opinion-report.xlsx", token);
        var docx = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{session}/opinion-report.docx", token);

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Contains(Rows(bytes, "意见明细"), r => (string)r["内容"] == "'" + formula);
        using (var archive = new ZipArchive(new MemoryStream(bytes)))
        {
            var parts = new Dictionary<string, string>();
            foreach (var part in archive.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(part.Open());
                parts[part.FullName] = await reader.ReadToEndAsync();
            }
            // No formula anywhere; the text is stored as a string, with its escape.
            Assert.All(parts.Where(p => p.Key.StartsWith("xl/worksheets/", StringComparison.Ordinal)), p => Assert.DoesNotMatch("<(x:)?f[ >]", p.Value));
            Assert.Contains(parts.Values, xml => xml.Contains("&apos;=HYPERLINK", StringComparison.Ordinal) || xml.Contains("'=HYPERLINK", StringComparison.Ordinal));
        }
        using var word = Word(await docx.Content.ReadAsByteArrayAsync());
        Assert.Contains(formula, Text(word));
        AssertEastAsianFonts(word);
    }

    [Fact]
    public async Task Resolution_HasItsNumberTitleAndText_ADraftIsNotFoundForADelegate()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var list = await App.Services.GetRequiredService<ResolutionService>().ListAsync(convener);
        var published = list.First(r => r.Status == ResolutionStatus.Published);
        var draft = list.First(r => r.Status == ResolutionStatus.Draft);
        var detail = await App.Services.GetRequiredService<ResolutionService>().GetAsync(convener, published.Id);

        var forConvener = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/resolutions/{published.Id}/resolution.docx", await AppFactory.TokenAsync(Client, "convener"));
        var draftForDelegate = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/resolutions/{draft.Id}/resolution.docx", await AppFactory.TokenAsync(Client, "delegate01"));
        var draftForConvener = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/resolutions/{draft.Id}/resolution.docx", await AppFactory.TokenAsync(Client, "convener"));

        using var word = Word(await forConvener.Content.ReadAsByteArrayAsync());
        var paragraphs = word.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText).Where(t => t.Length > 0).ToList();
        Assert.Equal(published.Title, paragraphs[0]);
        Assert.Equal(published.Number, paragraphs[1]);
        Assert.Contains(SessionTime.Local(detail.AdoptedUtc).ToString("yyyy年M月d日", CultureInfo.InvariantCulture), paragraphs[2]);
        Assert.Contains(Markdown.ToPlainText(detail.Text).Split(' ')[0], Text(word));
        Assert.Equal(HttpStatusCode.NotFound, draftForDelegate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, draftForConvener.StatusCode);
    }

    [Fact]
    public async Task ReviewResults_AndAWorkReport_HoldTheRatesAndTheText()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var reviews = App.Services.GetRequiredService<ReviewService>();
        var round = (await reviews.ListRoundsAsync(convener)).Single(r => r.State == ReviewState.Published);
        var results = await reviews.ResultsAsync(convener, round.Id);
        var report = (await reviews.GetRoundAsync(convener, round.Id)).Reports.First(r => r.Submitted);
        var token = await AppFactory.TokenAsync(Client, "delegate01");

        var docx = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/reviews/{round.Id}/results.docx", token);
        var xlsx = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/reviews/{round.Id}/results.xlsx", token);
        var work = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/reviews/reports/{report.Id}/report.docx", token);

        var office = results.StreetOffice.Single().Result;
        using (var word = Word(await docx.Content.ReadAsByteArrayAsync()))
        {
            Assert.Contains($"{round.Year}年度述职评议结果", Text(word));
            Assert.Contains(office.SatisfactionRate!.Value.ToString("0.0", CultureInfo.InvariantCulture) + "%", Text(word));
        }
        var row = Rows(await xlsx.Content.ReadAsByteArrayAsync(), "评议结果").First(r => (string)r["述职对象"] == office.Title);
        Assert.Equal((double)office.Raters, Number(row["评议人数"]));
        Assert.Equal(Math.Round(office.SatisfactionRate!.Value, 1), Number(row["满意率"]));
        using var reportWord = Word(await work.Content.ReadAsByteArrayAsync());
        Assert.Contains(report.Title, Text(reportWord));
        Assert.Contains(Markdown.ToPlainText(report.TextMarkdown).Split(' ')[0], Text(reportWord));
    }

    [Fact]
    public async Task Roster_IsOneRowPerServingDelegate()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var termId = (await App.Services.GetRequiredService<DirectoryService>().ListTermsAsync(convener)).First().Id;
        var expected = await App.Services.GetRequiredService<RosterImportService>().RosterAsync(convener, termId);

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/directory/terms/{termId}/roster.xlsx", await AppFactory.TokenAsync(Client, "convener"));

        var rows = Rows(await response.Content.ReadAsByteArrayAsync(), "代表名册");
        Assert.Equal(expected.Select(d => d.Name), rows.Select(r => (string)r["姓名"]));
    }

    [Fact]
    public async Task Archive_HoldsEveryDocumentOfTheSession_ItsAttachments_AndTheAuditAnchor()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var previous = (await SessionAsync(token, "minutesPublished")).GetProperty("id").GetInt32();
        var convener = await SignInTests.ActorOf(App, "convener");
        var resolutions = (await App.Services.GetRequiredService<ResolutionService>().ListAsync(convener))
            .Where(r => r.SessionTitle == PreviousSession && r.Status == ResolutionStatus.Published).Select(r => r.Number).ToList();

        var item = (await App.Services.GetRequiredService<SessionService>().DocumentAsync(convener, previous)).Items[0];
        using (var upload = new MultipartFormDataContent())
        {
            upload.Add(new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "file", "会场布置图.pdf");
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/attachments/agenda-items/{item.Id}") { Content = upload };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(request)).StatusCode);
        }

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/sessions/{previous}/archive.zip", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains($"attachments/item-{item.Position}/会场布置图.pdf", names);
        Assert.Subset(names, new HashSet<string>
        {
            $"session-{previous}-notice.docx", $"session-{previous}-agenda.docx", $"session-{previous}-minutes.docx", $"session-{previous}-votes.xlsx", "audit-anchor.txt",
        });
        Assert.Single(names, n => n.StartsWith("opinion-report-", StringComparison.Ordinal) && n.EndsWith(".docx", StringComparison.Ordinal));
        Assert.Single(names, n => n.StartsWith("opinion-report-", StringComparison.Ordinal) && n.EndsWith(".xlsx", StringComparison.Ordinal));
        Assert.NotEmpty(resolutions);
        Assert.Equal(resolutions.Select(n => $"resolutions/resolution-{n}.docx").Order(), names.Where(n => n.StartsWith("resolutions/", StringComparison.Ordinal)).Order());
        using var anchor = new StreamReader(zip.GetEntry("audit-anchor.txt")!.Open(), Encoding.UTF8);
        var anchorText = await anchor.ReadToEndAsync();
        var expected = await App.Services.GetRequiredService<AuditTrail>().AnchorAsync(convener.StreetId!.Value, DateTime.UtcNow);
        Assert.Contains(expected?.ToString() ?? "审计链还没有记录", anchorText);
        Assert.Contains("verify-audit", anchorText);
        using var votes = new MemoryStream();
        await zip.GetEntry($"session-{previous}-votes.xlsx")!.Open().CopyToAsync(votes);
        Assert.Contains(Rows(votes.ToArray(), "表决结果"), r => Number(r["赞成"]) == 29 && Number(r["反对"]) == 4 && Number(r["弃权"]) == 3);
    }

    [Theory]
    [InlineData("/api/sessions/{session}/notice.docx")]
    [InlineData("/api/sessions/{session}/agenda.docx")]
    [InlineData("/api/sessions/{session}/minutes.docx")]
    [InlineData("/api/sessions/{session}/votes.xlsx")]
    [InlineData("/api/sessions/{session}/opinion-report.docx")]
    [InlineData("/api/sessions/{session}/opinion-report.xlsx")]
    [InlineData("/api/sessions/{session}/archive.zip")]
    [InlineData("/api/resolutions/{resolution}/resolution.docx")]
    [InlineData("/api/reviews/{round}/results.docx")]
    [InlineData("/api/reviews/{round}/results.xlsx")]
    [InlineData("/api/reviews/reports/{report}/report.docx")]
    [InlineData("/api/directory/terms/{term}/roster.xlsx")]
    public async Task Documents_OfAnotherStreet_AreNotFound_AsAreOnesThatDoNotExist(string path)
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var session = (await SessionAsync(await AppFactory.TokenAsync(Client, "convener"), "minutesPublished")).GetProperty("id").GetInt32();
        var resolution = (await App.Services.GetRequiredService<ResolutionService>().ListAsync(convener)).First(r => r.Status == ResolutionStatus.Published).Id;
        var reviews = App.Services.GetRequiredService<ReviewService>();
        var round = (await reviews.ListRoundsAsync(convener)).Single(r => r.State == ReviewState.Published).Id;
        var report = (await reviews.GetRoundAsync(convener, round)).Reports.First(r => r.Submitted).Id;
        var term = (await App.Services.GetRequiredService<DirectoryService>().ListTermsAsync(convener)).First().Id;
        string Url(string s, int r, int rd, int rp, int t) => path.Replace("{session}", $"{s}").Replace("{resolution}", $"{r}").Replace("{round}", $"{rd}")
            .Replace("{report}", $"{rp}").Replace("{term}", $"{t}");

        var own = await AppFactory.SendAsync(Client, HttpMethod.Get, Url($"{session}", resolution, round, report, term), await AppFactory.TokenAsync(Client, "convener"));
        var other = await AppFactory.SendAsync(Client, HttpMethod.Get, Url($"{session}", resolution, round, report, term), await AppFactory.TokenAsync(Client, "convener2"));
        var missing = await AppFactory.SendAsync(Client, HttpMethod.Get, Url("999999", 999999, 999999, 999999, 999999), await AppFactory.TokenAsync(Client, "convener"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<JsonElement> SessionAsync(string token, string status) =>
        (await AppFactory.GetJsonAsync(Client, "/api/sessions", token)).EnumerateArray().First(s => s.GetProperty("status").GetString() == status);

    private static WordprocessingDocument Word(byte[] bytes) => WordprocessingDocument.Open(new MemoryStream(bytes), false);

    private static string Text(WordprocessingDocument word) =>
        string.Join("\n", word.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText));

    private static void AssertEastAsianFonts(WordprocessingDocument word)
    {
        var runs = word.MainDocumentPart!.Document!.Body!.Descendants<Run>().Where(r => r.GetFirstChild<Text>() is not null).ToList();
        Assert.NotEmpty(runs);
        Assert.All(runs, r =>
        {
            var fonts = r.RunProperties?.RunFonts;
            Assert.Contains(fonts?.EastAsia?.Value, new[] { "宋体", "仿宋", "黑体", "楷体" });
            Assert.NotNull(fonts?.Ascii?.Value);
            Assert.NotNull(fonts?.HighAnsi?.Value);
        });
    }

    private static List<IDictionary<string, object>> Rows(byte[] bytes, string sheet) =>
        MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object>>().ToList();

    private static double Number(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
