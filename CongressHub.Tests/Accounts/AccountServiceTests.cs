using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Accounts;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class AccountServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_NamesThatField()
    {
        var actor = await _db.ActorAsync("convener");

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _db.Get<AccountService>().ChangePasswordAsync(actor, "wrong", "NewPass2026"));

        Assert.NotNull(ex.ErrorFor("CurrentPassword"));
    }

    [Fact]
    public async Task ChangePassword_TooWeak_NamesTheNewPassword()
    {
        var actor = await _db.ActorAsync("convener");

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _db.Get<AccountService>().ChangePasswordAsync(actor, DemoSeeder.Password, "short"));

        Assert.NotNull(ex.ErrorFor("NewPassword"));
    }

    [Fact]
    public async Task ChangePassword_CardOnlyAccount_IsRefused()
    {
        var convener = await _db.ActorAsync("convener");
        var imported = await _db.Get<Domain.Directory.RosterImportService>().ImportAsync(convener,
            (await _db.Get<Domain.Directory.DirectoryService>().GetCurrentTermAsync(convener))!.Id,
            "name,category,community\n卡片人,cppcc,\n"u8.ToArray());
        var holder = await _db.Get<Domain.Directory.CardService>().FindHolderAsync(imported.Cards[0].Code);
        var actor = new Actor(holder!.UserId, convener.StreetId, new HashSet<string> { Roles.Delegate });

        await Assert.ThrowsAsync<DomainException>(() => _db.Get<AccountService>().ChangePasswordAsync(actor, "x", "NewPass2026"));
    }
}
