using CongressHub.Domain.Common;
using CongressHub.Domain.Projects;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Projects;

/// <summary>
/// A year's candidate livelihood projects: the convener proposes them (with the department responsible and the
/// residents' opinions they answer) and publishes them for comments once the ballot can choose among them; drafts are
/// the convener's alone, another street's rounds are not found, and bad input is refused field by field.
/// </summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class ProjectRoundTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _department;
    private List<int> _opinions = null!;

    private ProjectService Projects => _db.Get<ProjectService>();

    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(_db.Clock.GetUtcNow().UtcDateTime));

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        await using var db = _db.NewContext();
        _department = await db.Departments.Where(d => d.StreetId == _convener.StreetId).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
        _opinions = await db.TrackedItems.Where(i => i.StreetId == _convener.StreetId && i.Kind == TrackedKind.Opinion).OrderBy(i => i.Id).Select(i => i.Id).Take(2).ToListAsync();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private ProjectInput Candidate(string title, long cost, ProjectSource source = ProjectSource.Department, IReadOnlyList<int>? opinions = null) =>
        new(title, $"{title}：由科室组织实施，年底前完成。", cost, _department, source, opinions);

    private async Task<int> RoundWithAsync(int candidates, long? cap = null, int marks = 2)
    {
        var round = await Projects.CreateRoundAsync(_convener, new ProjectRoundInput(Today.Year + 2, $"{Today.Year + 2}年民生实事项目", marks, BudgetCap: cap));
        for (var i = 1; i <= candidates; i++)
        {
            await Projects.ProposeAsync(_convener, round, Candidate($"候选项目{i}", i * 100_000));
        }
        return round;
    }

    [Fact]
    public async Task The_Convener_Proposes_Candidates_With_The_Opinions_They_Answer_And_Publishes_Them_For_Comments()
    {
        var round = await Projects.CreateRoundAsync(_convener, new ProjectRoundInput(Today.Year + 2, "明年民生实事项目", 2, BudgetCap: 1_500_000));
        var lift = await Projects.ProposeAsync(_convener, round, Candidate("老旧小区加装电梯", 1_200_000, ProjectSource.Opinions, _opinions));
        await Projects.ProposeAsync(_convener, round, Candidate("社区食堂", 300_000, ProjectSource.Delegates));
        await Projects.ProposeAsync(_convener, round, Candidate("口袋公园", 450_000));
        var delegate01 = await _db.ActorAsync("delegate01");
        await Assert.ThrowsAsync<NotFoundException>(() => Projects.GetRoundAsync(delegate01, round));
        Assert.Null(await Projects.PublicRoundAsync("shiyan", Today.Year + 2));

        await Projects.PublishAsync(_convener, round, Today.AddDays(14));

        var view = await Projects.GetRoundAsync(delegate01, round);
        Assert.Equal((ProjectRoundState.Published, Today, Today.AddDays(14)), (view.State, view.CommentsFrom!.Value, view.CommentsUntil!.Value));
        Assert.Equal(["老旧小区加装电梯", "社区食堂", "口袋公园"], view.Projects.Select(p => p.Title));
        Assert.Equal(_opinions, view.Projects.Single(p => p.Id == lift).Opinions.Select(o => o.ItemId));
        var shown = await Projects.PublicRoundAsync("shiyan", Today.Year + 2);
        Assert.Equal(3, shown!.Projects.Count);
        Assert.Null(await Projects.PublicRoundAsync("xinghai", Today.Year + 2));
        // Published candidates are fixed.
        await Assert.ThrowsAsync<DomainException>(() => Projects.ProposeAsync(_convener, round, Candidate("再加一个", 10_000)));
        await Assert.ThrowsAsync<DomainException>(() => Projects.RemoveProjectAsync(_convener, lift));
    }

    [Fact]
    public async Task Publishing_Is_Refused_Until_The_Ballot_Can_Choose()
    {
        async Task<string> RefusedAsync(int round, DateOnly until) =>
            Assert.Single((await Assert.ThrowsAsync<ValidationFailedException>(() => Projects.PublishAsync(_convener, round, until))).Errors).Field;

        // Two marks each need at least three candidates (差额).
        var round = await RoundWithAsync(2);
        Assert.Equal(nameof(ProjectRound.MaxMarks), await RefusedAsync(round, Today.AddDays(14)));
        await Projects.ProposeAsync(_convener, round, Candidate("第三个", 50_000));
        Assert.Equal(nameof(ProjectRound.CommentsUntil), await RefusedAsync(round, Today.AddDays(3)));
        // A cap below the cheapest candidate (50,000) could choose nothing.
        await Projects.UpdateRoundAsync(_convener, round, new ProjectRoundInput(Today.Year + 2, "明年民生实事项目", 2, BudgetCap: 40_000));
        Assert.Equal(nameof(ProjectRound.BudgetCap), await RefusedAsync(round, Today.AddDays(14)));
        await using var db = _db.NewContext();
        Assert.Equal(ProjectRoundState.Drafting, (await db.ProjectRounds.SingleAsync(r => r.Id == round)).State);
    }

    [Fact]
    public async Task Bad_Input_Is_Refused_Field_By_Field_And_Nothing_Is_Written()
    {
        async Task<IReadOnlyList<string>> RefusedAsync(Func<Task> act) =>
            (await Assert.ThrowsAsync<ValidationFailedException>(act)).Errors.Select(e => e.Field).ToList();

        Assert.Equal([nameof(ProjectRoundInput.Year), nameof(ProjectRoundInput.Title), nameof(ProjectRoundInput.MaxMarks), nameof(ProjectRoundInput.Rule), nameof(ProjectRoundInput.BudgetCap)],
            await RefusedAsync(() => Projects.CreateRoundAsync(_convener, new ProjectRoundInput(1999, " ", 0, (MajorityRule)99, 0))));
        var round = await RoundWithAsync(0);
        Assert.Equal([nameof(ProjectRoundInput.Year)], await RefusedAsync(() => Projects.CreateRoundAsync(_convener, new ProjectRoundInput(Today.Year + 2, "同一年再来一次", 2))));

        Assert.Equal([nameof(ProjectInput.Title), nameof(ProjectInput.Description), nameof(ProjectInput.EstimatedCost), nameof(ProjectInput.DepartmentId)],
            await RefusedAsync(() => Projects.ProposeAsync(_convener, round, new ProjectInput("", "", 0, 0, ProjectSource.Department))));
        Assert.Equal([nameof(ProjectInput.OpinionIds)], await RefusedAsync(() => Projects.ProposeAsync(_convener, round, Candidate("无意见的意见项目", 1000, ProjectSource.Opinions))));
        // Another street's department and opinion are not this street's to name.
        await using (var db = _db.NewContext())
        {
            var xinghai = (await _db.ActorAsync("convener2")).StreetId;
            var theirDepartment = await db.Departments.Where(d => d.StreetId == xinghai).Select(d => d.Id).FirstAsync();
            var theirOpinion = await db.TrackedItems.Where(i => i.StreetId != _convener.StreetId && i.Kind == TrackedKind.Opinion).Select(i => (int?)i.Id).FirstOrDefaultAsync() ?? 999_999;
            Assert.Equal([nameof(ProjectInput.DepartmentId), nameof(ProjectInput.OpinionIds)],
                await RefusedAsync(() => Projects.ProposeAsync(_convener, round, new ProjectInput("跨街道", "说明", 1000, theirDepartment, ProjectSource.Opinions, [theirOpinion]))));
        }
        await using var check = _db.NewContext();
        Assert.Equal(0, await check.LivelihoodProjects.CountAsync(p => p.RoundId == round));
        Assert.Equal(1, await check.ProjectRounds.CountAsync(r => r.Year == Today.Year + 2));
    }

    [Fact]
    public async Task Only_The_Streets_Convener_Keeps_Its_Rounds()
    {
        var round = await RoundWithAsync(3);
        var project = (await Projects.GetRoundAsync(_convener, round)).Projects[0].Id;
        var convener2 = await _db.ActorAsync("convener2");
        var officer = await _db.ActorAsync("officer03");

        await Assert.ThrowsAsync<ForbiddenException>(() => Projects.CreateRoundAsync(officer, new ProjectRoundInput(Today.Year + 3, "科室自己的", 1)));
        await Assert.ThrowsAsync<ForbiddenException>(() => Projects.ProposeAsync(officer, round, Candidate("科室加一个", 1000)));
        await Assert.ThrowsAsync<NotFoundException>(() => Projects.ProposeAsync(convener2, round, Candidate("别的街道加一个", 1000)));
        await Assert.ThrowsAsync<NotFoundException>(() => Projects.RemoveProjectAsync(convener2, project));
        await Assert.ThrowsAsync<NotFoundException>(() => Projects.GetRoundAsync(convener2, round));
        await Assert.ThrowsAsync<NotFoundException>(() => Projects.PublishAsync(convener2, round, Today.AddDays(14)));
        Assert.Empty(await Projects.ListRoundsAsync(convener2));
        Assert.DoesNotContain(round, (await Projects.ListRoundsAsync(officer)).Select(r => r.Id));
        // The demo's rounds of this year and next, and this one.
        Assert.Equal(3, (await Projects.ListRoundsAsync(_convener)).Count);
    }
}
