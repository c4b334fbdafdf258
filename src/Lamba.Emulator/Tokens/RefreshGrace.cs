using System.Collections.Concurrent;
using Lamba.Emulator.Infrastructure;

namespace Lamba.Emulator.Tokens;

/// <summary>
/// Only with <c>RefreshReuseGraceSeconds</c> &gt; 0: remembers, in memory and briefly, the child token a rotation
/// issued, so a late duplicate of the parent can be answered with the same current pair. The database keeps
/// hashes only, so the plain child has to live here. The window is measured on the emulator clock, like every
/// other expiry, so moving the clock past it ends the grace.
/// </summary>
public sealed class RefreshGrace(EmulatorOptions options, EmulatorClock clock)
{
    private readonly ConcurrentDictionary<string, Entry> children = new(StringComparer.Ordinal);

    private TimeSpan Window => TimeSpan.FromSeconds(options.RefreshReuseGraceSeconds);

    public void Remember(string parentId, string childId, string childToken)
    {
        if (options.RefreshReuseGraceSeconds <= 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var stale in children.Where(pair => !Within(pair.Value, now)))
        {
            children.TryRemove(stale.Key, out _);
        }

        children[parentId] = new Entry(childId, childToken, now);
    }

    /// <summary>The child a rotation of <paramref name="parentId"/> issued, while the grace window (emulator clock) lasts.</summary>
    public bool TryGetChild(string parentId, out string childId, out string childToken)
    {
        var found = children.TryGetValue(parentId, out var entry) && Within(entry, clock.GetUtcNow());
        childId = found ? entry!.ChildId : "";
        childToken = found ? entry!.ChildToken : "";
        return found;
    }

    public void Clear() => children.Clear();

    private bool Within(Entry entry, DateTimeOffset now) => now - entry.RememberedAt <= Window;

    private sealed record Entry(string ChildId, string ChildToken, DateTimeOffset RememberedAt);
}
