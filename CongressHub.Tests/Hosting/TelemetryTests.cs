using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CongressHub.Tests.Hosting;

/// <summary>The app's own metrics, and their export over OTLP to a collector when one is configured.</summary>
public class TelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ballot_CastThroughTheApi_IsCountedByChannel_AndItsDeliveryTimed_WithoutNamingTheDelegate()
    {
        await using var app = await AppFactory.CreateAsync();
        using var client = app.CreateClient();
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)>();
        var ballotCounted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deliveryTimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new MeterListener();
        // Only this app's meter: other tests in the process have meters of the same name.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CongressMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            measurements.Enqueue((instrument.Name, value, tags.ToArray()));
            if (instrument.Name == "congresshub.ballots.recorded")
            {
                ballotCounted.TrySetResult();
            }
            if (instrument.Name == "congresshub.notifier.send.duration")
            {
                deliveryTimed.TrySetResult();
            }
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        var convener = await AppFactory.TokenAsync(client, "convener");
        var (session, voteId, delegates) = await LiveVote.OpenAsync(client, convener, present: 21, secret: true);
        // A screen that watches the session, as a projector or a delegate's page does.
        using var screen = app.Services.GetRequiredService<CongressNotifier>().Subscribe(session, _ => Task.CompletedTask);
        await app.Services.GetRequiredService<CongressNotifier>().CurrentAsync(session, ct: TestContext.Current.CancellationToken);
        deliveryTimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var cast = await AppFactory.SendAsync(client, HttpMethod.Post, $"/api/votes/{voteId}/ballots", delegates[0], new { choice = "yes" });

        Assert.Equal(HttpStatusCode.Created, cast.StatusCode);
        await ballotCounted.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        await deliveryTimed.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        var ballots = measurements.Where(m => m.Instrument == "congresshub.ballots.recorded").ToList();
        var ballot = Assert.Single(ballots);
        Assert.Equal(1, ballot.Value);
        Assert.Equal([new KeyValuePair<string, object?>("channel", "phone")], ballot.Tags);
        var sends = measurements.Where(m => m.Instrument == "congresshub.notifier.send.duration").ToList();
        Assert.All(sends, s => Assert.True(s.Value >= 0));
        Assert.True(measurements.Any(m => m.Instrument == "congresshub.db.command.duration"), "database commands are timed");
        Assert.True(measurements.Any(m => m.Instrument == "congresshub.change.duration" && m.Tags.Contains(new("stage", "commit"))), "commits are timed");
        Assert.True(measurements.Any(m => m.Instrument == "congresshub.live.stage.duration" && m.Tags.Contains(new("stage", "snapshot"))), "live states' builds are timed");
        // Secrecy: no measurement names a delegate, a vote or a choice, whatever the instrument.
        Assert.All(measurements.SelectMany(m => m.Tags), t =>
        {
            Assert.Contains(t.Key, new[] { "channel", "snapshot", "outcome", "stage" });
            Assert.DoesNotContain(t.Value?.ToString() ?? "", new[] { "yes", "no", "abstain" });
        });
    }

    [Fact]
    public async Task App_WithoutAnEndpoint_ExportsNothing()
    {
        await using var app = await AppFactory.CreateAsync();
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task App_WithAnOtlpEndpoint_PushesItsMetricsToTheCollector()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var paths = new ConcurrentQueue<string>();
        var collector = WebApplication.CreateSlimBuilder();
        collector.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = collector.Build();
        receiver.MapPost("/v1/metrics", async (HttpContext ctx) =>
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            paths.Enqueue(ctx.Request.ContentType ?? "");
            var text = Encoding.UTF8.GetString(body.ToArray());
            if (text.Contains("congresshub.db.command.duration", StringComparison.Ordinal) && text.Contains("http.server.request.duration", StringComparison.Ordinal))
            {
                received.TrySetResult(body.ToArray());
            }
            // An empty ExportMetricsServiceResponse: the export succeeded.
            ctx.Response.ContentType = "application/x-protobuf";
            return Results.Bytes([], "application/x-protobuf");
        });
        await receiver.StartAsync(TestContext.Current.CancellationToken);
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var app = await AppFactory.CreateAsync(settings: new Dictionary<string, string>
        {
            ["Telemetry:OtlpEndpoint"] = address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        using var client = app.CreateClient();

        // A resident's page: a request, and the database commands that build it.
        var page = await client.GetAsync("/s/shiyan", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var export = await received.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Contains("application/x-protobuf", paths);
        Assert.Contains("CongressHub", Encoding.UTF8.GetString(export), StringComparison.Ordinal);
    }
}
