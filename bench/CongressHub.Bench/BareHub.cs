using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CongressHub.Bench;

/// <summary>The baseline: a bare SignalR hub that sends a payload of the snapshot's size to a group on every change, with no database and no coalescing.</summary>
internal sealed class BareHub : Hub
{
    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);
}

internal sealed record BarePayload(string Group, int Progress, string Padding);

/// <summary>The app's own snapshot, sent as it is, with the group and the progress the clients count by.</summary>
internal sealed record BareMessage(string Group, int Progress, System.Text.Json.JsonElement Snapshot);

/// <summary>
/// The bare hub as its own process (<c>serve-bare PORT PAYLOADBYTES [SNAPSHOTFILE]</c>, the same runtime and build as the benchmark),
/// so that it is measured as the app is: its own process, its own thread pool, on the same cores as the clients.
/// </summary>
internal sealed class BareHubServer : IAsyncDisposable
{
    private readonly Process _process;

    private BareHubServer(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>A bare hub that sends padding of <paramref name="payloadBytes"/>, or the snapshot in <paramref name="messageFile"/>.</summary>
    public static async Task<BareHubServer> StartAsync(int payloadBytes, string? messageFile = null)
    {
        var port = AppUnderTest.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var self = Environment.ProcessPath!;
        string[] arguments = ["serve-bare", port.ToString(CultureInfo.InvariantCulture), payloadBytes.ToString(CultureInfo.InvariantCulture), .. messageFile is null ? Array.Empty<string>() : [messageFile]];
        var start = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [typeof(BareHub).Assembly.Location, .. arguments])
            : new ProcessStartInfo(self, arguments);
        var process = Process.Start(start)!;
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                (await http.GetAsync(url + "/up")).EnsureSuccessStatusCode();
                return new BareHubServer(process, url);
            }
            catch (HttpRequestException) when (!process.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The child process: <c>serve-bare PORT PAYLOADBYTES [SNAPSHOTFILE]</c>.</summary>
    public static async Task ServeAsync(string[] args)
    {
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var payloadBytes = int.Parse(args[1], CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR();
        var app = builder.Build();
        // The envelope of a message is ≈ 45 bytes besides the padding: together a payload of the snapshot's size.
        var padding = new string('x', Math.Max(0, payloadBytes - 45));
        app.MapGet("/up", () => Results.Ok());
        app.MapHub<BareHub>("/bare");
        var snapshot = args.Length > 2 ? System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(args[2])).RootElement : (System.Text.Json.JsonElement?)null;
        app.MapPost("/change/{group}/{progress:int}", async (string group, int progress, IHubContext<BareHub> hub) =>
        {
            object message = snapshot is { } s ? new BareMessage(group, progress, s) : new BarePayload(group, progress, padding);
            await hub.Clients.Group(group).SendAsync("SessionChanged", message);
            return Results.NoContent();
        });
        await app.RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
