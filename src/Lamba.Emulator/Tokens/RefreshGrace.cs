using System.Collections.Concurrent;

namespace Lamba.Emulator.Tokens;

/// <summary>
/// Only with <c>RefreshReuseGraceSeconds</c> &gt; 0: remembers, in memory and briefly, the child token a rotation
/// issued, so a late duplicate of the parent can be answered with the same current pair. The database keeps
/// hashes only, so the plain child has to live here.
/// </summary>
public sealed class RefreshGrace(EmulatorOptions options)
{
    private readonly ConcurrentDictionary<string, Entry> children = new(StringComparer.Ordinal);

    public void Remember(string parentId, string childId, string childToken)
    {
        if (options.RefreshReuseGraceSeconds <= 0)
        {
            return;
        }

        var cutoff = DateTimeOffset.UtcNow.AddSeconds(-options.RefreshReuseGraceSeconds);
        foreach (var stale in children.Where(pair => pair.Value.RememberedAt < cutoff))
        {
            children.TryRemove(stale.Key, out _);
        }

        children[parentId] = new Entry(childId, childToken, DateTimeOffset.UtcNow);
    }

    public bool TryGetChild(string parentId, out string childId, out string childToken)
    {
        var found = children.TryGetValue(parentId, out var entry);
        childId = entry?.ChildId ?? "";
        childToken = entry?.ChildToken ?? "";
        return found;
    }

    public void Clear() => children.Clear();

    private sealed record Entry(string ChildId, string ChildToken, DateTimeOffset RememberedAt);
}
