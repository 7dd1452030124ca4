using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Streets;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Streets;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class StreetServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private StreetService Streets => _db.Get<StreetService>();

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Overview_AsCityAdmin_ShowsEveryStreet()
    {
        var rows = await Streets.ListOverviewAsync(await _db.ActorAsync("admin"));

        Assert.Equal(["shiyan", "xinghai"], rows.Select(r => r.Slug));
        Assert.All(rows, r => Assert.Equal((5, 40, 6, 1), (r.Communities, r.Delegates, r.Officers, r.Conveners)));
        // Street 1: last year's annual review and last quarter's session (both adjourned) and the live one; street 2: its published next session.
        Assert.Equal([3, 1], rows.Select(r => r.Sessions));
        Assert.Equal([1, 0], rows.Select(r => r.LiveSessions));
    }

    [Fact]
    public async Task Overview_AsConvener_IsForbidden() =>
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Streets.ListOverviewAsync(await _db.ActorAsync("convener")));

    [Fact]
    public async Task CreateStreet_ThenAConvener_WhoSeesOnlyTheNewStreet()
    {
        var admin = await _db.ActorAsync("admin");

        var id = await Streets.CreateStreetAsync(admin, new StreetInput("dongcheng", "东城街道", "Dongcheng Street"));
        await _db.Get<AccountService>().CreateConvenerAsync(admin, id, new NewAccountInput("dc-convener", "东城召集人", "Dongcheng2026"));

        var convener = await _db.ActorAsync("dc-convener");
        Assert.Equal(id, convener.StreetId);
        Assert.Empty(await _db.Get<Domain.Directory.DirectoryService>().ListCommunitiesAsync(convener));
    }

    [Fact]
    public async Task CreateStreet_TakenSlugOrBadSlug_IsRefused()
    {
        var admin = await _db.ActorAsync("admin");

        var taken = await Assert.ThrowsAsync<ValidationFailedException>(() => Streets.CreateStreetAsync(admin, new StreetInput("shiyan", "另一个街道")));
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => Streets.CreateStreetAsync(admin, new StreetInput("Not OK", "坏街道")));

        Assert.NotNull(taken.ErrorFor(nameof(StreetInput.Slug)));
        Assert.NotNull(bad.ErrorFor(nameof(StreetInput.Slug)));
    }

    [Fact]
    public async Task CreateConvener_WeakPassword_IsRefusedAndCreatesNoAccount()
    {
        var admin = await _db.ActorAsync("admin");

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _db.Get<AccountService>().CreateConvenerAsync(admin, 1, new NewAccountInput("weak", "弱密码", "123")));

        Assert.NotNull(ex.ErrorFor(nameof(NewAccountInput.Password)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.ActorAsync("weak"));
    }

    [Fact]
    public async Task PublicHome_ListsTheTermsDelegatesByCommunity()
    {
        var home = await Streets.GetPublicHomeAsync("SHIYAN");

        Assert.NotNull(home);
        Assert.Equal("示例街道", home.Name);
        Assert.Equal(5, home.Communities.Count);
        Assert.Equal(40, home.Communities.Sum(c => c.Delegates.Count) + home.AtLarge.Count);
        Assert.Equal(8, home.Communities.Single(c => c.Name == "东风社区").Delegates.Count);
    }

    [Fact]
    public async Task PublicHome_UnknownStreet_IsNull() => Assert.Null(await Streets.GetPublicHomeAsync("nowhere"));
}

[Trait(TestEngine.Trait, TestEngine.Both)]
public class DatabaseInitializerTests
{
    [Fact]
    public async Task Initialize_WithoutDemo_CreatesOnlyTheFirstAdmin_AndRunningAgainChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(demo: false);
        var initializer = db.Get<Domain.Seeding.DatabaseInitializer>();

        await initializer.InitializeAsync(seedDemo: false, adminPassword: "CityAdmin2026");
        await initializer.InitializeAsync(seedDemo: false, adminPassword: "Other2026x");

        await using var ctx = db.NewContext();
        Assert.Empty(ctx.Streets);
        var admin = Assert.Single(ctx.Users);
        Assert.Equal("admin", admin.UserName);
        Assert.True((await db.ActorAsync("admin")).IsCityAdmin);
    }
}
