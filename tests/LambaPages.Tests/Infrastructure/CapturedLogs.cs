using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LambaPages.Tests.Infrastructure;

/// <summary>
/// Every log line the portal writes, at every level, with its scopes, structured values and exception text,
/// so a test can prove that nothing secret reaches a log sink.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => lines.ToArray();

    /// <summary>Forgets what was logged so far: a host shared by a test class starts each test with no lines.</summary>
    public void Clear() => lines.Clear();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            owner.scopes.ForEachScope((scope, builder) => builder.Append(" => ").Append(Describe(scope)), line);
            if (exception is not null)
            {
                line.Append(" !! ").Append(exception);
            }

            owner.lines.Enqueue(line.ToString());
        }

        private static string Describe(object? scope) => scope is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) + " " + scope
            : scope?.ToString() ?? "";
    }
}
