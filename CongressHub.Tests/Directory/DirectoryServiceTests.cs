using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Directory;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class DirectoryServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private DirectoryService Directory => _db.Get<DirectoryService>();

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ListDelegates_AsConvener_ShowsOnlyOwnStreet()
    {
        var convener = await _db.ActorAsync("convener");
        var convener2 = await _db.ActorAsync("convener2");

        var mine = await Directory.ListDelegatesAsync(convener, new DelegateQuery(PageSize: 200));
        var theirs = await Directory.ListDelegatesAsync(convener2, new DelegateQuery(PageSize: 200));

        Assert.Equal(40, mine.Total);
        Assert.Equal(40, theirs.Total);
        Assert.Empty(mine.Items.Select(d => d.Id).Intersect(theirs.Items.Select(d => d.Id)));
    }

    [Fact]
    public async Task GetDelegate_OfAnotherStreet_IsNotFound()
    {
        var convener2 = await _db.ActorAsync("convener2");
        var streetOneDelegate = (await _db.ActorAsync("delegate01")).DelegateId!.Value;

        await Assert.ThrowsAsync<NotFoundException>(() => Directory.GetDelegateAsync(convener2, streetOneDelegate));
    }

    [Fact]
    public async Task UpdateAndRetire_DelegateOfAnotherStreet_AreRefusedAndChangeNothing()
    {
        var convener2 = await _db.ActorAsync("convener2");
        var victim = (await _db.ActorAsync("delegate01")).DelegateId!.Value;
        string before;
        await using (var ctx = _db.NewContext())
        {
            before = (await ctx.Delegates.SingleAsync(d => d.Id == victim)).Name;
        }

        await Assert.ThrowsAsync<NotFoundException>(() =>
            Directory.UpdateDelegateAsync(convener2, victim, new DelegateInput("篡改", DelegateCategory.CppccMember, null, null)));
        await Assert.ThrowsAsync<NotFoundException>(() => Directory.RetireDelegateAsync(convener2, victim, null));

        await using var check = _db.NewContext();
        var d = await check.Delegates.SingleAsync(x => x.Id == victim);
        Assert.Equal(before, d.Name);
        Assert.False(d.IsRetired);
    }

    [Fact]
    public async Task CreateDelegate_WithCommunityOfAnotherStreet_IsRefused()
    {
        var convener = await _db.ActorAsync("convener");
        var term = (await Directory.GetCurrentTermAsync(convener))!;
        int otherCommunity;
        await using (var ctx = _db.NewContext())
        {
            otherCommunity = await ctx.Communities.Where(c => c.Name == "海滨社区").Select(c => c.Id).SingleAsync();
        }

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Directory.CreateDelegateAsync(convener, term.Id, new DelegateInput("新代表", DelegateCategory.ResidentRepresentative, otherCommunity, null)));

        Assert.NotNull(ex.ErrorFor(nameof(DelegateInput.CommunityId)));
    }

    [Theory]
    [InlineData("delegate01")]
    [InlineData("officer01")]
    [InlineData("staff01")]
    [InlineData("admin")]
    public async Task DirectoryActions_ByNonConvener_AreForbidden(string userName)
    {
        var actor = await _db.ActorAsync(userName);

        await Assert.ThrowsAsync<ForbiddenException>(() => Directory.ListDelegatesAsync(actor, new DelegateQuery()));
        await Assert.ThrowsAsync<ForbiddenException>(() => Directory.CreateCommunityAsync(actor, new NamedInput("新社区")));
    }

    [Fact]
    public async Task CreateDelegate_SamePersonTwice_IsRefusedAsDuplicate()
    {
        var convener = await _db.ActorAsync("convener");
        var term = (await Directory.GetCurrentTermAsync(convener))!;
        var input = new DelegateInput("钱多多", DelegateCategory.PeoplesCongressDeputy, null, "13912345678");
        await Directory.CreateDelegateAsync(convener, term.Id, input);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => Directory.CreateDelegateAsync(convener, term.Id, input));

        Assert.NotNull(ex.ErrorFor(nameof(DelegateInput.Name)));
        Assert.Equal(41, (await Directory.ListDelegatesAsync(convener, new DelegateQuery())).Total);
    }

    [Fact]
    public async Task ListDelegates_SearchByNameOrCommunity_AndPaging()
    {
        var convener = await _db.ActorAsync("convener");

        var byCommunity = await Directory.ListDelegatesAsync(convener, new DelegateQuery(Search: "东风社区", PageSize: 100));
        var page2 = await Directory.ListDelegatesAsync(convener, new DelegateQuery(Page: 1, PageSize: 15));

        Assert.Equal(8, byCommunity.Total);
        Assert.All(byCommunity.Items, d => Assert.Equal("东风社区", d.Community));
        Assert.Equal(40, page2.Total);
        Assert.Equal(15, page2.Items.Count);
    }

    [Fact]
    public async Task Quota_RetiringAResidentRepresentative_CanPutTheCommunityUnderQuota()
    {
        var convener = await _db.ActorAsync("convener");
        var term = (await Directory.GetCurrentTermAsync(convener))!;
        var reps = await Directory.ListDelegatesAsync(convener, new DelegateQuery(Category: DelegateCategory.ResidentRepresentative, Search: "新华社区"));
        Assert.Equal(4, reps.Total);

        await Directory.RetireDelegateAsync(convener, reps.Items[0].Id, "搬离本街道");

        var quota = await Directory.GetQuotaAsync(convener, term.Id);
        Assert.Equal(QuotaStatus.Under, quota.Single(q => q.Community == "新华社区").Status);
        Assert.All(quota.Where(q => q.Community != "新华社区"), q => Assert.Equal(QuotaStatus.Within, q.Status));
    }

    [Fact]
    public async Task CreateCommunity_DuplicateName_IsRefused()
    {
        var convener = await _db.ActorAsync("convener");

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => Directory.CreateCommunityAsync(convener, new NamedInput("东风社区")));

        Assert.NotNull(ex.ErrorFor(nameof(NamedInput.Name)));
    }

    [Fact]
    public async Task CreateCommunity_SameNameInAnotherStreet_IsAllowed()
    {
        var convener2 = await _db.ActorAsync("convener2");

        var id = await Directory.CreateCommunityAsync(convener2, new NamedInput("东风社区", 6));

        Assert.Contains(await Directory.ListCommunitiesAsync(convener2), c => c.Id == id);
    }

    [Fact]
    public async Task Officers_CreateWithDepartmentOfAnotherStreet_IsRefused()
    {
        var convener = await _db.ActorAsync("convener2");
        var foreignDepartment = (await Directory.ListDepartmentsAsync(await _db.ActorAsync("convener")))[0].Id;

        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Directory.CreateOfficerAsync(convener, new OfficerInput("赵六", "科员", foreignDepartment, false, null)));
    }

    [Fact]
    public async Task Terms_DuplicateNumber_IsRefused_AndCurrentTermIsTheOneCoveringToday()
    {
        var convener = await _db.ActorAsync("convener");
        var today = DateOnly.FromDateTime(_db.Clock.GetUtcNow().UtcDateTime);

        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Directory.CreateTermAsync(convener, new TermInput(3, today, today.AddYears(5))));
        await Directory.CreateTermAsync(convener, new TermInput(4, today.AddYears(4).AddDays(1), today.AddYears(9)));

        var current = await Directory.GetCurrentTermAsync(convener);
        Assert.Equal(3, current!.Number);
    }
}
