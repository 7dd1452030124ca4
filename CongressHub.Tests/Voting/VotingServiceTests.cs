using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using CongressHub.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Tests.Voting;

[Trait(TestEngine.Trait, TestEngine.Both)]
public class VotingServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Actor _convener = null!;
    private int _session;
    private int _motion;
    private int _streetId;

    private VotingService Voting => _db.Get<VotingService>();

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _convener = await _db.ActorAsync("convener");
        _streetId = _convener.StreetId!.Value;
        _session = (await _db.Get<SessionService>().ListSessionsAsync(_convener)).Single(s => s.Status == SessionStatus.Live).Id;
        _motion = (await _db.Get<MotionService>().ListAsync(_convener)).Single(m => m.Status == MotionStatus.Admitted).Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Open_WithoutQuorum_IsRefused_AndLeavesNoVoteBehind()
    {
        await CheckInAsync(20);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.HalfOfAll));

        Assert.Contains("21", refused.Message);
        await using var db = _db.NewContext();
        Assert.Empty(db.Votes.Where(v => v.MotionId == _motion));
    }

    [Fact]
    public async Task Open_OnAMotion_MakesItsItemCurrent_AndFreezesTheDelegatesPresent()
    {
        var present = await CheckInAsync(25);

        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: false, MajorityRule.HalfOfPresent);
        await CheckInAsync(30);

        var snapshot = await _db.Get<SnapshotBuilder>().ReadAsync(_convener, _session);
        var item = snapshot.Items.Single(i => i.MotionId == _motion);
        Assert.Equal(item.Id, snapshot.CurrentItemId);
        Assert.Equal(voteId, item.VoteId);
        var vote = snapshot.ActiveVote!;
        Assert.Equal((VoteState.Open, 25, 0, 40), (vote.State, vote.Eligible, vote.Voted, vote.All));
        var late = Delegate(present.Count + 1);
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => Voting.CastAsync(late, voteId, VoteChoice.Yes));
        Assert.Contains("签到", refused.Message);
    }

    [Fact]
    public async Task Cast_IsFinal_TheNamedTallyRunsLive_AndCloseComputesByTheRule()
    {
        await CheckInAsync(30);
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: false, MajorityRule.HalfOfPresent);

        for (var i = 1; i <= 16; i++)
        {
            await Voting.CastAsync(Delegate(i), voteId, VoteChoice.Yes);
        }
        await Voting.CastAsync(Delegate(17), voteId, VoteChoice.No);
        await Voting.CastAsync(Delegate(18), voteId, VoteChoice.Abstain);
        var again = await Assert.ThrowsAsync<DomainException>(() => Voting.CastAsync(Delegate(1), voteId, VoteChoice.No));
        var running = await Voting.GetAsync(Delegate(1), voteId);
        var result = await Voting.CloseAsync(_convener, voteId);

        Assert.Contains("已经投过票", again.Message);
        Assert.Equal((16, 1, 1, 18), (running.Yes, running.No, running.Abstain, running.Voted));
        Assert.Equal(new VoteResult("closed", 16, 1, 1, 18, 30, Adopted: true), result);
        var motion = await _db.Get<MotionService>().GetAsync(_convener, _motion);
        Assert.Equal(MotionStatus.Adopted, motion.Status);
        await Assert.ThrowsAsync<DomainException>(() => Voting.CastAsync(Delegate(20), voteId, VoteChoice.Yes));
    }

    [Fact]
    public async Task SecretVote_ShowsNoChoicesWhileOpen_OnlyHowManyVoted()
    {
        await CheckInAsync(30);
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.HalfOfCast);

        await Voting.CastAsync(Delegate(1), voteId, VoteChoice.Yes);
        var view = await Voting.GetAsync(_convener, voteId);

        Assert.Equal((1, 30), (view.Voted, view.Eligible));
        Assert.False(view.ShowsChoices);
    }

    [Fact]
    public async Task HundredDelegatesVotingInParallel_GiveExactlyHundredBallots()
    {
        await AddDelegatesAsync(60);
        await CheckInAsync(100);
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.HalfOfAll);

        await Task.WhenAll(Enumerable.Range(1, 100).Select(i => Task.Run(() => Voting.CastAsync(Delegate(i), voteId, (VoteChoice)(i % 3 + 1)))));
        var result = await Voting.CloseAsync(_convener, voteId);

        Assert.Equal(100, result.Cast);
        Assert.Equal((34, 33, 33), (result.No, result.Abstain, result.Yes));
        await using var db = _db.NewContext();
        Assert.Equal(100, await db.Ballots.CountAsync(b => b.VoteId == voteId));
        Assert.Equal(100, await db.Voters.CountAsync(v => v.VoteId == voteId && v.HasVoted));
    }

    [Fact]
    public async Task OneDelegate_FromFourParallelRequests_CastsExactlyOneBallot()
    {
        await CheckInAsync(25);
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: false, MajorityRule.HalfOfCast);
        var me = Delegate(3);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Voting.CastAsync(me, voteId, VoteChoice.Yes);
                return "accepted";
            }
            catch (DomainException)
            {
                return "refused";
            }
        })));

        Assert.Equal(1, outcomes.Count(o => o == "accepted"));
        await using var db = _db.NewContext();
        Assert.Equal(1, await db.Ballots.CountAsync(b => b.VoteId == voteId));
    }

    [Fact]
    public async Task FiftyClosesRacingFiftyBallots_AllReturnTheSameCounts_AndNoBallotIsAcceptedAfter()
    {
        await AddDelegatesAsync(10);
        await CheckInAsync(50);
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.YesOverNo);
        var accepted = 0;

        var ballots = Enumerable.Range(1, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                await Voting.CastAsync(Delegate(i), voteId, VoteChoice.Yes);
                Interlocked.Increment(ref accepted);
            }
            catch (DomainException)
            {
            }
        }));
        var closes = Enumerable.Range(0, 50).Select(_ => Task.Run(() => Voting.CloseAsync(_convener, voteId))).ToList();
        await Task.WhenAll(ballots.Concat<Task>(closes));

        var results = closes.Select(c => c.Result).Distinct().ToList();
        var only = Assert.Single(results);
        Assert.Equal(accepted, only.Yes);
        await using var db = _db.NewContext();
        Assert.Equal(accepted, await db.Ballots.CountAsync(b => b.VoteId == voteId));
        Assert.Equal(only, await Voting.CloseAsync(_convener, voteId));
    }

    [Fact]
    public async Task Recount_FromStoredBallots_EqualsThePublishedResult()
    {
        await CheckInAsync(30);
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.TwoThirdsOfCast);
        for (var i = 1; i <= 24; i++)
        {
            await Voting.CastAsync(Delegate(i), voteId, i <= 16 ? VoteChoice.Yes : VoteChoice.No);
        }
        await Voting.CloseAsync(_convener, voteId);
        await Voting.PublishAsync(_convener, voteId);

        var recount = await Voting.RecountAsync(_convener, voteId);

        Assert.True(recount.Matches);
        Assert.Equal(new Tally(16, 8, 0, 30, 40), recount.Counted);
        Assert.True(recount.CountedAdopted);
        await Assert.ThrowsAsync<DomainException>(() => Voting.PublishAsync(_convener, voteId));
    }

    [Fact]
    public async Task ProceduralVote_UsesTheSameMachinery_WithoutAMotion()
    {
        await CheckInAsync(22);
        var voteId = await Voting.PrepareAsync(_convener, _session, new VoteInput(null, "批准本次会议议程", Secret: false, MajorityRule.HalfOfPresent));

        await Voting.OpenAsync(_convener, voteId);
        for (var i = 1; i <= 12; i++)
        {
            await Voting.CastAsync(Delegate(i), voteId, VoteChoice.Yes);
        }
        var result = await Voting.CloseAsync(_convener, voteId);

        Assert.True(result.Adopted);
        Assert.Equal(22, result.Present);
    }

    [Fact]
    public async Task IllegalMoves_AreRefusedWithAReason()
    {
        await CheckInAsync(22);
        var voteId = await Voting.PrepareAsync(_convener, _session, new VoteInput(null, "批准本次会议议程", Secret: false, MajorityRule.HalfOfPresent));

        var closeUnopened = await Assert.ThrowsAsync<DomainException>(() => Voting.CloseAsync(_convener, voteId));
        var publishUnclosed = await Assert.ThrowsAsync<DomainException>(() => Voting.PublishAsync(_convener, voteId));
        var castPrepared = await Assert.ThrowsAsync<DomainException>(() => Voting.CastAsync(Delegate(1), voteId, VoteChoice.Yes));
        await Voting.OpenAsync(_convener, voteId);
        var secondOpen = await Assert.ThrowsAsync<DomainException>(() => Voting.OpenAsync(_convener, voteId));
        var other = await Voting.PrepareAsync(_convener, _session, new VoteInput(null, "另一项", Secret: false, MajorityRule.HalfOfPresent));
        var twoOpen = await Assert.ThrowsAsync<DomainException>(() => Voting.OpenAsync(_convener, other));
        var byDelegate = await Assert.ThrowsAsync<ForbiddenException>(() => Voting.CloseAsync(Delegate(1), voteId));
        var otherStreet = await Assert.ThrowsAsync<NotFoundException>(async () => await Voting.CastAsync(await _db.ActorAsync("delegate41"), voteId, VoteChoice.Yes));

        Assert.All(new[] { closeUnopened, publishUnclosed, castPrepared, secondOpen }, e => Assert.Contains("批准本次会议议程", e.Message));
        Assert.Contains("另一项", twoOpen.Message);
        Assert.Equal(DomainText.Get("Forbidden"), byDelegate.Message);
        Assert.Equal(DomainText.Get("NotFound"), otherStreet.Message);
    }

    /// <summary>
    /// Copies of the database files taken while the vote is open and after it closed with a reader holding the log,
    /// read as an attacker would (CONTRACTS.md, "Secrecy"): no commit, column, length, row order or writing transaction
    /// tells who chose what.
    /// </summary>
    [Fact]
    public Task SecretVote_CopiesOfTheFiles_DuringTheVote_AndAfterClose_LinkNoBallotToItsDelegate() =>
        _db.IsPostgres ? SecretVote_RowVersionsAndLog_LinkNoBallotToItsDelegateAsync() : SecretVote_FileAndLog_LinkNoBallotToItsDelegateAsync();

    // Delegates vote in id order with a pattern an ordered store would give away: ten yes, then no and abstain by turns.
    private static VoteChoice Pattern(int i) => i <= 10 ? VoteChoice.Yes : i % 2 == 0 ? VoteChoice.No : VoteChoice.Abstain;

    private static readonly List<long> InArrivalOrder = Enumerable.Range(1, 30).Select(i => (long)Pattern(i)).ToList();

    private async Task<(int VoteId, Dictionary<int, string> Truth)> SecretVoteOfThirtyAsync()
    {
        await CheckInAsync(30);
        var voteId = await Voting.OpenOnMotionAsync(_convener, _motion, secret: true, MajorityRule.HalfOfCast);
        var truth = new Dictionary<int, string>();
        for (var i = 1; i <= 30; i++)
        {
            await Voting.CastAsync(Delegate(i), voteId, Pattern(i));
            truth[_delegateIds[i - 1]] = Pattern(i).ToString();
        }
        return (voteId, truth);
    }

    private async Task SecretVote_FileAndLog_LinkNoBallotToItsDelegateAsync()
    {
        // A reader (a report, a backup) holds the log from before the vote opens until after it closes, so nothing of
        // the log can be emptied into the file or overwritten: the copies hold every commit of the vote.
        await using var reader = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        await reader.OpenAsync();
        await using var held = reader.BeginTransaction(deferred: true);
        await RowsAsync(reader, "SELECT count(*) FROM Votes");
        var (voteId, truth) = await SecretVoteOfThirtyAsync();
        var (dbDuring, walDuring) = StoredCopies.CopySqlite(_db.Path);
        var result = await Voting.CloseAsync(_convener, voteId);
        var (dbAfter, walAfter) = StoredCopies.CopySqlite(_db.Path);
        await held.RollbackAsync();

        var participants = $"SELECT DelegateId FROM Voters WHERE VoteId = {voteId} AND HasVoted = 1";
        var during = await StoredCopies.CommitsAsync(dbDuring, walDuring, "Voters", participants);
        var after = await StoredCopies.CommitsAsync(dbAfter, walAfter, "Voters", participants);
        // Each ballot was its own commit beside its delegate's has-voted mark: the material of the attack is all there.
        Assert.Equal(30, StoredCopies.SingleParticipantCommits(during));
        Assert.Equal(30, StoredCopies.SingleParticipantCommits(after));
        Assert.Empty(StoredCopies.LinkingColumns(during, truth));
        Assert.Empty(StoredCopies.LinkingColumns(after, truth));

        // After the close, the ballots lie in plaintext in an order that is not that of their arrival, with no delegate,
        // in the file's cells and in key order; the sealed ballots and the vote's key are gone.
        var final = StoredCopies.Replay(dbAfter, walAfter).Last();
        var cells = (await StoredCopies.CellsInFileOrderAsync(final, "Ballots")).Where(r => (long)r[1]! == voteId).ToList();
        Assert.Equal(30, cells.Count);
        Assert.All(cells, r => Assert.Null(r[4]));
        Assert.NotEqual(InArrivalOrder, cells.Select(r => (long)r[2]!));
        var (byKey, sealedLeft, keysLeft) = await StoredCopies.OpenAsync(final, async c => (
            (await RowsAsync(c, $"SELECT Choice FROM Ballots WHERE VoteId = {voteId} ORDER BY Id")).Select(r => (long)r[0]).ToList(),
            (long)(await RowsAsync(c, $"SELECT count(*) FROM SealedBallots WHERE VoteId = {voteId}")).Single()[0],
            (long)(await RowsAsync(c, $"SELECT count(*) FROM BallotKeys WHERE VoteId = {voteId}")).Single()[0]));
        Assert.NotEqual(InArrivalOrder, byKey);
        Assert.Equal((0L, 0L), (sealedLeft, keysLeft));
        // And the count is right, and can be counted again.
        Assert.Equal((10, 10, 10), (result.Yes, result.No, result.Abstain));
        Assert.True((await Voting.RecountAsync(_convener, voteId)).Matches);
    }

    private async Task SecretVote_RowVersionsAndLog_LinkNoBallotToItsDelegateAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        var start = await StoredCopies.WalPositionAsync(connection);
        var (voteId, truth) = await SecretVoteOfThirtyAsync();
        int? Voted(StoredCopies.PgTuple t) => t.Table == "Voters" && t.Int(0) == voteId && t.Attributes[2]![0] == 1 ? t.Int(1) : null;
        async Task<List<StoredCopies.PgTuple>> TuplesAsync() =>
            [.. await StoredCopies.TuplesAsync(connection, "Voters"), .. await StoredCopies.TuplesAsync(connection, "SealedBallots"),
             .. await StoredCopies.TuplesAsync(connection, "Ballots"), .. await StoredCopies.TuplesAsync(connection, "BallotKeys")];

        var whileOpen = await TuplesAsync();
        var result = await Voting.CloseAsync(_convener, voteId);
        var versions = await TuplesAsync();
        // The log says which subtransaction belongs to which transaction, as it would to anyone holding it.
        var log = await StoredCopies.WalAsync(connection, start, "Voters", "SealedBallots", "Ballots");
        var during = StoredCopies.PgCommits(whileOpen, Voted, log);
        var after = StoredCopies.PgCommits(versions, Voted, log);

        // Each ballot's transaction also wrote its delegate's has-voted mark; what it wrote beside it says nothing.
        Assert.Equal(30, StoredCopies.SingleParticipantCommits(during));
        Assert.Empty(StoredCopies.LinkingColumns(during, truth));
        Assert.Empty(StoredCopies.LinkingColumns(after, truth));
        // The readable ballots were all written by one transaction that marked nobody, and lie in no order of arrival.
        var ballots = versions.Where(t => t.Table == "Ballots" && t.Live && t.Int(1) == voteId).ToList();
        Assert.Equal(30, ballots.Count);
        Assert.All(ballots, b => Assert.Null(b.Attributes[4]));
        var writer = Assert.Single(ballots.Select(b => b.Xmin).Distinct());
        Assert.DoesNotContain(log.TopOf(writer), versions.Where(t => Voted(t) is not null).Select(t => log.TopOf(t.Xmin)));
        Assert.NotEqual(InArrivalOrder, ballots.Select(b => (long)b.Int(2)));
        // The log, as pg_waldump shows it: each has-voted mark was written beside a sealed ballot, never a readable one.
        Assert.Equal(30, log.Writes.Values.Count(t => t.Contains("Voters") && t.Contains("SealedBallots")));
        Assert.DoesNotContain(log.Writes.Values, t => t.Contains("Voters") && t.Contains("Ballots"));
        Assert.Equal((10, 10, 10), (result.Yes, result.No, result.Abstain));
        Assert.True((await Voting.RecountAsync(_convener, voteId)).Matches);
    }

    private static async Task<List<object[]>> PgRowsAsync(Npgsql.NpgsqlConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }

    private Actor Delegate(int n) => new($"test-{n}", _streetId, new HashSet<string> { Roles.Delegate }, DelegateId: _delegateIds[n - 1]);

    private List<int> _delegateIds = [];

    private async Task<List<int>> CheckInAsync(int count)
    {
        await using var db = _db.NewContext();
        var term = await db.Sessions.Where(s => s.Id == _session).Select(s => s.TermId).SingleAsync();
        _delegateIds = await db.Delegates.Where(d => d.TermId == term && d.RetiredUtc == null).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        var already = await db.Attendances.Where(a => a.SessionId == _session).ToDictionaryAsync(a => a.DelegateId);
        foreach (var id in _delegateIds.Take(count))
        {
            if (!already.TryGetValue(id, out var row))
            {
                db.Attendances.Add(Attendance.Record(_session, id, AttendanceStatus.Present, bySelf: true, _db.Clock.GetUtcNow().UtcDateTime));
            }
            else if (row.Status != AttendanceStatus.Present)
            {
                // The demo's delegate on leave, come after all.
                row.Change(AttendanceStatus.Present, bySelf: true, _db.Clock.GetUtcNow().UtcDateTime);
            }
        }
        await db.SaveChangesAsync();
        return _delegateIds.Take(count).ToList();
    }

    private async Task AddDelegatesAsync(int count)
    {
        await using var db = _db.NewContext();
        var term = await db.Sessions.Where(s => s.Id == _session).Select(s => s.TermId).SingleAsync();
        for (var i = 0; i < count; i++)
        {
            db.Delegates.Add(Domain.Directory.CongressDelegate.Create(_streetId, term, new Domain.Directory.DelegateInput($"加代表{i:D2}", Domain.Directory.DelegateCategory.PeoplesCongressDeputy, null, null)));
        }
        await db.SaveChangesAsync();
    }

    private static async Task<List<string>> ColumnsAsync(SqliteConnection c, string table) =>
        (await RowsAsync(c, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")).Select(r => (string)r[0]).ToList();

    private static async Task<List<object[]>> RowsAsync(SqliteConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }
}
