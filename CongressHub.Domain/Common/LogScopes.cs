using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Common;

/// <summary>Log scopes that put the street and the session beside every line written while one is handled.</summary>
public static class LogScopes
{
    public static IDisposable? BeginSessionScope(this ILogger log, int? streetId, int sessionId) =>
        log.BeginScope(new Dictionary<string, object?> { ["StreetId"] = streetId, ["SessionId"] = sessionId });

    public static IDisposable? BeginStreetScope(this ILogger log, int? streetId) =>
        log.BeginScope(new Dictionary<string, object?> { ["StreetId"] = streetId });
}
