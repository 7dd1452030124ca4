using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CongressHub.Tests.Support;

/// <summary>
/// A real HTTP server on a loopback port standing in for a provider (an SMS gateway, 企业微信): it keeps every request
/// and answers as the test scripts it, per path: a status and a JSON body, or no answer until the caller gives up.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Func<ReceivedRequest, Reply>> _replies = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private HttpReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToList();

    public IReadOnlyList<ReceivedRequest> To(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>What requests to <paramref name="path"/> get from now on (200 <c>{}</c> until said).</summary>
    public void On(string path, Func<ReceivedRequest, Reply> reply) => _replies[path] = reply;

    public void On(string path, Reply reply) => On(path, _ => reply);

    public static async Task<HttpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new HttpReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        var request = new ReceivedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
        _requests.Enqueue(request);
        var reply = _replies.TryGetValue(request.Path, out var script) ? script(request) : Reply.Json(200, "{}");
        if (reply.Hang)
        {
            // No answer: the caller's timeout ends the request (or the receiver stops).
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        ctx.Response.StatusCode = reply.Status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(reply.Body, ctx.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}

/// <summary>A scripted answer: a status and a JSON body, or none at all (<see cref="Hang"/>).</summary>
public sealed record Reply(int Status, string Body, bool Hang = false)
{
    public static Reply Json(int status, string body) => new(status, body);

    public static readonly Reply Never = new(0, "", Hang: true);
}
