using CongressHub.Web.Accounts;
using CongressHub.Web.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CongressHub.Tests.Accounts;

/// <summary>How many open pages (circuits) one account may hold, and which go when it opens more.</summary>
public class UserCircuitsTests
{
    private readonly UserCircuits _circuits = new(new ClientLimits { CircuitsPerUser = 3 }, NullLogger<UserCircuits>.Instance);
    private readonly List<string> _closed = [];

    [Fact]
    public async Task OpeningPastTheLimit_ClosesAClosedTabsCircuitFirst_EvenIfAnOpenOneIsOlder()
    {
        await OpenAsync("a1", "convener");
        await OpenAsync("a2", "convener");
        await OpenAsync("a3", "convener");
        _circuits.ConnectionDown("a2");

        await OpenAsync("a4", "convener");

        Assert.Equal(["a2"], _closed);
        Assert.Equal(3, _circuits.CountOf("convener"));
    }

    [Fact]
    public async Task OpeningPastTheLimit_WithNoClosedTab_ClosesTheOldestOpenOne_NeverTheNewOne()
    {
        await OpenAsync("a1", "convener");
        await OpenAsync("a2", "convener");
        await OpenAsync("a3", "convener");
        _circuits.ConnectionDown("a2");
        _circuits.ConnectionUp("a2");

        await OpenAsync("a4", "convener");
        await OpenAsync("a5", "convener");

        Assert.Equal(["a1", "a2"], _closed);
        Assert.Equal(3, _circuits.CountOf("convener"));
    }

    [Fact]
    public async Task EachAccountHasItsOwnLimit_AndACircuitThatClosedFreesItsPlace()
    {
        await OpenAsync("a1", "convener");
        await OpenAsync("a2", "convener");
        await OpenAsync("a3", "convener");
        _circuits.Closed("a1");

        await OpenAsync("a4", "convener");
        await OpenAsync("b1", "delegate01");

        Assert.Empty(_closed);
        Assert.Equal((3, 1), (_circuits.CountOf("convener"), _circuits.CountOf("delegate01")));
    }

    [Fact]
    public async Task SignOut_SignsTheAccountsOpenPagesOut_AndClosesItsClosedTabs()
    {
        var signedOut = new List<string>();
        await _circuits.OpenedAsync("a1", "delegate01", () => signedOut.Add("a1"), () => Close("a1"));
        await _circuits.OpenedAsync("a2", "delegate01", () => signedOut.Add("a2"), () => Close("a2"));
        await _circuits.OpenedAsync("b1", "delegate02", () => signedOut.Add("b1"), () => Close("b1"));
        _circuits.ConnectionDown("a2");

        _circuits.SignOut("delegate01");

        Assert.Equal(["a1"], signedOut);
        Assert.Equal(["a2"], _closed);
    }

    private Task OpenAsync(string circuit, string user) => _circuits.OpenedAsync(circuit, user, () => { }, () => Close(circuit));

    private Task Close(string circuit)
    {
        _closed.Add(circuit);
        return Task.CompletedTask;
    }
}
