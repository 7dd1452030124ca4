using CongressHub.Domain.Accounts;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Seeding;
using CongressHub.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Theory]
    [InlineData("officer01")]
    [InlineData("staff02")]
    [InlineData("delegate05")]
    public async Task ResetPassword_ByConvener_OwnStreetsPasswordAccount_OnlyTheOneTimePasswordSignsIn(string userName)
    {
        var convener = await _db.ActorAsync("convener");
        var target = await _db.ActorAsync(userName);

        var password = await Accounts.ResetPasswordAsync(convener, target.UserId);

        Assert.Matches("^[A-HJ-NP-Za-km-np-z2-9]{12}$", password);
        Assert.False(await PasswordWorksAsync(userName, DemoSeeder.Password));
        Assert.True(await PasswordWorksAsync(userName, password));
        Assert.True((await UserAsync(userName)).MustChangePassword);
    }

    [Fact]
    public async Task CommunityStaff_ListedForTheirStreetsConvener_ByCommunity_ForNobodyElse()
    {
        var staff = await Accounts.ListCommunityStaffAsync(await _db.ActorAsync("convener"));
        var other = await Accounts.ListCommunityStaffAsync(await _db.ActorAsync("convener2"));

        var mine = staff.SelectMany(g => g.Select(a => (g.Key, a.UserName))).ToList();
        Assert.Contains(mine, m => m.UserName == "staff02");
        Assert.DoesNotContain(other.SelectMany(g => g), a => a.UserName == "staff02");
        Assert.All(mine, m => Assert.Equal(m.Key, _db.NewContext().Users.Single(u => u.UserName == m.UserName).CommunityId));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Accounts.ListCommunityStaffAsync(await _db.ActorAsync("staff02")));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Accounts.ListCommunityStaffAsync(await _db.ActorAsync("admin")));
    }

    [Fact]
    public async Task ResetPassword_ByConvener_AnotherConvenerOfTheStreet_IsAllowed()
    {
        var admin = await _db.ActorAsync("admin");
        var convener = await _db.ActorAsync("convener");
        var colleague = await Accounts.CreateConvenerAsync(admin, convener.StreetId!.Value, new NewAccountInput("deputy", "副召集人", "Deputy2026"));

        var password = await Accounts.ResetPasswordAsync(convener, colleague);

        Assert.True(await PasswordWorksAsync("deputy", password));
        Assert.False(await PasswordWorksAsync("deputy", "Deputy2026"));
    }

    [Fact]
    public async Task ResetPassword_GeneratedPassword_SatisfiesTheAccountPasswordRules()
    {
        var convener = await _db.ActorAsync("convener");
        var officer = await _db.ActorAsync("officer02");
        var password = await Accounts.ResetPasswordAsync(convener, officer.UserId);
        await using var scope = _db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var user = (await users.FindByNameAsync("officer02"))!;

        var results = await Task.WhenAll(users.PasswordValidators.Select(v => v.ValidateAsync(users, user, password)));

        Assert.All(results, r => Assert.True(r.Succeeded));
    }

    [Fact]
    public async Task ResetPassword_SignsTheAccountOutEverywhere()
    {
        var convener = await _db.ActorAsync("convener");
        var officer = await _db.ActorAsync("officer03");
        var before = (await UserAsync("officer03")).SecurityStamp;

        await Accounts.ResetPasswordAsync(convener, officer.UserId);

        Assert.NotEqual(before, (await UserAsync("officer03")).SecurityStamp);
        Assert.Contains(new AccountSignedOut(convener.StreetId!.Value, officer.UserId), _db.Events.All);
    }

    [Fact]
    public async Task ResetPassword_AuditEntry_NamesTheAccountAndWhoResetIt_NeverThePassword()
    {
        var convener = await _db.ActorAsync("convener");
        var officer = await _db.ActorAsync("officer04");

        var password = await Accounts.ResetPasswordAsync(convener, officer.UserId);

        var entry = await LastEntryAsync(convener.StreetId!.Value);
        Assert.Equal(("convener", "Account.PasswordReset", "Account officer04"), (entry.UserName, entry.Action, entry.Subject));
        Assert.Equal(officer.DisplayName, entry.Details);
        Assert.DoesNotContain(password, string.Join("\n", entry.UserName, entry.Action, entry.Subject, entry.Details));
        Assert.True((await _db.Get<AuditTrail>().VerifyChainAsync(convener.StreetId.Value)).Intact);
    }

    [Fact]
    public async Task ResetPassword_OwnAccount_IsRefused_AndTheOwnPasswordStillWorks()
    {
        var convener = await _db.ActorAsync("convener");

        var ex = await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.ResetPasswordAsync(convener, convener.UserId));

        Assert.Contains("修改密码", ex.Message);
        Assert.True(await PasswordWorksAsync("convener", DemoSeeder.Password));
    }

    [Theory]
    [InlineData("officer07")]
    [InlineData("convener2")]
    [InlineData("admin")]
    public async Task ResetPassword_ByConvener_AccountOutsideTheStreet_IsNotFound(string userName)
    {
        var convener = await _db.ActorAsync("convener");
        var other = await _db.ActorAsync(userName);

        await Assert.ThrowsAsync<NotFoundException>(() => Accounts.ResetPasswordAsync(convener, other.UserId));

        Assert.True(await PasswordWorksAsync(userName, DemoSeeder.Password));
    }

    [Fact]
    public async Task ResetPassword_UnknownAccount_IsNotFound()
    {
        var convener = await _db.ActorAsync("convener");

        await Assert.ThrowsAsync<NotFoundException>(() => Accounts.ResetPasswordAsync(convener, Guid.NewGuid().ToString()));
    }

    [Theory]
    [InlineData("officer01")]
    [InlineData("staff01")]
    [InlineData("delegate01")]
    public async Task ResetPassword_ByAnyoneButConvenerOrCityAdmin_IsForbidden(string userName)
    {
        var actor = await _db.ActorAsync(userName);
        var officer = await _db.ActorAsync("officer05");

        await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.ResetPasswordAsync(actor, officer.UserId));

        Assert.True(await PasswordWorksAsync("officer05", DemoSeeder.Password));
        Assert.False(AccountService.CanResetPasswords(actor));
    }

    [Fact]
    public async Task ResetPassword_CardOnlyDelegate_IsRefused_TheyGetANewCardInstead()
    {
        var convener = await _db.ActorAsync("convener");
        var imported = await _db.Get<RosterImportService>().ImportAsync(convener,
            (await _db.Get<DirectoryService>().GetCurrentTermAsync(convener))!.Id,
            "name,category,community\n卡片人,cppcc,\n"u8.ToArray());
        var holder = await _db.Get<CardService>().FindHolderAsync(imported.Cards[0].Code);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Accounts.ResetPasswordAsync(convener, holder!.UserId));

        Assert.Contains("补发代表证", ex.Message);
        await using var db = _db.NewContext();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "Account.PasswordReset", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ResetPassword_ByCityAdmin_ConvenerOfAnyStreet_IsRecordedInThatStreetsChain()
    {
        var admin = await _db.ActorAsync("admin");
        var convener2 = await _db.ActorAsync("convener2");

        var password = await Accounts.ResetPasswordAsync(admin, convener2.UserId);

        Assert.True(await PasswordWorksAsync("convener2", password));
        var entry = await LastEntryAsync(convener2.StreetId!.Value);
        Assert.Equal(("admin", "Account.PasswordReset", "Account convener2"), (entry.UserName, entry.Action, entry.Subject));
        Assert.True((await _db.Get<AuditTrail>().VerifyChainAsync(convener2.StreetId.Value)).Intact);
    }

    [Theory]
    [InlineData("officer01")]
    [InlineData("delegate41")]
    [InlineData("admin")]
    public async Task ResetPassword_ByCityAdmin_AnyoneButAConvener_IsForbidden(string userName)
    {
        var admin = await _db.ActorAsync("admin");
        var target = await _db.ActorAsync(userName);

        await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.ResetPasswordAsync(admin, target.UserId));

        Assert.True(await PasswordWorksAsync(userName, DemoSeeder.Password));
    }

    [Fact]
    public async Task ResetPassword_AtTheConsole_CityAdmin_IsRecordedInTheCityChainAsTheSystem()
    {
        var password = await Accounts.ResetPasswordAsync("admin");

        Assert.True(await PasswordWorksAsync("admin", password));
        Assert.True((await UserAsync("admin")).MustChangePassword);
        var entry = await LastEntryAsync(AuditEntry.CityChain);
        Assert.Equal((PeopleNames.System, "Account.PasswordResetAtConsole", "Account admin"), (entry.UserName, entry.Action, entry.Subject));
        Assert.DoesNotContain(password, entry.Details);
    }

    [Fact]
    public async Task ResetPassword_AtTheConsole_StreetAccount_IsRecordedInItsStreetsChain()
    {
        var officer = await _db.ActorAsync("officer06");

        await Accounts.ResetPasswordAsync(" officer06 ");

        var entry = await LastEntryAsync(officer.StreetId!.Value);
        Assert.Equal((PeopleNames.System, "Account.PasswordResetAtConsole", "Account officer06"), (entry.UserName, entry.Action, entry.Subject));
    }

    [Fact]
    public async Task ResetPassword_AtTheConsole_UnknownUserName_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Accounts.ResetPasswordAsync("nobody"));
    }

    [Fact]
    public async Task ResetAccount_SignsIn_WithTheMarkThatItMustChangeItsPassword()
    {
        var convener = await _db.ActorAsync("convener");
        var officer = await _db.ActorAsync("officer01");

        await Accounts.ResetPasswordAsync(convener, officer.UserId);

        Assert.True(await HasMustChangeClaimAsync("officer01"));
        Assert.False(await HasMustChangeClaimAsync("officer02"));
    }

    [Fact]
    public async Task ChangePassword_AfterReset_ClearsTheMark_AndTheOneTimePasswordStopsWorking()
    {
        var convener = await _db.ActorAsync("convener");
        var officer = await _db.ActorAsync("officer01");
        var oneTime = await Accounts.ResetPasswordAsync(convener, officer.UserId);

        await Accounts.ChangePasswordAsync(officer, oneTime, "MyOwn2026pw");

        Assert.False((await UserAsync("officer01")).MustChangePassword);
        Assert.False(await PasswordWorksAsync("officer01", oneTime));
        Assert.True(await PasswordWorksAsync("officer01", "MyOwn2026pw"));
        Assert.False(await HasMustChangeClaimAsync("officer01"));
    }

    [Fact]
    public async Task ChangePassword_AfterReset_RefusedChange_KeepsTheMark()
    {
        var convener = await _db.ActorAsync("convener");
        var officer = await _db.ActorAsync("officer01");
        var oneTime = await Accounts.ResetPasswordAsync(convener, officer.UserId);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => Accounts.ChangePasswordAsync(officer, oneTime, oneTime));

        Assert.NotNull(ex.ErrorFor("NewPassword"));
        Assert.True((await UserAsync("officer01")).MustChangePassword);
    }

    private AccountService Accounts => _db.Get<AccountService>();

    private async Task<bool> PasswordWorksAsync(string userName, string password)
    {
        await using var scope = _db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        return await users.CheckPasswordAsync((await users.FindByNameAsync(userName))!, password);
    }

    private async Task<CongressUser> UserAsync(string userName)
    {
        await using var db = _db.NewContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
    }

    private async Task<bool> HasMustChangeClaimAsync(string userName)
    {
        await using var scope = _db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<CongressUser>>().CreateAsync((await users.FindByNameAsync(userName))!);
        return principal.HasClaim(c => c.Type == Actor.MustChangePasswordClaim);
    }

    private async Task<AuditEntry> LastEntryAsync(int chain)
    {
        await using var db = _db.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.StreetId == chain).OrderByDescending(e => e.Sequence).FirstAsync();
    }
}
