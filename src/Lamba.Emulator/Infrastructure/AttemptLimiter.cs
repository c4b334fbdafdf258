using System.Collections.Concurrent;

namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// A fixed-window counter per key (client IP + login or target), for the sign-in starts.
/// The limit is generous by default and configurable so tests can hit it.
/// </summary>
public sealed class AttemptLimiter(EmulatorOptions options, EmulatorClock clock)
{
    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);

    /// <summary>Counts one attempt; false (with the wait) once the key has used up its window.</summary>
    public bool TryAcquire(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        var window = windows.GetOrAdd(key, _ => new Window());
        lock (window)
        {
            if (now >= window.Start + options.AuthAttemptWindow)
            {
                window.Start = now;
                window.Count = 0;
            }

            window.Count++;
            retryAfter = window.Start + options.AuthAttemptWindow - now;
            return window.Count <= options.AuthAttemptLimit;
        }
    }

    public void Clear() => windows.Clear();

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; } = DateTimeOffset.MinValue;

        public int Count { get; set; }
    }
}
