using System.IO.Compression;
using CongressHub.Domain.Sessions;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CongressHub.Tests.Browser;

/// <summary>A convener downloads a session's archive and its minutes from the session's page.</summary>
[Collection(BrowserCollection.Name)]
public class DocumentDownloadTests(BrowserFixture browser) : BrowserTest
{
    protected override ErrorLog Errors => browser.Errors;

    [Fact]
    public async Task Convener_DownloadsTheArchiveAndTheMinutes_FromTheSessionPage()
    {
        var convener = await SignInTests.ActorOf(browser.App, "convener");
        var session = (await browser.App.Services.GetRequiredService<SessionService>().ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.MinutesPublished && s.Title == "上一季度居民代表会议例会").Id; // the demo's, whatever other tests sign off
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("convener");
        await page.GotoAsync($"/sessions/{session}/agenda");
        await page.WaitForCircuitAsync();
        await page.ScreenshotAsync("session-documents-1280", fullPage: false);

        var archive = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#archive-zip"));
        var minutes = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#minutes-docx"));

        Assert.Equal($"session-{session}-archive.zip", archive.SuggestedFilename);
        Assert.Equal($"session-{session}-minutes.docx", minutes.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"congresshub-archive-{Guid.NewGuid():N}.zip");
        await archive.SaveAsAsync(saved);
        using var zip = new ZipArchive(new MemoryStream(await File.ReadAllBytesAsync(saved)));
        File.Delete(saved);
        Assert.Contains(zip.Entries, e => e.FullName == $"session-{session}-notice.docx");
        Assert.Contains(zip.Entries, e => e.FullName == "audit-anchor.txt");
        await Assertions.Expect(page.Locator("#session-documents")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
    }
}
