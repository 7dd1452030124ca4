using System.IO.Compression;
using System.Net;
using CongressHub.Domain.Common;
using CongressHub.Domain.Records;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Records;

/// <summary>
/// A delegate's public record page (<c>/s/{street}/delegates/{id}</c>) and the record as Word: the figures and what is
/// public, never the delegate's phone, e-mail or account; another street's delegate is not found; the documents go to
/// the delegate and the convener only.
/// </summary>
public class PublicDelegatePageTests(AppFixture app) : AppTest(app)
{
    private CongressDbContext NewContext() => App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContext();

    private DelegateRecordService Records => App.Services.GetRequiredService<DelegateRecordService>();

    /// <summary>A delegate of the street's current term with a phone number on file.</summary>
    private async Task<Domain.Directory.CongressDelegate> WithPhoneAsync(string convener)
    {
        var term = (await App.Services.GetRequiredService<Domain.Directory.DirectoryService>().GetCurrentTermAsync(await SignInTests.ActorOf(App, convener)))!.Id;
        await using var db = NewContext();
        return await db.Delegates.Where(d => d.TermId == term && d.Phone != null && d.UserId != null).OrderBy(d => d.Id).FirstAsync();
    }

    [Fact]
    public async Task PublicDelegatePage_ShowsTheRecord_AndNoContactDetails()
    {
        var d = await WithPhoneAsync("convener");
        await using var db = NewContext();
        var user = await db.Users.SingleAsync(u => u.Id == d.UserId);
        // An opinion its sender did not want published is counted, never titled.
        var hidden = await App.Services.GetRequiredService<TrackingService>().SubmitPublicOpinionAsync("shiyan",
            new OpinionInput(null, default, "私下反映：楼上住户的家事纠纷请代表协调", OpinionCategory.Other, GovernmentLevel.Street, "匿名", "13911112222", false, d.Id));
        var record = (await Records.PublicRecordAsync("shiyan", d.Id))!;

        var response = await Client.GetAsync($"/s/shiyan/delegates/{d.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(d.Name, html);
        Assert.Contains("码上见代表", html);
        Assert.Contains($"/s/shiyan/opinions/new?delegate={d.Id}", html);
        Assert.Contains("<svg", html);
        Assert.Contains($"<span class=\"stat-value\">{record.Counts.Opinions}</span>", html);
        Assert.DoesNotContain("私下反映", html);
        Assert.DoesNotContain(d.Phone!, html);
        Assert.DoesNotContain("13911112222", html);
        Assert.DoesNotContain(user.UserName!, html);
        if (user.Email is { Length: > 0 } email)
        {
            Assert.DoesNotContain(email, html);
        }
        Assert.True(hidden > 0);
    }

    [Fact]
    public async Task PublicDelegatePage_OfAnotherStreetsDelegate_OrAnUnknownOne_IsNotFound()
    {
        var other = await WithPhoneAsync("convener2");

        var crossed = await Client.GetAsync($"/s/shiyan/delegates/{other.Id}");
        var unknown = await Client.GetAsync("/s/shiyan/delegates/999999");
        var own = await Client.GetAsync($"/s/xinghai/delegates/{other.Id}");

        Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task StreetHome_AndSitemap_LeadToEachDelegatesPublicPage()
    {
        var d = await WithPhoneAsync("convener");

        var home = await Client.GetStringAsync("/s/shiyan");
        var sitemap = await PublicSitemap.PathsAsync(Client);

        Assert.Contains($"href=\"/s/shiyan/delegates/{d.Id}\"", home);
        Assert.Contains($"/s/shiyan/delegates/{d.Id}", sitemap);
    }

    [Fact]
    public async Task RecordDocx_ForTheDelegate_HoldsTheFigures_AndIsRefusedToOthers()
    {
        var delegate01 = await SignInTests.ActorOf(App, "delegate01");
        var id = delegate01.DelegateId!.Value;
        var record = await Records.RecordAsync(delegate01, id);
        var own = await AppFactory.TokenAsync(Client, "delegate01");

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/delegates/{id}/record.docx", own);
        var otherDelegate = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/delegates/{id}/record.docx", await AppFactory.TokenAsync(Client, "delegate02"));
        var otherStreet = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/delegates/{id}/record.docx", await AppFactory.TokenAsync(Client, "convener2"));
        var convener = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/delegates/{id}/record.docx", await AppFactory.TokenAsync(Client, "convener"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var word = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var body = word.MainDocumentPart!.Document!.Body!;
        Assert.Contains(record.Name, body.InnerText);
        var rows = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableRow>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Contains(rows, r => r.SequenceEqual(["出席会议", record.Attended.ToString()]));
        Assert.Contains(rows, r => r.SequenceEqual(["领衔议案", record.Sponsored.Count.ToString()]));
        Assert.Contains(rows, r => r.SequenceEqual(["现场提问", record.Questions.Count.ToString()]));
        Assert.Contains(rows, r => r.SequenceEqual(["办理情况测评", record.FollowUpRatings.ToString()]));
        Assert.Equal(HttpStatusCode.Forbidden, otherDelegate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherStreet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, convener.StatusCode);
    }

    [Fact]
    public async Task TermRecordsZip_ForTheConvener_HoldsOneDocumentPerDelegate_AndIsRefusedToADelegate()
    {
        var term = await Records.TermRecordsAsync(await SignInTests.ActorOf(App, "convener"));

        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/delegates/records.zip", await AppFactory.TokenAsync(Client, "convener"));
        var refused = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/delegates/records.zip", await AppFactory.TokenAsync(Client, "delegate01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(term.Records.Count, zip.Entries.Count);
        Assert.All(zip.Entries, e => Assert.EndsWith(".docx", e.Name));
        var first = term.Records[0];
        using var stream = new MemoryStream();
        await using (var entry = await zip.Entries[0].OpenAsync())
        {
            await entry.CopyToAsync(stream);
        }
        stream.Position = 0;
        using var word = WordprocessingDocument.Open(stream, false);
        Assert.Contains(first.Name, word.MainDocumentPart!.Document!.Body!.InnerText);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
