using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CongressHub.Web.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers (a load balancer restarts a node that does not).
/// <c>/health/ready</c>: the database answers, and Redis is connected when the node uses it (a load balancer sends
/// no new sessions to a node that is not ready).
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static void AddCongressHealthChecks(this IServiceCollection services, bool redis)
    {
        var checks = services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Ready]);
        if (redis)
        {
            checks.AddCheck<RedisHealthCheck>("redis", tags: [Ready]);
        }
    }

    public static void MapCongressHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).ExcludeFromDescription();
    }
}

internal sealed class DatabaseHealthCheck(IDbContextFactory<CongressDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Not connected to Redis: other nodes' changes do not reach this node.");
        }
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", ex);
        }
    }
}
