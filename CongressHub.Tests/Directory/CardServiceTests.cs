using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Directory;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class CardServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private CardService Cards => _db.Get<CardService>();

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Issue_ThenFindHolder_SignsInTheDelegateUntilTheEndOfTheTerm()
    {
        var convener = await _db.ActorAsync("convener");
        var delegate05 = await _db.ActorAsync("delegate05");

        var card = await Cards.IssueAsync(convener, delegate05.DelegateId!.Value);
        var holder = await Cards.FindHolderAsync(CardCode.Format(card.Code).ToLowerInvariant());

        Assert.Equal(delegate05.UserId, holder!.UserId);
        Assert.Equal(card.TermEndsOn.AddDays(1), DateOnly.FromDateTime(holder.ExpiresUtc.UtcDateTime));
    }

    [Fact]
    public async Task Issue_StoresOnlyTheHashOfTheCode()
    {
        var convener = await _db.ActorAsync("convener");

        var card = await Cards.IssueAsync(convener, (await _db.ActorAsync("delegate05")).DelegateId!.Value);

        await using var ctx = _db.NewContext();
        var stored = await ctx.DelegateCards.SingleAsync();
        Assert.Equal(CardCode.Hash(card.Code), stored.CodeHash);
        Assert.NotEqual(card.Code, stored.CodeHash);
    }

    [Fact]
    public async Task Reissue_MakesTheOldCodeStopWorking()
    {
        var convener = await _db.ActorAsync("convener");
        var id = (await _db.ActorAsync("delegate05")).DelegateId!.Value;
        var first = await Cards.IssueAsync(convener, id);

        var second = await Cards.IssueAsync(convener, id);

        Assert.Null(await Cards.FindHolderAsync(first.Code));
        Assert.NotNull(await Cards.FindHolderAsync(second.Code));
    }

    [Fact]
    public async Task Revoke_MakesTheCodeStopWorking_AndRotatesTheSecurityStamp()
    {
        var convener = await _db.ActorAsync("convener");
        var delegate05 = await _db.ActorAsync("delegate05");
        var card = await Cards.IssueAsync(convener, delegate05.DelegateId!.Value);
        string? stampBefore;
        await using (var ctx = _db.NewContext())
        {
            stampBefore = (await ctx.Users.SingleAsync(u => u.Id == delegate05.UserId)).SecurityStamp;
        }

        await Cards.RevokeAsync(convener, delegate05.DelegateId!.Value);

        Assert.Null(await Cards.FindHolderAsync(card.Code));
        await using var check = _db.NewContext();
        Assert.NotEqual(stampBefore, (await check.Users.SingleAsync(u => u.Id == delegate05.UserId)).SecurityStamp);
        await Assert.ThrowsAsync<DomainException>(() => Cards.RevokeAsync(convener, delegate05.DelegateId!.Value));
    }

    [Fact]
    public async Task FindHolder_AfterTheTermEnds_IsNull()
    {
        var convener = await _db.ActorAsync("convener");
        var card = await Cards.IssueAsync(convener, (await _db.ActorAsync("delegate05")).DelegateId!.Value);

        _db.Clock.Advance(TimeSpan.FromDays(365 * 5));

        Assert.Null(await Cards.FindHolderAsync(card.Code));
    }

    [Fact]
    public async Task FindHolder_RetiredDelegate_IsNull()
    {
        var convener = await _db.ActorAsync("convener");
        var id = (await _db.ActorAsync("delegate05")).DelegateId!.Value;
        var card = await Cards.IssueAsync(convener, id);

        await _db.Get<DirectoryService>().RetireDelegateAsync(convener, id, null);

        Assert.Null(await Cards.FindHolderAsync(card.Code));
        await Assert.ThrowsAsync<DomainException>(() => Cards.IssueAsync(convener, id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a code")]
    [InlineData("0000-0000-0000-0000-0000-0000-00")]
    public async Task FindHolder_MalformedOrUnknown_IsNull(string code) => Assert.Null(await Cards.FindHolderAsync(code));

    [Fact]
    public async Task Issue_ForDelegateOfAnotherStreet_IsNotFound()
    {
        var convener2 = await _db.ActorAsync("convener2");
        var streetOneDelegate = (await _db.ActorAsync("delegate05")).DelegateId!.Value;

        await Assert.ThrowsAsync<NotFoundException>(() => Cards.IssueAsync(convener2, streetOneDelegate));
    }

    [Fact]
    public async Task IssueMissing_GivesEveryActiveDelegateWithoutACardOneCard()
    {
        var convener = await _db.ActorAsync("convener");
        var term = (await _db.Get<DirectoryService>().GetCurrentTermAsync(convener))!;
        await Cards.IssueAsync(convener, (await _db.ActorAsync("delegate05")).DelegateId!.Value);

        var issued = await Cards.IssueMissingAsync(convener, term.Id);
        var again = await Cards.IssueMissingAsync(convener, term.Id);

        Assert.Equal(39, issued.Count);
        Assert.Empty(again);
        Assert.All(issued, c => Assert.Equal("示例街道", c.StreetName));
    }
}
