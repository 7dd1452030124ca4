using System.Globalization;
using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Web.Accounts;
using Microsoft.AspNetCore.OutputCaching;

namespace CongressHub.Web.Realtime;

/// <summary>
/// Where committed changes reach this node's screens: each event goes to the remembered security stamps, the
/// residents' pages kept in memory, the watched sessions' send loops (<see cref="SessionFeeds"/>) and the screens
/// that follow a street (<see cref="StreetScreens"/>). An account signed out everywhere loses its open pages
/// (<see cref="UserCircuits"/>) and hub connections (<see cref="HubConnections"/>) on this node.
/// <para>With several nodes, each node's notifier also takes the events committed on the other nodes
/// (<see cref="PublishFromOtherNode"/>) and updates its own screens.</para>
/// </summary>
public sealed class CongressNotifier(
    SecurityStampCache stamps,
    IOutputCacheStore pages,
    SessionFeeds sessions,
    StreetScreens streets,
    UserCircuits circuits,
    HubConnections connections,
    ILogger<CongressNotifier> log) : ICongressEvents
{
    public static readonly TimeSpan Window = SessionFeeds.Window;

    public static string GroupOf(int sessionId) => SessionFeeds.GroupOf(sessionId);

    /// <summary>An event committed on this node.</summary>
    public void Publish(CongressEvent e) => Raise(e, local: true);

    /// <summary>An event committed on another node and relayed here: this node's screens follow it.</summary>
    public void PublishFromOtherNode(CongressEvent e) => Raise(e, local: false);

    /// <summary>
    /// After the link between nodes was down, events may have been missed: every screen of this node re-reads. Each
    /// watched session's newest state goes to its circuits and hub group, every account's remembered security stamp is
    /// forgotten, residents' pages kept in memory are rendered afresh, and street screens get <see cref="LinkRestored"/>.
    /// </summary>
    public void Resynchronize()
    {
        stamps.ForgetAll();
        _ = pages.EvictByTagAsync(Streets.PublicPageCache.Tag, CancellationToken.None).AsTask();
        var streetCount = streets.DeliverLinkRestored();
        var sessionCount = sessions.ResendAll();
        log.LogInformation("Re-sent the state of {Sessions} sessions and {Streets} streets after the link between nodes came back", sessionCount, streetCount);
    }

    /// <inheritdoc cref="StreetScreens.Subscribe"/>
    public IDisposable SubscribeStreet(int streetId, Func<CongressEvent, Task> onEvent) => streets.Subscribe(streetId, InSubscribersCulture(onEvent));

    /// <inheritdoc cref="SessionFeeds.Subscribe"/>
    public IDisposable Subscribe(int sessionId, Func<SessionSnapshot, Task> onChange) => sessions.Subscribe(sessionId, InSubscribersCulture(onChange));

    /// <inheritdoc cref="SessionFeeds.CurrentAsync"/>
    public Task<SessionSnapshot?> CurrentAsync(int sessionId, Func<Task>? join = null, CancellationToken ct = default) =>
        sessions.CurrentAsync(sessionId, join, ct);

    /// <inheritdoc cref="SessionFeeds.ReadAsync"/>
    public Task<SessionSnapshot> ReadAsync(int sessionId, Func<CancellationToken, Task<SessionSnapshot>> read, Func<Task>? join = null, CancellationToken ct = default) =>
        sessions.ReadAsync(sessionId, read, join, ct);

    public int SubscriberCount(int sessionId) => sessions.SubscriberCount(sessionId);

    /// <summary>
    /// A change is delivered on the thread of whoever made it: the convener's, in the convener's language. Each
    /// subscriber hears it in the language it subscribed in (its circuit's), so an English phone renders English
    /// whoever moved the session on. The culture is set inside an async method, so the deliverer's own is untouched.
    /// </summary>
    private static Func<T, Task> InSubscribersCulture<T>(Func<T, Task> handler)
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        return async value =>
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
            await handler(value);
        };
    }

    private void Raise(CongressEvent e, bool local)
    {
        if (e is AccountSignedOut signedOut)
        {
            stamps.Forget(signedOut.UserId);
            circuits.SignOut(signedOut.UserId);
            connections.CloseAllOf(signedOut.UserId);
            return;
        }
        if (e is not VoteChanged { Final: false })
        {
            // Residents' pages kept in memory are rendered again with the change (counts while voting never show there).
            _ = pages.EvictByTagAsync(Streets.PublicPageCache.Tag, CancellationToken.None).AsTask();
        }
        sessions.Raise(e, local);
        // Street screens hear the event once the session's live states have it in turn.
        streets.Deliver(e);
    }
}
