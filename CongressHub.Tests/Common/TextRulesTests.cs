using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Common;

/// <summary>Control characters and text-direction marks are refused in every text people and residents write, with the field named.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class TextRulesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData('\0', false)]
    [InlineData('\u0007', false)]
    [InlineData('\u001B', false)]
    [InlineData('\u007F', false)]
    [InlineData('\u0085', false)]
    [InlineData('\u202A', false)]
    [InlineData('\u202E', false)]
    [InlineData('\u2066', false)]
    [InlineData('\u2069', false)]
    [InlineData('\u200F', false)]
    [InlineData('张', true)]
    [InlineData('é', true)]
    [InlineData('\u200D', true)]
    public void IsAllowed_TellsControlAndDirectionMarksFromText(char c, bool allowed) =>
        Assert.Equal(allowed, TextRules.IsAllowed(c, multiLine: true));

    [Fact]
    public void IsAllowed_NewlineAndTab_OnlyInTextsOfSeveralLines()
    {
        Assert.All("\n\r\t", c => Assert.True(TextRules.IsAllowed(c, multiLine: true)));
        Assert.All("\n\r\t", c => Assert.False(TextRules.IsAllowed(c, multiLine: false)));
    }

    [Theory]
    [InlineData("张\u202E三")]
    [InlineData("张\0三")]
    [InlineData("张\n三")]
    public async Task CreateDelegate_WithAControlOrDirectionCharacterInTheName_IsRefusedNamingTheField_AndStoresNothing(string name)
    {
        var convener = await _db.ActorAsync("convener");
        var termId = (await _db.Get<DirectoryService>().ListDelegatesAsync(convener, new DelegateQuery(PageSize: 1))).Items[0].TermId;

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _db.Get<DirectoryService>().CreateDelegateAsync(convener, termId, new DelegateInput(name, DelegateCategory.PeoplesCongressDeputy, null, null)));

        Assert.Contains("姓名", refused.ErrorFor("Name"));
        await using var db = _db.NewContext();
        Assert.False(await db.Delegates.AnyAsync(d => d.Name.StartsWith("张") && d.Name.EndsWith("三")));
    }

    [Fact]
    public async Task DraftMotion_TextOfSeveralLinesWithTabs_IsKept_ButADirectionMarkInTheTextIsRefused()
    {
        var sponsor = await _db.ActorAsync("delegate05");
        var motions = _db.Get<MotionService>();

        var id = await motions.DraftAsync(sponsor, new MotionInput("加装电梯", "第一段。\n\n\t第二段：费用分摊。"));
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            motions.DraftAsync(sponsor, new MotionInput("加装电梯", "费用由\u2066住户\u2069分摊")));

        Assert.Contains("\n\n\t第二段", (await motions.GetAsync(sponsor, id)).TextMarkdown);
        Assert.Contains("议案", refused.ErrorFor("Text"));
    }

    [Fact]
    public async Task SearchWords_WithNulOrAnOverride_AreLookedForWithoutThem_OnEveryEngine()
    {
        var convener = await _db.ActorAsync("convener");
        var someone = (await _db.Get<DirectoryService>().ListDelegatesAsync(convener, new DelegateQuery(PageSize: 1))).Items[0].Name;

        var found = await _db.Get<DirectoryService>().ListDelegatesAsync(convener, new DelegateQuery(Search: someone[..1] + "\0\u202E" + someone[1..]));
        var officers = await _db.Get<DirectoryService>().ListOfficersAsync(convener, new OfficerQuery(Search: "\0"));

        Assert.Contains(found.Items, d => d.Name == someone);
        Assert.NotNull(officers);
    }

    [Fact]
    public async Task PublicOpinion_WithAnOverrideInTheResidentsName_IsRefused()
    {
        var staff = await _db.ActorAsync("staff01");

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => _db.Get<TrackingService>().SubmitPublicOpinionAsync("shiyan",
            new OpinionInput(staff.CommunityId!.Value, default, "路灯不亮", OpinionCategory.Other, GovernmentLevel.Street, "王\u202E五", null, true)));

        Assert.NotNull(refused.ErrorFor("ResidentName"));
    }
}

/// <summary>The same rule through the API: a 400 problem that names the field.</summary>
public class TextRulesApiTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("张\u0000三")]
    [InlineData("张\u202E三")]
    public async Task AddDelegate_WithNulOrAnOverride_Is400_NamingTheName(string name)
    {
        var token = await AppFactory.TokenAsync(Client, "convener");

        var response = await AppFactory.SendAsync(Client, HttpMethod.Post, "/api/directory/delegates", token, new { name, category = "人大代表", phone = "13911112222" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("姓名", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task UpdateDelegate_WithAnOverride_InEnglish_Is400_NamingTheName()
    {
        var token = await AppFactory.TokenAsync(Client, "convener");
        var id = (await AppFactory.GetJsonAsync(Client, "/api/directory/delegates?pageSize=1", token)).GetProperty("items")[0].GetProperty("id").GetInt32();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/directory/delegates/{id}?culture=en") { Content = JsonContent.Create(new { name = "\u202Eevil", category = "人大代表" }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Name contains characters that are not allowed", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }
}
