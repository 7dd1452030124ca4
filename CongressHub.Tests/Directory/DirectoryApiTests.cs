using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Directory;

/// <summary>Roles and street isolation through the device API and page URLs.</summary>
public class DirectoryApiTests : FreshAppTest
{
    [Theory]
    [InlineData("delegate01")]
    [InlineData("officer01")]
    [InlineData("staff01")]
    [InlineData("admin")]
    public async Task Directory_ForNonConveners_Is403Problem(string userName)
    {
        var response = await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/directory/delegates", await AppFactory.TokenAsync(Client, userName));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Convener_OfStreetB_CannotReadOrChangeStreetAsDelegate()
    {
        var tokenA = await AppFactory.TokenAsync(Client, "convener");
        var tokenB = await AppFactory.TokenAsync(Client, "convener2");
        var victim = (await (await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/directory/delegates?pageSize=1", tokenA)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("items")[0];
        var id = victim.GetProperty("id").GetInt32();

        var read = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/directory/delegates/{id}", tokenB);
        var change = await AppFactory.SendAsync(Client, HttpMethod.Put, $"/api/directory/delegates/{id}", tokenB, new { name = "篡改", category = "cppcc" });
        var retire = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/directory/delegates/{id}/retire", tokenB);
        var export = await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/directory/terms/{victim.GetProperty("termId").GetInt32()}/roster.csv", tokenB);
        var listB = await (await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/directory/delegates?pageSize=200", tokenB)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retire.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        Assert.DoesNotContain(listB.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetInt32() == id);
        var after = await (await AppFactory.SendAsync(Client, HttpMethod.Get, $"/api/directory/delegates/{id}", tokenA)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(victim.GetProperty("name").GetString(), after.GetProperty("name").GetString());
        Assert.False(after.GetProperty("isRetired").GetBoolean());
    }

    [Fact]
    public async Task Convener_OfStreetB_GetsNotFoundForStreetAsDelegatePage()
    {
        var tokenA = await AppFactory.TokenAsync(Client, "convener");
        var id = (await (await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/directory/delegates?pageSize=1", tokenA)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("items")[0].GetProperty("id").GetInt32();
        var browserB = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(browserB, "convener2", "Demo!2026");
        var browserA = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(browserA, "convener", "Demo!2026");

        var forB = await browserB.GetAsync($"/directory/delegates/{id}");
        var forA = await browserA.GetAsync($"/directory/delegates/{id}");

        Assert.Equal(HttpStatusCode.NotFound, forB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forA.StatusCode);
    }

    [Fact]
    public async Task CreateDelegate_BadInput_Answers400NamingEachField_AndWritesNothing()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var before = await TotalAsync(token);

        var response = await AppFactory.SendAsync(Client, HttpMethod.Post, "/api/directory/delegates", token, new { name = "", category = "resident", phone = "12" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("phone", out _));
        Assert.True(errors.TryGetProperty("communityId", out _));
        Assert.Equal(before, await TotalAsync(token));
    }

    [Fact]
    public async Task CreateDelegate_UnknownCategory_Answers400()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");

        var response = await AppFactory.SendAsync(Client, HttpMethod.Post, "/api/directory/delegates", token, new { name = "张三", category = "mayor" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("mayor", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateDelegate_ValidInput_IsCreatedAndListed()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");

        var response = await AppFactory.SendAsync(Client, HttpMethod.Post, "/api/directory/delegates", token, new { name = "新代表", category = "人大代表", phone = "13911112222" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(41, await TotalAsync(token));
    }

    [Fact]
    public async Task RosterPreview_OverTheApi_ReportsRowErrors()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var termId = (await (await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/directory/delegates?pageSize=1", token)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("items")[0].GetProperty("termId").GetInt32();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/directory/terms/{termId}/roster/preview")
        {
            Content = new StringContent("name,category,community\n好,resident,东风社区\n坏,resident,月球社区\n", Encoding.UTF8, "text/csv"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var preview = await (await Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, preview.GetProperty("errorCount").GetInt32());
        Assert.Contains("月球社区", preview.GetProperty("rows")[1].GetProperty("errors")[0].GetString());
    }

    [Fact]
    public async Task RosterExport_WithTheConvenersCookie_IsACsvDownload()
    {
        var browser = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(browser, "convener", "Demo!2026");
        var termId = (await (await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/directory/delegates?pageSize=1", await AppFactory.TokenAsync(Client, "convener"))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("items")[0].GetProperty("termId").GetInt32();

        var response = await browser.GetAsync($"/api/directory/terms/{termId}/roster.csv");
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("\uFEFF姓名,类别,社区,电话", text);
        Assert.Equal(41, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private async Task<int> TotalAsync(string token) =>
        (await (await AppFactory.SendAsync(Client, HttpMethod.Get, "/api/directory/delegates", token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32();
}
