using CongressHub.Domain.Committee;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Voting;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class ElectionTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _session;
    private List<int> _delegates = [];

    private VotingService Voting => _db.Get<VotingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _session = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        await using var db = _db.NewContext();
        var term = await db.Sessions.Where(s => s.Id == _session).Select(s => s.TermId).SingleAsync();
        _delegates = await db.Delegates.Where(d => d.TermId == term).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        foreach (var id in _delegates.Take(30))
        {
            db.Attendances.Add(Attendance.Record(_session, id, AttendanceStatus.Present, true, _db.Clock.GetUtcNow().UtcDateTime));
        }
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData(ElectionRule.MostVotes, 3, 10, "9,8,7,6", "E,E,E,N")]
    [InlineData(ElectionRule.MostVotes, 3, 10, "9,8,7,7", "E,E,T,T")]
    [InlineData(ElectionRule.MostVotes, 3, 10, "9,7,7,7", "E,T,T,T")]
    [InlineData(ElectionRule.MostVotes, 2, 10, "5,5,0", "E,E,N")]
    [InlineData(ElectionRule.MostVotes, 2, 10, "3,0,0", "E,N,N")]
    [InlineData(ElectionRule.MostVotesAndHalfOfCast, 3, 10, "9,6,5,4", "E,E,N,N")]
    [InlineData(ElectionRule.MostVotesAndHalfOfCast, 1, 10, "6,6,1", "T,T,N")]
    [InlineData(ElectionRule.MostVotesAndHalfOfCast, 2, 0, "0,0", "N,N")]
    public void Decide_ElectsTheMostMarked_AndReportsTiesAtTheLastSeat(ElectionRule rule, int seats, int cast, string marks, string expected)
    {
        var byId = marks.Split(',').Select((m, i) => (Id: i + 1, Marks: int.Parse(m))).ToDictionary(x => x.Id, x => x.Marks);

        var outcome = Elections.Decide(byId, seats, cast, rule);

        var letters = string.Join(',', byId.Keys.Order().Select(id => outcome[id] switch
        {
            CandidateOutcome.Elected => "E",
            CandidateOutcome.Tied => "T",
            _ => "N",
        }));
        Assert.Equal(expected, letters);
    }

    [Fact]
    public async Task Election_TieAtTheLastSeat_RunoffAmongTheTied_ThenTheElectedFormTheCommittee()
    {
        var input = new ElectionInput("第三届居民自治委员会选举", 2, ElectionRule.MostVotes, Secret: true,
            [new("王建国", _delegates[0]), new("李秀英", _delegates[1]), new("张志强", _delegates[2]), new("社区推荐人选", null)]);
        var id = await Voting.PrepareElectionAsync(_convener, _session, input);
        await Voting.OpenAsync(_convener, id);
        var candidates = (await Voting.GetAsync(_convener, id)).Candidates.Select(c => c.Id).ToList();

        // 10 ballots: A on all; B on 4, C on 4; two blank.
        for (var i = 0; i < 10; i++)
        {
            var marks = i < 8 ? new[] { candidates[0], candidates[i < 4 ? 1 : 2] } : [];
            await Voting.CastMarksAsync(Voter(i), id, marks);
        }
        var tooMany = await Assert.ThrowsAsync<ValidationFailedException>(() => Voting.CastMarksAsync(Voter(11), id, candidates.Take(3).ToList()));
        await Voting.CloseAsync(_convener, id);
        var closed = await Voting.GetAsync(_convener, id);

        Assert.Contains("2", tooMany.Message);
        Assert.Equal(10, closed.BallotsCast);
        Assert.Equal([CandidateOutcome.Elected, CandidateOutcome.Tied, CandidateOutcome.Tied, CandidateOutcome.NotElected], closed.Candidates.Select(c => c.Outcome!.Value));
        Assert.True(closed.NeedsRunoff);
        Assert.True((await Voting.RecountAsync(_convener, id)).Matches);

        var runoff = await Voting.StartRunoffAsync(_convener, id);
        await Voting.PublishAsync(_convener, id);
        await Voting.OpenAsync(_convener, runoff);
        var runoffView = await Voting.GetAsync(_convener, runoff);
        Assert.Equal((1, 2), (runoffView.Seats, runoffView.Candidates.Count));
        await Voting.CastMarksAsync(Voter(0), runoff, [runoffView.Candidates[1].Id]);
        await Voting.CloseAsync(_convener, runoff);
        await Voting.PublishAsync(_convener, runoff);

        var committee = await _db.Get<CommitteeService>().GetAsync(_convener);
        // Beside the committee the demo elected last quarter.
        Assert.Equal(new[] { "王建国", "张志强" }.Order(), committee.Members.Where(m => m.Name is "王建国" or "张志强" or "李秀英" or "社区推荐人选").Select(m => m.Name).Order());
        await _db.Get<CommitteeService>().SetChairAsync(_convener, committee.Members.Single(m => m.Name == "王建国").Id);
        var publicView = await _db.Get<CommitteeService>().GetPublicAsync("shiyan");
        Assert.Equal("王建国", publicView!.Chair!.Name);
    }

    [Fact]
    public async Task Election_BallotWithAChoice_OrAQuestionWithMarks_IsRefusedAsBadInput()
    {
        var id = await Voting.PrepareElectionAsync(_convener, _session, new ElectionInput("选举", 1, ElectionRule.MostVotes, true, [new("甲", null), new("乙", null)]));
        await Voting.OpenAsync(_convener, id);

        await Assert.ThrowsAsync<ValidationFailedException>(() => Voting.CastAsync(Voter(0), id, VoteChoice.Yes));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Voting.CastMarksAsync(Voter(0), id, [999_999]));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Voting.PrepareElectionAsync(_convener, _session, new ElectionInput("选举", 3, ElectionRule.MostVotes, true, [new("甲", null), new("甲", null)])));
    }

    /// <summary>
    /// While a secret election is open its ballots are sealed, all of one length whatever they mark; a node started
    /// again with the same secrecy key file opens them, and a start with another file (or one kept in the data folder) is refused.
    /// </summary>
    [Fact]
    public async Task SecretElection_SealedBallotsAreOneLength_ARestartedNodeOpensThem_AnotherKeyFileIsRefused()
    {
        var input = new ElectionInput("社区监督委员会补选", 2, ElectionRule.MostVotes, Secret: true,
            [new("王建国", _delegates[0]), new("李秀英", _delegates[1]), new("张志强", _delegates[2])]);
        var id = await Voting.PrepareElectionAsync(_convener, _session, input);
        await Voting.OpenAsync(_convener, id);
        var c = (await Voting.GetAsync(_convener, id)).Candidates.Select(x => x.Id).ToList();
        await Voting.CastMarksAsync(Voter(0), id, [c[0], c[2]]);
        await Voting.CastMarksAsync(Voter(1), id, [c[1]]);
        await Voting.CastMarksAsync(Voter(2), id, []);

        await using (var db = _db.NewContext())
        {
            var sealedBallots = await db.SealedBallots.Where(s => s.VoteId == id).ToListAsync();
            Assert.Equal(3, sealedBallots.Count);
            Assert.Single(sealedBallots.Select(s => s.Content.Length).Distinct());
            Assert.False(await db.Ballots.AnyAsync(b => b.VoteId == id));
            Assert.Equal(1, await db.BallotKeys.CountAsync(k => k.VoteId == id));

            var restarted = new Secrecy(TestSecrecy.KeyFile, null, Microsoft.Extensions.Logging.Abstractions.NullLogger<Secrecy>.Instance);
            Assert.Equal(new[] { $"M{c[0]},{c[2]}", $"M{c[1]}", "M" }.Order(), (await restarted.OpenAsync(db, BallotBox.OfVote(id))).Order());

            var folder = System.IO.Directory.CreateTempSubdirectory("congresshub-key-").FullName;
            var other = Path.Combine(folder, "other.key");
            await File.WriteAllTextAsync(other, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            var wrongFile = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                new Secrecy(other, null, Microsoft.Extensions.Logging.Abstractions.NullLogger<Secrecy>.Instance).CheckAsync(db, default));
            var inDataFolder = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                new Secrecy(other, folder, Microsoft.Extensions.Logging.Abstractions.NullLogger<Secrecy>.Instance).CheckAsync(db, default));
            System.IO.Directory.Delete(folder, recursive: true);
            Assert.Contains(Secrecy.Setting, wrongFile.Message);
            Assert.Contains("data folder", inDataFolder.Message);
        }

        await Voting.CloseAsync(_convener, id);
        var closed = await Voting.GetAsync(_convener, id);
        Assert.Equal(3, closed.BallotsCast);
        Assert.Equal([1, 1, 1], closed.Candidates.Select(x => x.Marks!.Value));
        await using var after = _db.NewContext();
        Assert.False(await after.SealedBallots.AnyAsync(s => s.VoteId == id) || await after.BallotKeys.AnyAsync(k => k.VoteId == id));
    }

    private Actor Voter(int index) => new($"test-{index}", _convener.StreetId, new HashSet<string> { Roles.Delegate }, DelegateId: _delegates[index]);
}
