using System.Security.Cryptography;
using System.Text;
using CongressHub.Web.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace CongressHub.Web.Realtime;

/// <summary>
/// The hub connections open on this node, by the credential they came with and by account, so that one device token
/// cannot hold more than <see cref="ClientLimits.HubConnectionsPerToken"/> connections, and an account that is signed
/// out everywhere (a retired delegate, a revoked card) loses its open connections at once.
/// <para>Past the limit the token's oldest connection is closed, never the new one: a phone that reconnects after a
/// network change comes back before the server has noticed its old connection is gone, and must never be locked out.</para>
/// </summary>
public sealed class HubConnections(ClientLimits limits, ILogger<HubConnections> log)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _byCredential = new(StringComparer.Ordinal);
    private long _opened;

    /// <summary>Records a connection that has just opened; closes the oldest of its credential's if there are now too many.</summary>
    public void Opened(HubCallerContext context)
    {
        if (Credential(context) is not { } credential)
        {
            // A projector joins with its link's token through the hub, not with a credential of its own.
            return;
        }
        var entry = new Entry(context, credential, context.UserIdentifier, Interlocked.Increment(ref _opened));
        List<Entry> excess;
        lock (_lock)
        {
            _byConnection[context.ConnectionId] = entry;
            if (!_byCredential.TryGetValue(credential, out var list))
            {
                _byCredential[credential] = list = [];
            }
            list.Add(entry);
            excess = list.Count > limits.HubConnectionsPerToken ? list.OrderBy(e => e.Order).Take(list.Count - limits.HubConnectionsPerToken).ToList() : [];
            foreach (var old in excess)
            {
                RemoveLocked(old);
            }
        }
        foreach (var old in excess)
        {
            log.LogInformation("Closed hub connection {ConnectionId} of {UserId}: its token opened more than {Limit}", old.Context.ConnectionId, old.UserId, limits.HubConnectionsPerToken);
            old.Context.Abort();
        }
    }

    public void Closed(string connectionId)
    {
        lock (_lock)
        {
            if (_byConnection.TryGetValue(connectionId, out var entry))
            {
                RemoveLocked(entry);
            }
        }
    }

    /// <summary>Closes every connection of the account on this node; returns how many.</summary>
    public int CloseAllOf(string userId)
    {
        List<Entry> closing;
        lock (_lock)
        {
            closing = _byConnection.Values.Where(e => e.UserId == userId).ToList();
            foreach (var entry in closing)
            {
                RemoveLocked(entry);
            }
        }
        foreach (var entry in closing)
        {
            entry.Context.Abort();
        }
        if (closing.Count > 0)
        {
            log.LogInformation("Closed {Count} hub connections of {UserId}: the account was signed out everywhere", closing.Count, userId);
        }
        return closing.Count;
    }

    /// <summary>How many connections the account holds on this node.</summary>
    public int CountOf(string userId)
    {
        lock (_lock)
        {
            return _byConnection.Values.Count(e => e.UserId == userId);
        }
    }

    private void RemoveLocked(Entry entry)
    {
        _byConnection.Remove(entry.Context.ConnectionId);
        if (_byCredential.TryGetValue(entry.Credential, out var list))
        {
            list.Remove(entry);
            if (list.Count == 0)
            {
                _byCredential.Remove(entry.Credential);
            }
        }
    }

    /// <summary>
    /// What the connection signed in with: its bearer token (only a hash of it is kept), or, for a browser signed in
    /// with a cookie, its account. Null for a connection without a sign-in.
    /// </summary>
    private static string? Credential(HubCallerContext context)
    {
        if (context.UserIdentifier is null)
        {
            return null;
        }
        var request = context.GetHttpContext()?.Request;
        var header = request?.Headers.Authorization.ToString();
        var token = header is { Length: > 7 } && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim()
            : request?.Query["access_token"].ToString();
        return string.IsNullOrEmpty(token)
            ? "account:" + context.UserIdentifier
            : "token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private sealed record Entry(HubCallerContext Context, string Credential, string? UserId, long Order);
}
