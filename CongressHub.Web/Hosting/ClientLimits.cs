using CongressHub.Domain.Common;

namespace CongressHub.Web.Hosting;

/// <summary>
/// What one client may hold or ask of this installation (configuration section <c>Limits</c>), so that one hostile
/// client cannot take the server's memory or time from everyone else.
/// </summary>
public sealed class ClientLimits : ISettings
{
    public static string Section => "Limits";

    /// <summary>
    /// Requests to the residents' public pages (<c>/s/…</c>, feeds, the sitemap) one address may make per minute, with
    /// bursts up to as many; 0 turns the limit off. Sized for many residents behind one carrier address (a mobile
    /// carrier's NAT puts a whole district behind a few addresses): a reader opens a page every few seconds at most.
    /// </summary>
    public int PublicRequestsPerMinute { get; set; } = 300;

    /// <summary>Hub connections one device token (or one signed-in browser) may hold; past it, its oldest is closed.</summary>
    public int HubConnectionsPerToken { get; set; } = 5;

    /// <summary>Open pages (Blazor circuits) one account may hold on a node; past it, a closed tab's goes first, then the oldest.</summary>
    public int CircuitsPerUser { get; set; } = 10;

    /// <summary>Reads the section, refusing a value that makes no sense with a message naming the setting.</summary>
    public static ClientLimits Read(IConfiguration configuration) => Settings.Read<ClientLimits>(configuration);

    public string? Problem() =>
        PublicRequestsPerMinute < 0 ? Wrong(nameof(PublicRequestsPerMinute), PublicRequestsPerMinute, 0)
        : HubConnectionsPerToken < 1 ? Wrong(nameof(HubConnectionsPerToken), HubConnectionsPerToken, 1)
        : CircuitsPerUser < 1 ? Wrong(nameof(CircuitsPerUser), CircuitsPerUser, 1)
        : null;

    private static string Wrong(string name, int value, int min) =>
        Settings.Wrong($"{Section}:{name}", value.ToString(System.Globalization.CultureInfo.InvariantCulture), $"a whole number of at least {min}");
}
