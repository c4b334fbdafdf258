using System.Collections.Concurrent;

namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// Fixed-window counters per key (client + login, phone number, account...), for sign-in starts, code sends and
/// step-up checks. Memory is bounded: expired windows are swept as keys are added, and past
/// <see cref="EmulatorOptions.AttemptLimiterMaxKeys"/> the oldest windows go first, so a flood of distinct keys cannot
/// grow it without end.
/// </summary>
public sealed class AttemptLimiter(EmulatorOptions options, EmulatorClock clock)
{
    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);
    private readonly Lock sweeping = new();

    /// <summary>How many keys are held now (for the bound's test).</summary>
    public int TrackedKeys => windows.Count;

    /// <summary>Counts one attempt against the sign-in start limit (<see cref="EmulatorOptions.AuthAttemptLimit"/>).</summary>
    public bool TryAcquire(string key, out TimeSpan retryAfter) =>
        TryAcquire(key, options.AuthAttemptLimit, options.AuthAttemptWindow, out retryAfter);

    /// <summary>Counts one attempt; false (with the wait) once the key has used up <paramref name="limit"/> in its window.</summary>
    public bool TryAcquire(string key, int limit, TimeSpan window, out TimeSpan retryAfter) =>
        Update(key, window, count: true, out retryAfter) <= limit;

    /// <summary>True (with the wait) when <paramref name="limit"/> failures were already counted in the window; counts nothing.</summary>
    public bool IsExhausted(string key, int limit, TimeSpan window, out TimeSpan retryAfter) =>
        Update(key, window, count: false, out retryAfter) >= limit;

    /// <summary>Counts one failure, for budgets that only failures spend (see <see cref="IsExhausted"/>).</summary>
    public void CountFailure(string key, TimeSpan window) => Update(key, window, count: true, out _);

    public void Clear() => windows.Clear();

    private int Update(string key, TimeSpan length, bool count, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        if (!count && !windows.ContainsKey(key))
        {
            retryAfter = TimeSpan.Zero;
            return 0;
        }

        var added = false;
        var window = windows.GetOrAdd(key, _ =>
        {
            added = true;
            return new Window { Start = now, Length = length };
        });
        if (added && windows.Count > options.AttemptLimiterMaxKeys)
        {
            Sweep(now);
        }

        lock (window)
        {
            if (now >= window.Start + window.Length)
            {
                window.Start = now;
                window.Count = 0;
            }

            window.Length = length;
            if (count)
            {
                window.Count++;
            }

            retryAfter = window.Start + window.Length - now;
            return window.Count;
        }
    }

    /// <summary>Drops expired windows; if that is not enough, the oldest ones until the bound holds again.</summary>
    private void Sweep(DateTimeOffset now)
    {
        lock (sweeping)
        {
            foreach (var (key, window) in windows)
            {
                if (now >= window.Start + window.Length)
                {
                    windows.TryRemove(key, out _);
                }
            }

            var excess = windows.Count - options.AttemptLimiterMaxKeys;
            if (excess > 0)
            {
                foreach (var (key, _) in windows.OrderBy(w => w.Value.Start).Take(excess).ToList())
                {
                    windows.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public TimeSpan Length { get; set; }

        public int Count { get; set; }
    }
}
