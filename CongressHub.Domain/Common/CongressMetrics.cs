using System.Diagnostics;
using System.Diagnostics.Metrics;
using CongressHub.Domain.Voting;

namespace CongressHub.Domain.Common;

/// <summary>
/// The app's own instruments, in the meter <see cref="MeterName"/>: ballots recorded, the notifier's sends, and the
/// database's commands. Exported only when an OTLP endpoint is configured; without a listener a measurement costs a
/// check and nothing more.
/// </summary>
/// <remarks>
/// Secrecy (CONTRACTS.md): a measurement never carries a delegate, a vote, a street or a choice; a ballot is counted
/// by its channel only, the same totals per channel a secret vote shows on its own screens.
/// </remarks>
public sealed class CongressMetrics
{
    public const string MeterName = "CongressHub";

    private readonly Counter<long> _ballots;
    private readonly Histogram<double> _notifierSends;
    private readonly Histogram<double> _dbCommands;
    private readonly Histogram<double> _noticeSends;
    private readonly Histogram<double> _changeStages;
    private readonly Histogram<double> _liveStages;

    public CongressMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ballots = meter.CreateCounter<long>("congresshub.ballots.recorded", unit: "{ballot}",
            description: "Ballots recorded, after their commit, by channel (phone, recorded, hands, paper).");
        _notifierSends = meter.CreateHistogram("congresshub.notifier.send.duration", unit: "s",
            description: "Time from a session's change being picked up to its snapshot handed to every subscribed page and the hub's group.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _dbCommands = meter.CreateHistogram("congresshub.db.command.duration", unit: "s",
            description: "Time the database took for each command the app sent, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });
        _noticeSends = meter.CreateHistogram("congresshub.notices.send.duration", unit: "s",
            description: "Time a notice channel (e-mail, SMS, 企业微信) took to take one message, by channel and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _changeStages = meter.CreateHistogram("congresshub.change.duration", unit: "s",
            description: "Time each stage of a unit of change took: work (from opening it to its commit), save (the street's chain locked, the transaction begun, the changed rows written), commit (the transaction committed), publish (its events handed on).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        _liveStages = meter.CreateHistogram("congresshub.live.stage.duration", unit: "s",
            description: "Time each stage of a session's live state took: queued (from the change's events to the send loop taking it), snapshot (the state read), send (handed to the hub's group).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
    }

    /// <summary>One ballot recorded through <paramref name="channel"/>, once its group has committed.</summary>
    public void BallotRecorded(VoteChannel channel) =>
        _ballots.Add(1, new KeyValuePair<string, object?>("channel", channel.ToString().ToLowerInvariant()));

    /// <summary>A snapshot sent to a session's screens; <paramref name="full"/> when the whole session was rebuilt, not only its votes.</summary>
    public void NotifierSent(long startTimestamp, bool full) =>
        _notifierSends.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("snapshot", full ? "full" : "votes"));

    public void DbCommand(TimeSpan duration, bool failed) =>
        _dbCommands.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", failed ? "failed" : "ok"));

    /// <summary>One stage of a unit of change (work, save, commit, publish), from <paramref name="startTimestamp"/> until now.</summary>
    public void ChangeStage(string stage, long startTimestamp) =>
        _changeStages.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>One stage of a session's live state (queued, snapshot, send), from <paramref name="startTimestamp"/> until now.</summary>
    public void LiveStage(string stage, long startTimestamp) =>
        _liveStages.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>A message handed to a notice channel, accepted or not.</summary>
    public void NoticeSent(string channel, bool accepted, TimeSpan duration) =>
        _noticeSends.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("channel", channel.ToLowerInvariant()),
            new KeyValuePair<string, object?>("outcome", accepted ? "accepted" : "failed"));
}
