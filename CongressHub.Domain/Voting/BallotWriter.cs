using System.Threading.Channels;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Voting;

/// <summary>
/// The one writer of ballots: the grouped executor of <see cref="Change"/>s. SQLite takes one writer at a time and a
/// busy connection sleeps, which starves two cores under a burst; so every ballot (and every close, so that none slips
/// in after it) queues here, and the writer commits what has queued in groups of up to <see cref="GroupSize"/> in one
/// transaction. A caller's task completes only after its group is committed: an acknowledged ballot is durable.
/// </summary>
public sealed class BallotWriter : IAsyncDisposable
{
    public const int GroupSize = 64;

    private readonly IDbContextFactory<CongressDbContext> _dbFactory;
    private readonly Changes _changes;
    private readonly ILogger<BallotWriter> _log;
    private readonly CongressMetrics _metrics;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public BallotWriter(IDbContextFactory<CongressDbContext> dbFactory, Changes changes, CongressMetrics metrics, ILogger<BallotWriter> log)
    {
        _metrics = metrics;
        _dbFactory = dbFactory;
        _changes = changes;
        _log = log;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>
    /// Runs <paramref name="change"/>, made by <paramref name="actor"/> in <paramref name="streetId"/>, in the writer's
    /// next group. The change must refuse (throw a <see cref="DomainException"/>) before it writes anything, so that a
    /// refusal never touches its neighbours; what it audits and announces is committed and told with its group.
    /// </summary>
    public Task<T> EnqueueAsync<T>(Actor? actor, int streetId, Func<Change, Task<T>> change, CancellationToken ct = default)
    {
        if (actor is not null && !actor.BelongsTo(streetId))
        {
            throw new ForbiddenException();
        }
        var work = new Work<T>(actor, streetId, change);
        if (!_queue.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(BallotWriter));
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

    private async Task CommitAsync(IReadOnlyList<Work> group)
    {
        // The streets' chain locks are taken before the transaction, as every change does, so the two never wait on each other.
        await using var chains = await _changes.LockChainsAsync(group.Select(w => w.StreetId), CancellationToken.None);
        await using var db = await _dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        if (DatabaseEngine.IsPostgres(db))
        {
            // Several nodes each run a writer: this lock makes them one writer, so that a ballot on one node cannot
            // slip in beside a close on another, exactly as in one process.
            await DatabaseEngine.LockForTransactionAsync(db, LockSpace.BallotWriter, 0);
        }
        var outcomes = new List<Action>(group.Count);
        var changes = new List<Change>(group.Count);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var work in group)
        {
            var change = _changes.InGroup(db, work.Actor, work.StreetId, seen);
            outcomes.Add(await work.RunAsync(change));
            // What this change touched is its own to announce, in its street, before the next one touches more.
            change.NoteTouched();
            changes.Add(change);
        }
        await AuditTrail.SealAsync(db, AuditTrail.Staged(db), CancellationToken.None);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        foreach (var channel in changes.SelectMany(c => c.BallotChannels))
        {
            _metrics.BallotRecorded(channel);
        }
        foreach (var complete in outcomes)
        {
            complete();
        }
        _changes.Publish(changes.SelectMany(c => c.Announced));
    }

    private abstract class Work(Actor? actor, int streetId)
    {
        public Actor? Actor => actor;

        public int StreetId => streetId;

        /// <summary>Runs the change; returns how to tell its caller, to be called after the commit.</summary>
        public abstract Task<Action> RunAsync(Change change);

        public abstract void Fail(Exception ex);
    }

    private sealed class Work<T>(Actor? actor, int streetId, Func<Change, Task<T>> change) : Work(actor, streetId)
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<Action> RunAsync(Change scope)
        {
            try
            {
                var result = await change(scope);
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
