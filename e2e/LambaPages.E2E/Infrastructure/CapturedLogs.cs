using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LambaPages.E2E.Infrastructure;

/// <summary>Keeps the portal's log lines in memory so a failed journey can print what the server saw.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Returns and forgets everything logged so far.</summary>
    public IReadOnlyList<string> Drain()
    {
        var drained = new List<string>();
        while (lines.TryDequeue(out var line))
        {
            drained.Add(line);
        }

        return drained;
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}";
            owner.lines.Enqueue(exception is null ? line : $"{line}{Environment.NewLine}{exception}");

            // Bounded: a long run must not grow without limit when nobody drains.
            while (owner.lines.Count > 2000 && owner.lines.TryDequeue(out _))
            {
            }
        }
    }
}
