namespace CongressHub.Web.Hosting;

/// <summary>
/// What one client may hold or ask of this installation (configuration section <c>Limits</c>), so that one hostile
/// client cannot take the server's memory or time from everyone else.
/// </summary>
public sealed class ClientLimits
{
    public const string Section = "Limits";

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
    public static ClientLimits Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var limits = new ClientLimits
        {
            PublicRequestsPerMinute = ReadInt(section, nameof(PublicRequestsPerMinute), 300, min: 0),
            HubConnectionsPerToken = ReadInt(section, nameof(HubConnectionsPerToken), 5, min: 1),
            CircuitsPerUser = ReadInt(section, nameof(CircuitsPerUser), 10, min: 1),
        };
        return limits;
    }

    private static int ReadInt(IConfigurationSection section, string name, int fallback, int min)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new InvalidOperationException($"{Section}:{name} is '{text}': set it to a whole number of at least {min}.");
        }
        return value;
    }
}
