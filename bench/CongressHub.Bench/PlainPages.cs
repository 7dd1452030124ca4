using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CongressHub.Bench;

/// <summary>
/// The limit for a delegate's page: a plain page that keeps a WebSocket open and writes what it is sent into the DOM,
/// served by a small Kestrel server of its own (its own process, like the app). <c>POST /change?title=…</c> sends
/// every socket one message of the given size (or of <c>bytes=…</c>) holding the title, or, with a body, the body as it
/// is, and answers once it is handed to every socket.
/// <para>Two plain pages: <c>/</c> holds only the item's paragraph and writes the title into it; <c>/same</c> is the
/// app's own hall page as one delegate saw it (its markup and stylesheets, set by <c>POST /page</c>, without the app's
/// scripts) and writes the parts of the page a change replaced, sent as HTML, into the DOM.</para>
/// </summary>
internal static class PlainPages
{
    /// <summary><c>serve-ws &lt;port&gt; &lt;payloadBytes&gt;</c>: serves until the process is killed.</summary>
    public static async Task ServeAsync(string[] args)
    {
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var payloadBytes = int.Parse(args[1], CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.UseWebSockets();
        var sockets = new ConcurrentDictionary<WebSocket, SemaphoreSlim>();

        var same = "";
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        app.MapGet("/same", () => Results.Content(same, "text/html; charset=utf-8"));
        app.MapPost("/page", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            same = (await reader.ReadToEndAsync()).Replace("</body>", SameScript + "</body>", StringComparison.Ordinal);
            return Results.NoContent();
        });
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            sockets[socket] = new SemaphoreSlim(1, 1);
            var buffer = new byte[1024];
            try
            {
                while (socket.State == WebSocketState.Open && (await socket.ReceiveAsync(buffer, context.RequestAborted)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The page went away.
            }
            finally
            {
                sockets.TryRemove(socket, out _);
            }
        });
        app.MapPost("/change", async (string title, int? bytes, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var message = body.Length > 0 ? body.ToArray() : Message(title, bytes ?? payloadBytes);
            await Task.WhenAll(sockets.Select(async s =>
            {
                await s.Value.WaitAsync();
                try
                {
                    await s.Key.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // Closed meanwhile.
                }
                finally
                {
                    s.Value.Release();
                }
            }));
            return Results.Text(sockets.Count.ToString(CultureInfo.InvariantCulture));
        });
        await app.RunAsync();
    }

    /// <summary>A JSON message of exactly <paramref name="bytes"/> bytes (UTF-8) holding the title, or just the title's when longer.</summary>
    internal static byte[] Message(string title, int bytes)
    {
        var bare = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(new { title, pad = "" }));
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { title, pad = new string('x', Math.Max(0, bytes - bare)) }));
    }

    /// <summary>The plain delegate's page: the item in a paragraph, as on the app's page, written on every message.</summary>
    private const string Page = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0"><title>plain</title></head>
        <body>
        <p id="current-item"></p>
        <span id="socket-state" data-open="false" hidden></span>
        <script>
          const socket = new WebSocket(`ws://${location.host}/ws`);
          socket.onopen = () => document.getElementById('socket-state').dataset.open = 'true';
          socket.onmessage = e => { document.getElementById('current-item').textContent = JSON.parse(e.data).title; };
        </script>
        </body>
        </html>
        """;

    /// <summary>
    /// The script of <c>/same</c>: a message with <c>parts</c> replaces those parts of the page (the live page's cards
    /// and the elements beside it, numbered in document order), one with <c>all</c> the whole of the live page's parent;
    /// one with only a title writes it into the item's paragraph.
    /// </summary>
    private const string SameScript = """
        <span id="socket-state" data-open="false" hidden></span>
        <script>
          const parts = () => [...document.querySelector('.live-page').parentElement.children]
            .flatMap(c => c.classList.contains('live-page') ? [...c.children] : [c]);
          const socket = new WebSocket(`ws://${location.host}/ws`);
          socket.onopen = () => document.getElementById('socket-state').dataset.open = 'true';
          socket.onmessage = e => {
            const m = JSON.parse(e.data);
            if (m.all !== undefined) { document.querySelector('.live-page').parentElement.innerHTML = m.all; }
            else if (m.parts) { const now = parts(); for (const [i, html] of m.parts) now[i].outerHTML = html; }
            else document.getElementById('current-item').textContent = m.title;
          };
        </script>
        """;

    /// <summary>The server as a process of its own on a free loopback port, started from this benchmark's own executable.</summary>
    internal sealed class Server : IAsyncDisposable
    {
        private readonly Process _process;

        private Server(Process process, string url)
        {
            _process = process;
            Url = url;
        }

        public string Url { get; }

        public int ProcessId => _process.Id;

        public static async Task<Server> StartAsync(int payloadBytes)
        {
            var port = AppUnderTest.FreePort();
            var self = Environment.ProcessPath!;
            string[] args = Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? [typeof(PlainPages).Assembly.Location, "serve-ws", port.ToString(CultureInfo.InvariantCulture), payloadBytes.ToString(CultureInfo.InvariantCulture)]
                : ["serve-ws", port.ToString(CultureInfo.InvariantCulture), payloadBytes.ToString(CultureInfo.InvariantCulture)];
            var info = AppUnderTest.ServerProcess(self, args);
            info.RedirectStandardOutput = true;
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            var url = $"http://127.0.0.1:{port}";
            using var http = new HttpClient();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    if ((await http.GetAsync(url)).IsSuccessStatusCode)
                    {
                        return new Server(process, url);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException("The plain WebSocket server did not start.");
                }
                await Task.Delay(100);
            }
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
}
