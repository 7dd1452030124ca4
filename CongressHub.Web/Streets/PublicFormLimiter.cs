using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using CongressHub.Domain.Common;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Streets;

/// <summary>Settings of the public forms (configuration section <c>PublicForms</c>).</summary>
public sealed class PublicFormOptions : ISettings
{
    public static string Section => "PublicForms";

    /// <summary>Opinions one client may submit within an hour.</summary>
    public int OpinionsPerHour { get; set; } = 5;

    /// <summary>Comments on resolutions in their notice period one client may submit within an hour.</summary>
    public int CommentsPerHour { get; set; } = 5;

    /// <summary>Codes one client may ask for within an hour, to confirm the address it is told at when its opinion is answered.</summary>
    public int CodesPerHour { get; set; } = 5;

    /// <summary>Supports (附议) of council topics one client may give within an hour.</summary>
    public int SupportsPerHour { get; set; } = 20;

    public string? Problem() =>
        SupportsPerHour < 1 ? Wrong(nameof(SupportsPerHour), SupportsPerHour)
        : OpinionsPerHour < 1 ? Wrong(nameof(OpinionsPerHour), OpinionsPerHour)
        : CommentsPerHour < 1 ? Wrong(nameof(CommentsPerHour), CommentsPerHour)
        : CodesPerHour < 1 ? Wrong(nameof(CodesPerHour), CodesPerHour)
        : null;

    private static string Wrong(string name, int value) =>
        Settings.Wrong($"{Section}:{name}", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "a whole number of at least 1");
}

/// <summary>The public forms that store what a resident sends without an account.</summary>
public enum PublicForm
{
    Opinion,
    Comment,

    /// <summary>Not a form of its own: the opinion form's request for a code sent to the resident's phone or e-mail.</summary>
    ContactCode,

    /// <summary>A council topic proposed on a community's public page (the opinions' allowance).</summary>
    Topic,

    /// <summary>A support (附议) of a council topic.</summary>
    Support,
}

/// <summary>
/// How many submissions of a public form one client may make per hour, partitioned by form and remote address (an
/// IPv6 client by its /64, which one household usually holds whole). A page asks for a permit only for a submission
/// it is about to store: a resident who mistypes the sum or leaves a field empty does not use up the allowance, and a
/// refused resident still sees the form with their text in it. Behind a reverse proxy, name it in
/// <c>Network:KnownProxies</c> so that the address is the resident's, not the proxy's.
/// </summary>
public sealed class PublicFormLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(PublicForm Form, string Client)> _limiter;

    public PublicFormLimiter(IOptions<PublicFormOptions> options)
    {
        var opinions = options.Value.OpinionsPerHour;
        var comments = options.Value.CommentsPerHour;
        var codes = options.Value.CodesPerHour;
        var supports = options.Value.SupportsPerHour;
        _limiter = PartitionedRateLimiter.Create<(PublicForm Form, string Client), (PublicForm, string)>(key => RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = k.Item1 switch { PublicForm.Comment => comments, PublicForm.ContactCode => codes, PublicForm.Support => supports, _ => opinions },
            Window = TimeSpan.FromHours(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one permit of the form for the client; false, with roughly how long to wait, when the hour's allowance is spent.</summary>
    public bool TryAcquire(PublicForm form, IPAddress? address, out TimeSpan? retryAfter)
    {
        using var lease = _limiter.AttemptAcquire((form, ClientKey(address)));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }

    public void Dispose() => _limiter.Dispose();
}
