using System.Collections.Frozen;
using System.Text.Json;
using CongressHub.Domain.Common;
using StackExchange.Redis;

namespace CongressHub.Web.Realtime;

/// <summary>
/// The events of every node, for every node (<c>Realtime:Redis</c>). A committed change is raised on this node's
/// notifier at once and published to one Redis channel; every node subscribes to that channel (one subscription per
/// node, not a shared queue) and re-raises what the others published on its own notifier, so that circuits on every
/// node follow. Events travel as their type's name and their JSON: a new event type needs no change here.
/// When the connection to Redis comes back after an outage, this node re-sends every state its screens show
/// (<see cref="CongressNotifier.Resynchronize"/>), since events may have been lost meanwhile.
/// </summary>
public sealed class RedisEventRelay : ICongressEvents, IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("congresshub:events");

    private static readonly FrozenDictionary<string, Type> EventTypes = typeof(CongressEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(CongressEvent)) && !t.IsAbstract)
        .ToFrozenDictionary(t => t.FullName!);

    private readonly CongressNotifier _notifier;
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisEventRelay> _log;
    private readonly string _node = Guid.NewGuid().ToString("N");
    private volatile string? _awaitedEcho;

    public RedisEventRelay(CongressNotifier notifier, IConnectionMultiplexer redis, ILogger<RedisEventRelay> log)
    {
        _notifier = notifier;
        _redis = redis;
        _log = log;
    }

    public void Publish(CongressEvent e)
    {
        _notifier.Publish(e);
        try
        {
            // Fire and forget: while Redis is away the client keeps it in its backlog, and the re-send on reconnect
            // covers whatever is lost.
            _redis.GetSubscriber().Publish(Channel, Serialize(_node, e), CommandFlags.FireAndForget);
        }
        catch (Exception ex)
        {
            using var scope = _log.BeginStreetScope(e.StreetId);
            _log.LogWarning(ex, "Could not relay {Event} to the other nodes", e.GetType().Name);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _redis.ConnectionFailed += (_, args) =>
            _log.LogWarning(args.Exception, "Lost the connection to Redis ({ConnectionType}): other nodes' changes wait until it is back", args.ConnectionType);
        _redis.ConnectionRestored += (_, args) =>
        {
            if (args.ConnectionType == ConnectionType.Subscription)
            {
                // Re-send only once this node hears itself on the channel again: then the subscriptions are back.
                _awaitedEcho = Guid.NewGuid().ToString("N");
                _redis.GetSubscriber().Publish(Channel, "echo:" + _awaitedEcho, CommandFlags.FireAndForget);
            }
        };
        await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message));
    }

    public Task StopAsync(CancellationToken cancellationToken) => _redis.GetSubscriber().UnsubscribeAsync(Channel);

    private void Receive(RedisValue message)
    {
        var text = (string?)message;
        if (text is null)
        {
            return;
        }
        if (text.StartsWith("echo:", StringComparison.Ordinal))
        {
            if (text[5..] == _awaitedEcho)
            {
                _awaitedEcho = null;
                _log.LogInformation("The connection to Redis is back: re-sending what this node's screens show");
                _notifier.Resynchronize();
            }
            return;
        }
        try
        {
            var (node, e) = Deserialize(text);
            if (node == _node)
            {
                return;
            }
            if (e is null)
            {
                _log.LogWarning("An event from another node has a type this node does not know: {Message}", text);
                return;
            }
            _notifier.PublishFromOtherNode(e);
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "An event from another node could not be read: {Message}", text);
        }
    }

    /// <summary>The message for one event: the sending node, the event's type name and its fields.</summary>
    public static string Serialize(string node, CongressEvent e) =>
        JsonSerializer.Serialize(new Envelope(node, e.GetType().FullName!, JsonSerializer.SerializeToElement(e, e.GetType())));

    /// <summary>The sending node and the event; the event is null when its type is unknown here.</summary>
    public static (string Node, CongressEvent? Event) Deserialize(string message)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(message) ?? throw new JsonException("An empty message.");
        return (envelope.Node, EventTypes.TryGetValue(envelope.Type, out var type) ? (CongressEvent?)envelope.Event.Deserialize(type) : null);
    }

    private sealed record Envelope(string Node, string Type, JsonElement Event);
}
