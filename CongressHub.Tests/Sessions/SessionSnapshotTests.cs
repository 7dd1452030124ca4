using System.Text.Json;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;

namespace CongressHub.Tests.Sessions;

public class SessionSnapshotTests
{
    private const int FirstItem = 11;
    private const int SecondItem = 12;
    private static readonly DateTime Nine = new(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ActiveVote_WithAVoteOpen_IsTheOpenVote_EvenBesideALaterClosedOne()
    {
        var snapshot = Snapshot(SecondItem, Vote(1, SecondItem, VoteState.Open), Vote(2, SecondItem, VoteState.Closed, closedAfterMinutes: 5));

        Assert.Equal(1, snapshot.ActiveVote?.Id);
        Assert.Equal(1, snapshot.LatestVote?.Id);
    }

    [Fact]
    public void ActiveVote_WithNoneOpen_IsTheLastClosedOfTheCurrentItem()
    {
        var snapshot = Snapshot(SecondItem,
            Vote(1, SecondItem, VoteState.Published, closedAfterMinutes: 10),
            Vote(2, SecondItem, VoteState.Closed, closedAfterMinutes: 20),
            Vote(3, SecondItem, VoteState.Prepared));

        Assert.Equal(2, snapshot.ActiveVote?.Id);
    }

    [Fact]
    public void ActiveVote_OfAnItemNoLongerCurrent_IsNone_ButStaysTheLatestVote()
    {
        var snapshot = Snapshot(SecondItem, Vote(1, FirstItem, VoteState.Closed, closedAfterMinutes: 10));

        Assert.Null(snapshot.ActiveVote);
        Assert.Equal(1, snapshot.LatestVote?.Id);
    }

    [Fact]
    public void ActiveVote_HeldWithNoItemCurrent_StaysWhileNoItemIsCurrent()
    {
        var snapshot = Snapshot(null, Vote(1, null, VoteState.Closed, closedAfterMinutes: 10), Vote(2, FirstItem, VoteState.Closed, closedAfterMinutes: 20));

        Assert.Equal(1, snapshot.ActiveVote?.Id);
        Assert.Equal(2, snapshot.LatestVote?.Id);
    }

    [Fact]
    public void LatestVote_WithNoneOpen_IsTheLastClosedOfTheSession()
    {
        var snapshot = Snapshot(SecondItem,
            Vote(1, FirstItem, VoteState.Closed, closedAfterMinutes: 30),
            Vote(2, SecondItem, VoteState.Published, closedAfterMinutes: 20),
            Vote(3, SecondItem, VoteState.Prepared));

        Assert.Equal(1, snapshot.LatestVote?.Id);
    }

    [Fact]
    public void ActiveAndLatestVote_WithNoVoteOpenedYet_AreNone()
    {
        var snapshot = Snapshot(FirstItem, Vote(1, FirstItem, VoteState.Prepared));

        Assert.Null(snapshot.ActiveVote);
        Assert.Null(snapshot.LatestVote);
    }

    [Fact]
    public void LatestVote_IsNotSentToClients()
    {
        var json = JsonSerializer.SerializeToElement(Snapshot(FirstItem, Vote(1, FirstItem, VoteState.Open)), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.False(json.TryGetProperty("latestVote", out _));
        Assert.True(json.TryGetProperty("votes", out _));
    }

    private static SessionSnapshot Snapshot(int? currentItemId, params VoteView[] votes) =>
        new(1, 1, 1, 1, 1, "第四季度例会", SessionKind.Regular, SessionStatus.Live, Nine, "议事厅", currentItemId, [],
            new QuorumView(40, 30, 21, true), [], 120, [], [], votes, Nine);

    private static VoteView Vote(int id, int? itemId, VoteState state, int? closedAfterMinutes = null) =>
        new(id, 1, null, itemId, $"表决 {id}", false, MajorityRule.YesOverNo, state, 30, 0, 40, null, null, null, null,
            state == VoteState.Prepared ? null : Nine, closedAfterMinutes is { } m ? Nine.AddMinutes(m) : null);
}
