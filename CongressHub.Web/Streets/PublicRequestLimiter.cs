using System.Globalization;
using System.Threading.RateLimiting;
using CongressHub.Web.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using StackExchange.Redis;

namespace CongressHub.Web.Streets;

/// <summary>
/// How many requests one client address may send to the residents' public site (<c>/s/…</c>, the sitemaps) per minute:
/// <see cref="ClientLimits.PublicRequestsPerMinute"/>, partitioned like the public forms' limit (an IPv6 client by its
/// /64). One node counts in a token bucket per address (bursts up to the minute's allowance, refilled evenly). With
/// Redis (several nodes behind a balancer, each seeing part of a client's requests) the nodes count together in a
/// one-minute window per address in Redis that opens with the address's first request (<c>INCR</c>, the key expiring
/// with the window); when Redis does not answer,
/// each node falls back to its own bucket rather than refusing or waiting. Past the allowance: 429 with Retry-After.
/// </summary>
public sealed class PublicRequestLimiter : PartitionedRateLimiter<HttpContext>
{
    /// <summary>
    /// Counts one request in the client's window, which opens with its first request and lasts a minute; returns the
    /// count and the milliseconds left in the window.
    /// </summary>
    private static readonly LuaScript CountScript = LuaScript.Prepare(
        "local n = redis.call('INCR', @key) if n == 1 then redis.call('PEXPIRE', @key, @window) end return { n, redis.call('PTTL', @key) }");

    private static readonly TimeSpan RedisWait = TimeSpan.FromMilliseconds(500);

    private readonly int _perMinute;
    private readonly PartitionedRateLimiter<HttpContext> _local;
    private readonly IConnectionMultiplexer? _redis;
    private readonly ILogger<PublicRequestLimiter> _log;

    public PublicRequestLimiter(ClientLimits limits, IConnectionMultiplexer? redis, ILogger<PublicRequestLimiter> log)
    {
        _perMinute = limits.PublicRequestsPerMinute;
        _redis = redis;
        _log = log;
        var perPeriod = Math.Max(1, _perMinute / 60);
        _local = PartitionedRateLimiter.Create<HttpContext, string>(ctx => RateLimitPartition.GetTokenBucketLimiter(ClientKey(ctx), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, _perMinute),
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * perPeriod / Math.Max(1, _perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>The residents' public site: every request the limit counts.</summary>
    public static bool IsPublicSite(HttpRequest request) =>
        request.Path.StartsWithSegments("/s") || PublicEndpoints.IsSitemap(request.Path);

    public static string ClientKey(HttpContext ctx) => PublicFormLimiter.ClientKey(ctx.Connection.RemoteIpAddress);

    /// <summary>Registers the limit as the app's global rate limiter, with its 429 answer.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton(sp => new PublicRequestLimiter(sp.GetRequiredService<ClientLimits>(), sp.GetService<IConnectionMultiplexer>(),
            sp.GetRequiredService<ILogger<PublicRequestLimiter>>()));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<PublicRequestLimiter>((o, limiter) =>
        {
            o.GlobalLimiter = limiter;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
        });
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (_perMinute == 0 || !IsPublicSite(resource.Request))
        {
            return Lease.Granted;
        }
        // With Redis the count is asked for asynchronously: not acquired here sends the middleware to AcquireAsync.
        return _redis is { IsConnected: true } ? Lease.AskRedis : _local.AttemptAcquire(resource, permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (_perMinute == 0 || !IsPublicSite(resource.Request))
        {
            return Lease.Granted;
        }
        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                return await CountInRedisAsync(redis, ClientKey(resource), cancellationToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _log.LogWarning(ex, "The shared count of public requests did not answer; this node counts alone");
            }
        }
        // Never queued: a client past its allowance is told at once.
        return _local.AttemptAcquire(resource, permitCount);
    }

    private async Task<RateLimitLease> CountInRedisAsync(IConnectionMultiplexer redis, string client, CancellationToken ct)
    {
        var key = (RedisKey)("congresshub:limit:public:" + client);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(CountScript, new { key, window = 60_000 }).WaitAsync(RedisWait, ct))!;
        var (count, left) = ((long)result[0], (long)result[1]);
        return count <= _perMinute ? Lease.Granted : new Lease(false, TimeSpan.FromMilliseconds(Math.Max(1000, left)));
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["Limits.TooManyRequests", seconds].Value;
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(text, ct);
            return;
        }
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: text).ExecuteAsync(http);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter = null) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);

        public static readonly Lease AskRedis = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
