using CongressHub.Domain.Accounts;
using CongressHub.Tests.Support;

namespace CongressHub.Tests.Accounts;

/// <summary>Password guessing is slowed per account and client with growing waits, on the app's clock; no account is ever locked.</summary>
[Trait(TestEngine.Trait, TestEngine.Both)]
public class SignInThrottleTests : IAsyncLifetime
{
    private const string Attacker = "203.0.113.7";
    private const string Convener = "198.51.100.20";
    private TestDatabase _db = null!;

    private SignInThrottle Throttle => _db.Get<SignInThrottle>();

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Failures_FromOneClient_AfterThree_WaitOneTwoFourSeconds_CappedAtAMinute()
    {
        var waits = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(TimeSpan.Zero, await Throttle.WaitAsync("convener", Attacker));
            await Throttle.RecordFailureAsync("convener", Attacker);
            var wait = await Throttle.WaitAsync("convener", Attacker);
            waits.Add(wait.TotalSeconds);
            _db.Clock.Advance(wait);
        }

        Assert.Equal([0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60], waits);
    }

    [Fact]
    public async Task OneClientThrottled_AnotherClient_GoesAheadAtOnce()
    {
        for (var i = 0; i < 6; i++)
        {
            await Throttle.RecordFailureAsync("convener", Attacker);
        }

        Assert.True(await Throttle.WaitAsync("convener", Attacker) > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, await Throttle.WaitAsync("convener", Convener));
    }

    [Fact]
    public async Task ManyClientsFailingOneAccount_SlowEveryClient_ForSecondsOnly_NeverALock()
    {
        for (var i = 0; i < 40; i++)
        {
            await Throttle.RecordFailureAsync("convener", $"203.0.113.{i}");
        }

        var wait = await Throttle.WaitAsync("convener", Convener);

        Assert.InRange(wait, TimeSpan.FromSeconds(1), SignInThrottle.MaxDelay);
        _db.Clock.Advance(wait);
        Assert.Equal(TimeSpan.Zero, await Throttle.WaitAsync("convener", Convener));
    }

    [Fact]
    public async Task AnAttemptGoingAhead_TakesTheSlot_SoASecondAtTheSameMomentWaits()
    {
        for (var i = 0; i < 4; i++)
        {
            await Throttle.RecordFailureAsync("convener", Attacker);
        }
        _db.Clock.Advance(await Throttle.WaitAsync("convener", Attacker));

        var first = await Throttle.WaitAsync("convener", Attacker);
        var second = await Throttle.WaitAsync("convener", Attacker);

        Assert.Equal(TimeSpan.Zero, first);
        Assert.True(second > TimeSpan.Zero);
    }

    [Fact]
    public async Task UnknownName_IsCountedAndSlowedLikeAnAccount()
    {
        for (var i = 0; i < 3; i++)
        {
            await Throttle.RecordFailureAsync("nobody-here", Attacker);
            await Throttle.RecordFailureAsync("convener", Convener);
        }

        Assert.Equal(await Throttle.WaitAsync("convener", Convener), await Throttle.WaitAsync("nobody-here", Attacker));
    }

    [Fact]
    public async Task Failures_AreForgottenAfterAQuarterOfAnHour_AndTheRightPasswordClearsTheAccount()
    {
        for (var i = 0; i < 5; i++)
        {
            await Throttle.RecordFailureAsync("convener", Attacker);
            await Throttle.RecordFailureAsync("officer01", Attacker);
        }

        await Throttle.RecordSuccessAsync("officer01", Attacker);
        var cleared = await Throttle.WaitAsync("officer01", Attacker);
        var stillSlowed = await Throttle.WaitAsync("convener", Attacker);
        _db.Clock.Advance(SignInThrottle.Forget + TimeSpan.FromSeconds(1));
        var forgotten = await Throttle.WaitAsync("convener", Attacker);

        Assert.True(stillSlowed > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, forgotten);
        Assert.Equal(TimeSpan.Zero, cleared);
    }
}
