using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Attachments;

/// <summary>Attachments over HTTP: a resident's photo through the public form, serving by the record's rights, uploads and deletes by token.</summary>
public partial class AttachmentsApiTests(AppFixture app) : AppTest(app)
{
    private const string FormUrl = "/s/shiyan/opinions/new";

    [Fact]
    public async Task AResidentsPhoto_ViaThePublicForm_IsStoredWithoutExif_AndServedByTheOpinionsRights()
    {
        var opinion = await SubmitFormAsync("东风路路灯坏了，见照片。", ("photos", "IMG_0001.jpg", TestFiles.PhotoWithGps()));
        var id = Assert.Single(await AttachmentIdsAsync(opinion));
        using var anonymous = App.NewBrowserClient();

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/attachments/{id}/thumbnail")).StatusCode);
        var other = await AppFactory.TokenAsync(Client, "convener2");
        Assert.Equal(HttpStatusCode.NotFound, (await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/attachments/{id}", other)).StatusCode);
        var convener = await AppFactory.TokenAsync(Client, "convener");
        var photo = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/attachments/{id}", convener);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", photo.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", Assert.Single(photo.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(TestFiles.HasExif(await photo.Content.ReadAsByteArrayAsync()));

        await App.Services.GetRequiredService<TrackingService>().AcceptAsync(await ActorAsync("convener"), opinion);

        var thumbnail = await anonymous.GetAsync($"/api/attachments/{id}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType!.MediaType);
        var page = await anonymous.GetStringAsync("/s/shiyan/opinions");
        Assert.Contains($"src=\"/api/attachments/{id}/thumbnail\" alt=\"IMG_0001.jpg\"", page);
    }

    [Fact]
    public async Task ThePublicForm_RefusesAnExeNamedJpg_KeepsTheText_AndStoresNothing()
    {
        var before = await CountAsync();

        var response = await PostFormAsync("路灯照片见附件", ("photos", "lamp.jpg", TestFiles.Exe()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("“lamp.jpg”不是照片", html);
        Assert.Contains("路灯照片见附件", html);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Upload_ByToken_ServesAPdfAsADownload_RefusesAnExe_AndOnlyTheEditorDeletes()
    {
        var opinion = await SubmitFormAsync("小区东门垃圾桶满了。");
        await App.Services.GetRequiredService<TrackingService>().AcceptAsync(await ActorAsync("convener"), opinion);
        var convener = await AppFactory.TokenAsync(Client, "convener");

        var created = await UploadAsync($"/api/attachments/tracked-items/{opinion}", convener, "整改方案.pdf", TestFiles.Pdf());
        var refused = await UploadAsync($"/api/attachments/tracked-items/{opinion}", convener, "setup.jpg", TestFiles.Exe());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var pdf = await App.NewBrowserClient().GetAsync(url);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("整改方案.pdf", pdf.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("setup.jpg", await refused.Content.ReadAsStringAsync());
        Assert.Single(await AttachmentIdsAsync(opinion));
        var delegateToken = await AppFactory.TokenAsync(Client, "delegate20");
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.SendAsync(Client, HttpMethod.Delete, url, delegateToken)).StatusCode);
        var other = await AppFactory.TokenAsync(Client, "convener2");
        Assert.Equal(HttpStatusCode.NotFound, (await AppFactory.SendAsync(Client, HttpMethod.Delete, url, other)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await AppFactory.SendAsync(Client, HttpMethod.Delete, url, convener)).StatusCode);
        Assert.Empty(await AttachmentIdsAsync(opinion));
    }

    // ---- helpers

    private async Task<HttpResponseMessage> UploadAsync(string url, string token, string name, byte[] bytes)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(bytes), "file", name);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    private async Task<int> SubmitFormAsync(string text, params (string Field, string Name, byte[] Bytes)[] files)
    {
        var response = await PostFormAsync(text, files);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(AppFactory.Where(response)!.Split('=')[1], CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string text, params (string Field, string Name, byte[] Bytes)[] files)
    {
        var html = await Client.GetStringAsync(FormUrl);
        var question = QuestionPattern().Match(html);
        var form = new MultipartFormDataContent
        {
            { new StringContent(AppFactory.Antiforgery(html)), "__RequestVerificationToken" },
            { new StringContent("opinion"), "_handler" },
            { new StringContent(CommunityPattern().Match(html).Groups[1].Value), "Form.CommunityId" },
            { new StringContent("Safety"), "Form.Category" },
            { new StringContent("Street"), "Form.Level" },
            { new StringContent(text), "Form.Text" },
            { new StringContent("true"), "Form.Publishable" },
            { new StringContent(WebUtility.HtmlDecode(CheckTokenPattern().Match(html).Groups[1].Value)), "Form.CheckToken" },
            { new StringContent((int.Parse(question.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(question.Groups[2].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)), "Form.CheckAnswer" },
        };
        foreach (var (field, name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, field, name);
        }
        return await Client.PostAsync(FormUrl, form);
    }

    private async Task<List<int>> AttachmentIdsAsync(int itemId)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        return await db.Attachments.Where(a => a.RecordId == itemId && a.RecordKind == Domain.Attachments.AttachmentRecord.TrackedItem).Select(a => a.Id).ToListAsync();
    }

    private async Task<(int Items, int Files)> CountAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync();
        return (await db.TrackedItems.CountAsync(), await db.Attachments.CountAsync());
    }

    private async Task<Actor> ActorAsync(string userName)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<CongressUser>>();
        return Actor.FromPrincipal(await factory.CreateAsync((await users.FindByNameAsync(userName))!))!;
    }

    [GeneratedRegex("id=\"check-question\">\\D*?(\\d+)\\D+?(\\d+)")]
    private static partial Regex QuestionPattern();

    [GeneratedRegex("name=\"Form.CheckToken\" value=\"([^\"]+)\"")]
    private static partial Regex CheckTokenPattern();

    [GeneratedRegex("id=\"community\".*?<option value=\"(\\d+)\"", RegexOptions.Singleline)]
    private static partial Regex CommunityPattern();
}
