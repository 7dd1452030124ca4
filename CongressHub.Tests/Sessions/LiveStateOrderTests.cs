using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Accounts;
using CongressHub.Tests.Support;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Sessions;

/// <summary>
/// The order of live states: a screen never shows an older agenda than the one committed, whatever arrives while a
/// state is being built.
/// </summary>
public class LiveStateOrderTests : LoopbackAppTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task BallotWhileTheOpenedVoteIsBuilt_EveryScreenEndsOnTheVotedItem_AndNoNewerStateHoldsTheOlderItem()
    {
        var ct = TestContext.Current.CancellationToken;
        var sessions = App.Services.GetRequiredService<SessionService>();
        var snapshots = App.Services.GetRequiredService<SnapshotBuilder>();
        var voting = App.Services.GetRequiredService<VotingService>();
        var notifier = App.Services.GetRequiredService<CongressNotifier>();
        var dbFactory = App.Services.GetRequiredService<IDbContextFactory<CongressDbContext>>();
        var convener = await SignInTests.ActorOf(App, "convener");
        var id = (await sessions.ListSessionsAsync(convener)).Single(s => s.Status == SessionStatus.Live).Id;
        var agenda = await snapshots.ReadAsync(convener, id);
        var before = agenda.Items[0];
        var motionItem = agenda.Items.Single(i => i.MotionId is not null);
        var voters = new List<Actor>();
        for (var i = 1; i <= 22; i++)
        {
            voters.Add(await SignInTests.ActorOf(App, $"delegate{i:D2}"));
        }
        foreach (var voter in voters.SkipLast(1))
        {
            await sessions.CheckInAsync(voter, id, ct);
        }
        await sessions.StartItemAsync(convener, id, before.Id, ct);

        var circuit = new Screen();
        using var subscription = notifier.Subscribe(id, s => Task.FromResult(circuit.Take(s)));
        var hubScreen = new Screen();
        var hubHeardBallot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(BaseUrl + "/hubs/congress", o => o.AccessTokenProvider = () => AppFactory.TokenAsync(Client, "delegate30")!)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();
        hub.On<SessionSnapshot>(nameof(ISessionClient.SessionChanged), s => hubScreen.Take(s));
        hub.On<VoteSnapshot>(nameof(ISessionClient.VoteChanged), v =>
        {
            if (v.Vote.IsOpen && v.Vote.Voted == 1)
            {
                hubHeardBallot.TrySetResult();
            }
        });
        await hub.StartAsync(ct);
        hubScreen.Take(await hub.InvokeAsync<SessionSnapshot>("JoinSession", id, ct));
        var ballotRaised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var street = notifier.SubscribeStreet(convener.StreetId!.Value, e =>
        {
            if (e is VoteChanged { Final: false })
            {
                ballotRaised.TrySetResult();
            }
            return Task.CompletedTask;
        });
        // Hold the first build that reads the opened vote (the full state of the voted item) until the ballot is in.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = 0;
        snapshots.Building = async sessionId =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            if (sessionId == id && await db.Votes.AnyAsync(v => v.SessionId == id && v.State == VoteState.Open) && Interlocked.Exchange(ref holding, 1) == 0)
            {
                held.TrySetResult();
                await release.Task;
            }
        };

        // A late arrival, then the vote at once: its states go out while the check-in's send still holds the window.
        await sessions.CheckInAsync(voters[^1], id, ct);
        var voteId = await voting.OpenOnMotionAsync(convener, motionItem.MotionId!.Value, secret: true, MajorityRule.YesOverNo, ct);
        await held.Task.WaitAsync(Patience, ct);
        await voting.CastAsync(voters[0], voteId, VoteChoice.Yes, ct);
        await ballotRaised.Task.WaitAsync(Patience, ct);
        release.SetResult();
        var circuitEnd = await circuit.ShowsAsync(s => s.ActiveVote is { IsOpen: true, Voted: 1 });
        await hubHeardBallot.Task.WaitAsync(Patience, ct);
        var hubEnd = await hubScreen.ShowsAsync(s => s.ActiveVote is { IsOpen: true });

        Assert.Equal((motionItem.Id, voteId), (circuitEnd.CurrentItemId, circuitEnd.ActiveVote!.Id));
        Assert.Equal((motionItem.Id, voteId), (hubEnd.CurrentItemId, hubEnd.ActiveVote!.Id));
        circuit.AssertNoNewerStateHoldsAnOlderItem(before.Id, motionItem.Id);
        hubScreen.AssertNoNewerStateHoldsAnOlderItem(before.Id, motionItem.Id);
    }

    /// <summary>What one screen received, and what it shows: the state with the highest number, as every page keeps.</summary>
    private sealed class Screen
    {
        private readonly List<SessionSnapshot> _received = [];
        private readonly List<(Func<SessionSnapshot, bool> Condition, TaskCompletionSource<SessionSnapshot> Done)> _waits = [];

        public bool Take(SessionSnapshot snapshot)
        {
            lock (_received)
            {
                _received.Add(snapshot);
                var shown = _received.MaxBy(s => s.Sequence)!;
                foreach (var wait in _waits.Where(w => w.Condition(shown)))
                {
                    wait.Done.TrySetResult(shown);
                }
                return true;
            }
        }

        public Task<SessionSnapshot> ShowsAsync(Func<SessionSnapshot, bool> condition)
        {
            var done = new TaskCompletionSource<SessionSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_received)
            {
                if (_received.MaxBy(s => s.Sequence) is { } shown && condition(shown))
                {
                    return Task.FromResult(shown);
                }
                _waits.Add((condition, done));
            }
            return done.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        }

        /// <summary>Once a state holds the newer item, no state numbered above it holds the older one.</summary>
        public void AssertNoNewerStateHoldsAnOlderItem(int older, int newer)
        {
            lock (_received)
            {
                var first = _received.Where(s => s.CurrentItemId == newer).Min(s => s.Sequence);
                Assert.All(_received.Where(s => s.Sequence > first), s => Assert.NotEqual(older, s.CurrentItemId));
            }
        }
    }
}
