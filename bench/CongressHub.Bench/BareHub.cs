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

internal sealed record BarePayload(int Progress, string Padding);

internal sealed class BareHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareHubServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<BareHubServer> StartAsync(int payloadBytes)
    {
        var port = AppUnderTest.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR();
        var app = builder.Build();
        var padding = new string('x', Math.Max(0, payloadBytes - 30));
        app.MapHub<BareHub>("/bare");
        app.MapPost("/change/{group}/{progress:int}", async (string group, int progress, IHubContext<BareHub> hub) =>
        {
            await hub.Clients.Group(group).SendAsync("SessionChanged", new BarePayload(progress, padding));
            return Results.NoContent();
        });
        await app.StartAsync();
        return new BareHubServer(app, $"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
