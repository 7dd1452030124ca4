using System.Net;
using System.Text.RegularExpressions;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Sessions;

/// <summary>The convener's printed papers, rendered statically: the sign-in sheet and ballot papers.</summary>
public partial class PrintedPapersTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task SignInSheet_ListsEveryDelegateWithTheirCommunity_AndMarksThoseOnLeave()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var sessions = App.Services.GetRequiredService<SessionService>();
        var leave = App.Services.GetRequiredService<LeaveService>();
        var id = await sessions.CreateSessionAsync(convener, new SessionInput(SessionKind.Regular, "下季度例会", DateTime.UtcNow.AddDays(14), "社区活动中心"), withTemplate: true);
        await sessions.PublishAsync(convener, id);
        var onLeave = await SignInTests.ActorOf(App, "delegate40");
        await leave.GrantAsync(convener, id, await leave.AskAsync(onLeave, id, "出差"));
        await AppFactory.PostSignInAsync(Client, "convener", Domain.Seeding.DemoSeeder.Password);

        var response = await Client.GetAsync($"/sessions/{id}/sign-in-sheet", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var rows = DelegateRow().Matches(html).ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        Assert.Equal(40, rows.Count);
        Assert.Contains("签到表", html);
        Assert.Contains(SessionTime.FormatFormalDateTime((await sessions.ListSessionsAsync(convener)).Single(s => s.Id == id).ScheduledUtc), html);
        Assert.DoesNotContain("blazor.web.js", html);
        var attendance = await sessions.ListAttendanceAsync(convener, id);
        foreach (var community in attendance.Where(a => a.Community is not null).Select(a => a.Community!).Distinct())
        {
            Assert.Contains(community, html);
        }
        Assert.Contains("请假", rows[onLeave.DelegateId!.Value]);
        Assert.Single(rows.Values, r => r.Contains("请假", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignInSheet_OfAnotherStreet_Is404_AndADelegateIsDenied()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var live = (await App.Services.GetRequiredService<SessionService>().ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live).Id;
        await AppFactory.PostSignInAsync(Client, "convener2", Domain.Seeding.DemoSeeder.Password);

        var other = await Client.GetAsync($"/sessions/{live}/sign-in-sheet", TestContext.Current.CancellationToken);
        using var delegateClient = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(delegateClient, "delegate01", Domain.Seeding.DemoSeeder.Password);
        var denied = await delegateClient.GetAsync($"/sessions/{live}/sign-in-sheet", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("data-delegate", await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.DoesNotContain("data-delegate", await denied.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BallotPaper_ForANamedQuestion_HasTheChoices_TheRule_AndAVoterNameLine()
    {
        var vote = await PrepareAsync(new VoteInput(null, "通过会议议程", Secret: false, MajorityRule.HalfOfPresent));
        await AppFactory.PostSignInAsync(Client, "convener", Domain.Seeding.DemoSeeder.Password);

        var html = await Client.GetStringAsync($"/votes/{vote}/ballot-paper", TestContext.Current.CancellationToken);

        Assert.Equal(2, Regex.Count(html, "class=\"ballot-paper\""));
        Assert.Contains("通过会议议程", html);
        Assert.Contains(MajorityRule.HalfOfPresent.Label(), html);
        Assert.Equal(6, Regex.Count(html, "class=\"ballot-box\""));
        Assert.Contains("赞成", html);
        Assert.Contains("反对", html);
        Assert.Contains("弃权", html);
        Assert.Contains("✓", html);
        Assert.Equal(2, Regex.Count(html, "投票人姓名"));
    }

    [Fact]
    public async Task BallotPaper_ForASecretElection_HasAWriteInLinePerSeat_AndNoVoterName()
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var session = (await App.Services.GetRequiredService<SessionService>().ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var election = await App.Services.GetRequiredService<VotingService>().PrepareElectionAsync(convener, session,
            new ElectionInput("居民议事会成员补选", 2, ElectionRule.MostVotes, Secret: true, [new("王芳", null), new("李强", null), new("赵敏", null)]));
        await AppFactory.PostSignInAsync(Client, "convener", Domain.Seeding.DemoSeeder.Password);

        var html = await Client.GetStringAsync($"/votes/{election}/ballot-paper?copies=3", TestContext.Current.CancellationToken);
        var odd = await Client.GetAsync($"/votes/{election}/ballot-paper?copies=abc", TestContext.Current.CancellationToken);

        Assert.Equal(3, Regex.Count(html, "class=\"ballot-paper\""));
        Assert.Equal(9, Regex.Count(html, "class=\"candidate\""));
        Assert.Equal(6, Regex.Count(html, "class=\"write-in\""));
        Assert.Contains("至多划 2 人", html);
        Assert.Contains("另选他人", html);
        Assert.Contains("无记名投票", html);
        Assert.DoesNotContain("投票人姓名", html);
        Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
        Assert.Equal(2, Regex.Count(await odd.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), "class=\"ballot-paper\""));
    }

    [Fact]
    public async Task BallotPaper_OfAnotherStreet_Is404_InEnglish_IsEnglish()
    {
        var vote = await PrepareAsync(new VoteInput(null, "通过会议议程", Secret: true, MajorityRule.YesOverNo));
        await AppFactory.PostSignInAsync(Client, "convener2", Domain.Seeding.DemoSeeder.Password);
        var other = await Client.GetAsync($"/votes/{vote}/ballot-paper", TestContext.Current.CancellationToken);
        using var english = App.NewBrowserClient();
        await AppFactory.PostSignInAsync(english, "convener", Domain.Seeding.DemoSeeder.Password);
        await english.GetAsync("/culture/en?returnUrl=/", TestContext.Current.CancellationToken);

        var html = await english.GetStringAsync($"/votes/{vote}/ballot-paper", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("Secret ballot", html);
        Assert.Contains("Mark ✓ in one box only", html);
        Assert.DoesNotContain("Voter's name", html);
    }

    private async Task<int> PrepareAsync(VoteInput input)
    {
        var convener = await SignInTests.ActorOf(App, "convener");
        var session = (await App.Services.GetRequiredService<SessionService>().ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live).Id;
        return await App.Services.GetRequiredService<VotingService>().PrepareAsync(convener, session, input);
    }

    [GeneratedRegex("<tr data-delegate=\"(\\d+)\">(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex DelegateRow();
}
