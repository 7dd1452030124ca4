using System.Threading.Channels;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Voting;

/// <summary>
/// The one writer of ballots. SQLite takes one writer at a time and a busy connection sleeps, which starves two cores
/// under a burst; so every ballot (and every close, so that none slips in after it) queues here, and the writer
/// commits what has queued in groups of up to <see cref="GroupSize"/> in one transaction. A caller's task completes
/// only after its group is committed: an acknowledged ballot is durable.
/// </summary>
public sealed class BallotBox : IAsyncDisposable
{
    public const int GroupSize = 64;

    private readonly IDbContextFactory<CongressDbContext> _dbFactory;
    private readonly ICongressEvents _events;
    private readonly AuditTrail _audit;
    private readonly ILogger<BallotBox> _log;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public BallotBox(IDbContextFactory<CongressDbContext> dbFactory, ICongressEvents events, AuditTrail audit, ILogger<BallotBox> log)
    {
        _audit = audit;
        _dbFactory = dbFactory;
        _events = events;
        _log = log;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>What a queued change may do inside the writer's transaction.</summary>
    public sealed class Scope(CongressDbContext db)
    {
        internal readonly List<CongressEvent> Events = [];

        public CongressDbContext Db => db;

        /// <summary>Published after the group commits, once per distinct event.</summary>
        public void Announce(CongressEvent e) => Events.Add(e);
    }

    /// <summary>
    /// Runs <paramref name="change"/> in the writer's next group. The change must refuse (throw a
    /// <see cref="DomainException"/>) before it writes anything, so that a refusal never touches its neighbours.
    /// </summary>
    public Task<T> EnqueueAsync<T>(Func<Scope, CancellationToken, Task<T>> change, CancellationToken ct = default)
    {
        var work = new Work<T>(change);
        if (!_queue.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(BallotBox));
        }
        return work.Completion.Task.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        var group = new List<Work>(GroupSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < GroupSize && _queue.Reader.TryRead(out var work))
            {
                group.Add(work);
            }
            try
            {
                await CommitAsync(group);
            }
            catch (Exception ex)
            {
                // The group failed as a whole (not a refusal): run each change alone, so one bad change fails only itself.
                _log.LogWarning(ex, "A group of {Count} ballots failed; committing them one by one", group.Count);
                foreach (var work in group)
                {
                    try
                    {
                        await CommitAsync([work]);
                    }
                    catch (Exception single)
                    {
                        work.Fail(single);
                    }
                }
            }
        }
    }

    // The append lock is taken before the transaction, as every audited writer does, so the two never wait on each other.
    private Task CommitAsync(IReadOnlyList<Work> group) => _audit.UnderLockAsync(() => CommitLockedAsync(group));

    private async Task<bool> CommitLockedAsync(IReadOnlyList<Work> group)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        if (DatabaseEngine.IsPostgres(db))
        {
            // Several nodes each run a writer: this lock makes them one writer, so that a ballot on one node cannot
            // slip in beside a close on another, exactly as in one process.
            await DatabaseEngine.LockForTransactionAsync(db, LockSpace.BallotWriter, 0);
        }
        var scope = new Scope(db);
        var outcomes = new List<Action>(group.Count);
        foreach (var work in group)
        {
            outcomes.Add(await work.RunAsync(scope));
        }
        await AuditTrail.SealAsync(db, AuditTrail.Staged(db), CancellationToken.None);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        foreach (var complete in outcomes)
        {
            complete();
        }
        foreach (var e in scope.Events.Distinct())
        {
            _events.Publish(e);
        }
        return true;
    }

    private abstract class Work
    {
        /// <summary>Runs the change; returns how to tell its caller, to be called after the commit.</summary>
        public abstract Task<Action> RunAsync(Scope scope);

        public abstract void Fail(Exception ex);
    }

    private sealed class Work<T>(Func<Scope, CancellationToken, Task<T>> change) : Work
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<Action> RunAsync(Scope scope)
        {
            try
            {
                var result = await change(scope, CancellationToken.None);
                return () => Completion.TrySetResult(result);
            }
            catch (DomainException refused)
            {
                return () => Completion.TrySetException(refused);
            }
        }

        public override void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
