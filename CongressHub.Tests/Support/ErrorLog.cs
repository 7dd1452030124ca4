using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace CongressHub.Tests.Support;

/// <summary>
/// What went wrong while a browser test ran: every entry the app logged at Error or above, and every error the browser
/// console showed or a page threw. Browser tests fail on any entry they did not expect (<see cref="BrowserTest"/>).
/// </summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public void Add(string entry) => _entries.Enqueue(entry);

    /// <summary>Takes every entry recorded so far.</summary>
    public IReadOnlyList<string> Drain()
    {
        var list = new List<string>();
        while (_entries.TryDequeue(out var e))
        {
            list.Add(e);
        }
        return list;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"app {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " — " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}

/// <summary>
/// A browser test: fails when the app logged an error, or the browser showed one, that the test did not declare with
/// <see cref="ExpectError"/>.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    /// <summary>Where the app under test and its browsers record errors.</summary>
    protected abstract ErrorLog Errors { get; }

    private readonly List<Regex> _expected = [];

    /// <summary>An error this test provokes on purpose (a pattern matched against the recorded entry).</summary>
    protected void ExpectError(string pattern) => _expected.Add(new Regex(pattern));

    public ValueTask InitializeAsync()
    {
        Errors.Drain();
        return ValueTask.CompletedTask;
    }

    /// <summary>Collects what else the test's app recorded (a child process's log) before the check.</summary>
    protected virtual void CollectErrors()
    {
    }

    public ValueTask DisposeAsync()
    {
        CollectErrors();
        var unexpected = Errors.Drain().Where(e => !_expected.Any(p => p.IsMatch(e))).ToList();
        Assert.True(unexpected.Count == 0, "Errors during the test:\n" + string.Join("\n", unexpected));
        return ValueTask.CompletedTask;
    }
}
