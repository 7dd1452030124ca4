using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Tracking;

/// <summary>Settings of the public forms (configuration section <c>PublicForms</c>).</summary>
public sealed class PublicFormOptions
{
    public const string Section = "PublicForms";

    /// <summary>Opinions one client may submit within an hour.</summary>
    public int OpinionsPerHour { get; set; } = 5;
}

/// <summary>
/// How many opinions one client may submit per hour, partitioned by remote address (an IPv6 client by its /64, which
/// one household usually holds whole). The page asks for a permit only for a submission it is about to store: a
/// resident who mistypes the sum or leaves a field empty does not use up the allowance, and a refused resident still
/// sees the form with their text in it. Behind a reverse proxy, enable forwarded headers so the address is the
/// resident's, not the proxy's.
/// </summary>
public sealed class PublicOpinionLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public PublicOpinionLimiter(IOptions<PublicFormOptions> options)
    {
        var permits = Math.Max(1, options.Value.OpinionsPerHour);
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetSlidingWindowLimiter(client, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromHours(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one permit for the client; false, with roughly how long to wait, when the hour's allowance is spent.</summary>
    public bool TryAcquire(IPAddress? address, out TimeSpan? retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(ClientKey(address));
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
