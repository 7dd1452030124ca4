using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using Microsoft.AspNetCore.SignalR;

namespace CongressHub.Web.Realtime;

/// <summary>What the server sends to screens that are not Blazor pages (devices, projectors, the benchmark).</summary>
public interface ISessionClient
{
    Task SessionChanged(SessionSnapshot snapshot);

    /// <summary>The session's active vote: counts while ballots come in (at most about ten a second), the result at once on close.</summary>
    Task VoteChanged(VoteSnapshot vote);
}

/// <summary>A vote as the hub sends it, stamped with the sequence of the session state it was read from.</summary>
public sealed record VoteSnapshot(long Sequence, int SessionId, VoteView Vote);

/// <summary>
/// <c>/hubs/congress</c>: a signed-in member of the session's street (bearer token) joins with <c>JoinSession</c>,
/// a projector with <c>JoinProjector(token)</c>; both get the current snapshot back and every change after it.
/// </summary>
public sealed class SessionHub(SessionService sessions, SnapshotBuilder snapshots, SessionFeeds feeds, HubConnections connections, ILogger<SessionHub> log) : Hub<ISessionClient>
{
    public override Task OnConnectedAsync()
    {
        connections.Opened(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<SessionSnapshot> JoinSession(int sessionId)
    {
        var actor = Actor.FromPrincipal(Context.User) ?? throw new HubException("Sign in first: send a bearer token as access_token.");
        using var scope = log.BeginSessionScope(actor.StreetId, sessionId);
        try
        {
            // Joined in the session's turn, after the state is read with the caller's rights: no later state is missed.
            var snapshot = await feeds.ReadAsync(sessionId, ct => snapshots.ReadAsync(actor, sessionId, ct),
                () => Groups.AddToGroupAsync(Context.ConnectionId, SessionFeeds.GroupOf(sessionId), Context.ConnectionAborted), Context.ConnectionAborted);
            log.LogDebug("A hub client of {UserId} joined session {SessionId}", actor.UserId, sessionId);
            return snapshot;
        }
        catch (DomainException ex)
        {
            log.LogInformation("A hub client of {UserId} may not join session {SessionId}: {Reason}", actor.UserId, sessionId, ex.Message);
            throw new HubException(ex.Message);
        }
    }

    public async Task<SessionSnapshot> JoinProjector(string token)
    {
        var sessionId = await sessions.FindByProjectorTokenAsync(token, Context.ConnectionAborted) ?? throw new HubException("Unknown or renewed projector link.");
        return await feeds.CurrentAsync(sessionId,
            () => Groups.AddToGroupAsync(Context.ConnectionId, SessionFeeds.GroupOf(sessionId), Context.ConnectionAborted), Context.ConnectionAborted)
            ?? throw new HubException("Unknown or renewed projector link.");
    }

    public Task LeaveSession(int sessionId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, SessionFeeds.GroupOf(sessionId));
}
