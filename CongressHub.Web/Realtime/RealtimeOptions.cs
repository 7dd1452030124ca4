using CongressHub.Domain.Common;
using StackExchange.Redis;

namespace CongressHub.Web.Realtime;

/// <summary><c>Realtime:Redis</c>: the Redis that joins several nodes (the hub's backplane and the relay of changes); empty for one node.</summary>
public sealed class RealtimeOptions : ISettings
{
    public const string RedisSetting = "Realtime:Redis";

    public static string Section => "Realtime";

    public string? Redis { get; set; }

    public bool SeveralNodes => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>The connection options, parsed once checked.</summary>
    public ConfigurationOptions RedisConfiguration() => ConfigurationOptions.Parse(Redis!);

    public string? Problem()
    {
        if (!SeveralNodes)
        {
            return null;
        }
        try
        {
            return RedisConfiguration().EndPoints.Count == 0
                ? Settings.Wrong(RedisSetting, Shown, "a Redis connection string with at least one host:port, such as redis:6379")
                : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return $"{Settings.Name(RedisSetting)} is '{Shown}', which is not a Redis connection string ({e.Message}): set it as host:port with options after commas, such as redis:6379,password=….";
        }
    }

    /// <summary>The value for a message, without a password it may hold.</summary>
    private string Shown => Redis!.Contains("password", StringComparison.OrdinalIgnoreCase) ? "… (not shown: it holds a password)" : Redis!;
}
