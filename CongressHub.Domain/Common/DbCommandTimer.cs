using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CongressHub.Domain.Common;

/// <summary>
/// Times every command EF Core sends, on SQLite and PostgreSQL alike (<see cref="CongressMetrics"/>). An interceptor
/// rather than a provider's meter: Microsoft.Data.Sqlite has none, and Npgsql's follows conventions still marked
/// experimental, so one histogram of our own reads the same on both engines.
/// </summary>
internal sealed class DbCommandTimer(CongressMetrics metrics) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        metrics.DbCommand(eventData.Duration, failed: false);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        metrics.DbCommand(eventData.Duration, failed: false);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        metrics.DbCommand(eventData.Duration, failed: false);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        metrics.DbCommand(eventData.Duration, failed: false);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        metrics.DbCommand(eventData.Duration, failed: false);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        metrics.DbCommand(eventData.Duration, failed: false);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        metrics.DbCommand(eventData.Duration, failed: true);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        metrics.DbCommand(eventData.Duration, failed: true);
        return Task.CompletedTask;
    }
}
