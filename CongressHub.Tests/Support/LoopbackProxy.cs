using System.Net;
using System.Net.Sockets;

namespace CongressHub.Tests.Support;

/// <summary>
/// A TCP proxy on a loopback port in front of the app, so a test can cut a browser's connection (WebSockets
/// included) the way a dropping Wi-Fi would, then let it come back.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _paused;

    public LoopbackProxy(Uri target)
    {
        _targetPort = target.Port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Drops every open connection and refuses new ones until <see cref="Resume"/>.</summary>
    public void Cut()
    {
        _paused = true;
        lock (_open)
        {
            foreach (var c in _open)
            {
                c.Dispose();
            }
            _open.Clear();
        }
    }

    public void Resume() => _paused = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_paused)
            {
                client.Dispose();
                continue;
            }
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }
            var a = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A cut or closed connection ends its pipe; the browser sees the connection drop.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
