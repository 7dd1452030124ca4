using CongressHub.Domain.Common;

namespace CongressHub.Web.Realtime;

/// <summary>The screens that follow a whole street (motions, votes, sessions): each hears the street's events.</summary>
public sealed class StreetScreens(ILogger<StreetScreens> log)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, List<Subscription>> _subscribers = [];

    /// <summary>Calls <paramref name="onEvent"/> with every event of the street (motions, votes, sessions) until disposed.</summary>
    public IDisposable Subscribe(int streetId, Func<CongressEvent, Task> onEvent)
    {
        var subscription = new Subscription(this, streetId, onEvent);
        lock (_lock)
        {
            if (!_subscribers.TryGetValue(streetId, out var list))
            {
                _subscribers[streetId] = list = [];
            }
            list.Add(subscription);
        }
        return subscription;
    }

    public void Deliver(CongressEvent e)
    {
        Subscription[] targets;
        lock (_lock)
        {
            targets = _subscribers.TryGetValue(e.StreetId, out var list) ? [.. list] : [];
        }
        foreach (var target in targets)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await target.OnEvent(e);
                }
                catch (Exception ex)
                {
                    log.LogWarning(ex, "A screen of street {StreetId} failed to take an event", e.StreetId);
                }
            });
        }
    }

    /// <summary>Tells every followed street that the link between nodes is back (<see cref="LinkRestored"/>); returns how many streets.</summary>
    public int DeliverLinkRestored()
    {
        int[] streets;
        lock (_lock)
        {
            streets = [.. _subscribers.Keys];
        }
        foreach (var street in streets)
        {
            Deliver(new LinkRestored(street));
        }
        return streets.Length;
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            if (_subscribers.TryGetValue(subscription.StreetId, out var list))
            {
                list.Remove(subscription);
                if (list.Count == 0)
                {
                    _subscribers.Remove(subscription.StreetId);
                }
            }
        }
    }

    private sealed class Subscription(StreetScreens owner, int streetId, Func<CongressEvent, Task> onEvent) : IDisposable
    {
        public int StreetId => streetId;

        public Func<CongressEvent, Task> OnEvent => onEvent;

        public void Dispose() => owner.Remove(this);
    }
}

/// <summary>
/// Raised on this node only, to street screens, when the link between nodes comes back after an outage: events of
/// other nodes may have been missed, so a screen that follows the street re-reads what it shows.
/// </summary>
public sealed record LinkRestored(int StreetId) : CongressEvent(StreetId);
