using System.Diagnostics;
using System.Globalization;

namespace CongressHub.Bench;

/// <summary>
/// Change-to-received latency. Every change in a session raises its "progress" by one; a client that receives a
/// state of progress p has received every change up to p, at that moment (coalesced states count for all they fold).
/// </summary>
internal sealed class Latency(int sessions, int changesPerSession)
{
    private readonly long[,] _sent = new long[sessions, changesPerSession + 1];
    private readonly List<double> _samples = [];
    private readonly Dictionary<int, List<double>> _groups = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count;
            }
        }
    }

    private readonly List<double> _requests = [];

    /// <summary>Processor time per change of the server and of the clients, as the run measured it; empty when not measured.</summary>
    public string Cpu { get; set; } = "";

    /// <summary>How long the change's own HTTP request took (commit included), to tell it from delivery.</summary>
    public void RequestTook(double ms)
    {
        lock (_lock)
        {
            _requests.Add(ms);
        }
    }

    public string Requests()
    {
        lock (_lock)
        {
            var r = _requests.Order().ToArray();
            return r.Length == 0 ? "none" : $"p50 {r[r.Length / 2]:F0} ms, p99 {r[Math.Min(r.Length - 1, (int)(0.99 * r.Length))]:F0} ms, max {r[^1]:F0} ms";
        }
    }

    public void Sent(int session, int change) => Volatile.Write(ref _sent[session, change], Stopwatch.GetTimestamp());

    /// <summary>
    /// A client of <paramref name="session"/> has seen everything up to <paramref name="progress"/>; returns the new high
    /// mark. <paramref name="group"/> sorts clients (by the node they are connected to) for <see cref="SummaryOf"/>.
    /// </summary>
    public int Received(int session, int seenBefore, int progress, int group = 0)
    {
        if (progress <= seenBefore)
        {
            return seenBefore;
        }
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            for (var j = seenBefore + 1; j <= Math.Min(progress, changesPerSession); j++)
            {
                var sent = Volatile.Read(ref _sent[session, j]);
                if (sent != 0)
                {
                    var ms = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
                    _samples.Add(ms);
                    if (!_groups.TryGetValue(group, out var list))
                    {
                        _groups[group] = list = [];
                    }
                    list.Add(ms);
                }
            }
        }
        return progress;
    }

    public string Summary() => Summarize(_samples);

    /// <summary>The figures of one group of clients only.</summary>
    public string SummaryOf(int group) => Summarize(_groups.GetValueOrDefault(group) ?? []);

    public double P50() => Quantile(_samples, 0.50);

    /// <summary>The quantile <paramref name="q"/> (0.5 the median, 1 the largest) of every (client, change) latency.</summary>
    public double P(double q) => Quantile(_samples, q);

    /// <summary>The quantile <paramref name="q"/> of the change requests' own times.</summary>
    public double RequestP(double q) => Quantile(_requests, q);

    public double P50Of(int group) => Quantile(_groups.GetValueOrDefault(group) ?? [], 0.50);

    private double Quantile(List<double> samples, double q)
    {
        lock (_lock)
        {
            var s = samples.Order().ToArray();
            return s.Length == 0 ? double.NaN : s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
        }
    }

    private string Summarize(List<double> samples)
    {
        double[] s;
        lock (_lock)
        {
            s = [.. samples.Order()];
        }
        if (s.Length == 0)
        {
            return "no samples";
        }
        string P(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)].ToString("F0", CultureInfo.InvariantCulture);
        return $"{P(0.50)} | {P(0.95)} | {P(0.99)} | {s[^1].ToString("F0", CultureInfo.InvariantCulture)} | {s.Length}";
    }

    public double P99()
    {
        lock (_lock)
        {
            var s = _samples.Order().ToArray();
            return s.Length == 0 ? double.NaN : s[Math.Min(s.Length - 1, (int)Math.Ceiling(0.99 * s.Length) - 1)];
        }
    }
}
