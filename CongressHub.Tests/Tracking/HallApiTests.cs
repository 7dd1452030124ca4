using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CongressHub.Domain.Tracking;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Tracking;

/// <summary>The device contract of answers on the spot: an officer's answer, a leader's intention, and the refusals.</summary>
public class HallApiTests(AppFixture app) : AppTest(app)
{
    private async Task<(int Session, HallQuestion Question)> QuestionToAsync(string department)
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var live = (await App.Services.GetRequiredService<Domain.Sessions.SessionService>().ListSessionsAsync(convener))
            .Single(s => s.Status == Domain.Sessions.SessionStatus.Live).Id;
        var questions = await App.Services.GetRequiredService<HallQuestionService>().ListHallQuestionsAsync(convener, live);
        return (live, questions.Single(q => q.Department == department));
    }

    [Fact]
    public async Task Answer_ByTheDepartmentsOfficer_IsRecordedOnTheItem()
    {
        var (live, question) = await QuestionToAsync("城市管理科");
        var token = await AppFactory.TokenAsync(Client, "officer04");

        var response = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{live}/questions/{question.Id}/answer", token, new { text = "下周在东风路加装隔离桩。" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("answered", "下周在东风路加装隔离桩。", "城市管理科"),
            (body.GetProperty("state").GetString(), body.GetProperty("answer").GetString(), body.GetProperty("answeredBy").GetString()));
        var item = await App.Services.GetRequiredService<TrackingService>().GetAsync(await SignInTests.ActorOf(App, "convener"), question.Id);
        Assert.Equal(TrackedState.Answered, item.State);
    }

    [Fact]
    public async Task Answer_Refusals_AreProblemDetails_403_404_409_422()
    {
        var (live, question) = await QuestionToAsync("综治办");
        var otherDepartment = await AppFactory.TokenAsync(Client, "officer04");
        var own = await AppFactory.TokenAsync(Client, "officer05");
        var otherStreet = await AppFactory.TokenAsync(Client, "officer09");
        var url = $"/api/sessions/{live}/questions/{question.Id}";

        var forbidden = await AppFactory.SendAsync(Client, HttpMethod.Post, url + "/answer", otherDepartment, new { text = "我们来答" });
        var notFound = await AppFactory.SendAsync(Client, HttpMethod.Post, url + "/answer", otherStreet, new { text = "答复" });
        var unknown = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{live}/questions/999999/answer", own, new { text = "答复" });
        var empty = await AppFactory.SendAsync(Client, HttpMethod.Post, url + "/answer", own, new { text = "   " });
        var noBody = await AppFactory.SendAsync(Client, HttpMethod.Post, url + "/answer", own);
        var notLeader = await AppFactory.SendAsync(Client, HttpMethod.Post, url + "/intention", own, new { text = "研究一下" });
        var answered = await AppFactory.SendAsync(Client, HttpMethod.Post, url + "/answer", own, new { text = "月底前修复。" });
        var twice = await AppFactory.SendAsync(Client, HttpMethod.Post, url + "/answer", own, new { text = "再答一次" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("科室干部只能答复本科室的事项。", (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notLeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.All(new[] { forbidden, notFound, unknown, empty, noBody, notLeader, twice }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task Intention_ByALeader_MovesTheItemToIntentionStated()
    {
        var (live, question) = await QuestionToAsync("民政科");
        var token = await AppFactory.TokenAsync(Client, "officer01");

        var response = await AppFactory.SendAsync(Client, HttpMethod.Post, $"/api/sessions/{live}/questions/{question.Id}/intention", token, new { text = "街道办公会专题研究。" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("intentionStated", "街道办公会专题研究。"), (body.GetProperty("state").GetString(), body.GetProperty("intention").GetString()));
    }
}
