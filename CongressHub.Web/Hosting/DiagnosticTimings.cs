using System.Diagnostics.Metrics;
using CongressHub.Domain.Common;

namespace CongressHub.Web.Hosting;

/// <summary>
/// For the benchmark only (<c>Diagnostics:Enabled</c>): listens to the app's own duration histograms
/// (<see cref="CongressMetrics"/>) and to ASP.NET Core's request durations, and keeps every measurement in memory, so
/// that <c>/diagnostics/timings</c> can tell where the time of a change goes (its request, its commit, the live state's
/// build and send). Nothing of this runs unless diagnostics are on.
/// </summary>
public sealed class DiagnosticTimings : IDisposable
{
    private const int Kept = 200_000;

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<double>> _samples = new(StringComparer.Ordinal);

    public DiagnosticTimings()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is Histogram<double> && instrument.Unit == "s"
                && (instrument.Meter.Name == CongressMetrics.MeterName || instrument.Name == "http.server.request.duration"))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(Record);
        _listener.Start();
    }

    private void Record(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var name = instrument.Name;
        string? method = null;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "stage" or "snapshot" or "channel" or "outcome":
                    name += " " + value;
                    break;
                case "http.request.method":
                    method = value as string;
                    break;
                case "http.route":
                    name += " " + value;
                    break;
            }
        }
        if (method is not null)
        {
            name += " " + method;
        }
        lock (_lock)
        {
            if (!_samples.TryGetValue(name, out var list))
            {
                _samples[name] = list = [];
            }
            if (list.Count < Kept)
            {
                list.Add(seconds * 1000);
            }
        }
    }

    /// <summary>Per measured thing: how many, the median, the 99th percentile and the largest, in milliseconds.</summary>
    public IReadOnlyDictionary<string, TimingSummary> Summaries()
    {
        lock (_lock)
        {
            return _samples.Where(s => s.Value.Count > 0).OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => TimingSummary.Of(s.Value), StringComparer.Ordinal);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _samples.Clear();
        }
    }

    public void Dispose() => _listener.Dispose();
}

public sealed record TimingSummary(int Count, double P50, double P99, double Max, double Total)
{
    public static TimingSummary Of(List<double> samples)
    {
        var s = samples.Order().ToArray();
        double Q(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
        return new TimingSummary(s.Length, Q(0.5), Q(0.99), s[^1], s.Sum());
    }
}
