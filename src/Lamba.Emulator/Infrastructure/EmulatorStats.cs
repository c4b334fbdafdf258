using System.Collections.Concurrent;

namespace Lamba.Emulator.Infrastructure;

/// <summary>Counters behind <c>GET /_emulator/stats</c>: calls per route and the token events tests care about.</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<string, long> calls = new(StringComparer.Ordinal);
    private long refreshes;
    private long reuseDetections;
    private long revocations;

    public void CountCall(string route) => calls.AddOrUpdate(route, 1, (_, count) => count + 1);

    public void CountRefresh() => Interlocked.Increment(ref refreshes);

    public void CountReuseDetection() => Interlocked.Increment(ref reuseDetections);

    public void CountRevocations(long count) => Interlocked.Add(ref revocations, count);

    public StatsSnapshot Snapshot() => new(
        new SortedDictionary<string, long>(calls, StringComparer.Ordinal),
        Interlocked.Read(ref refreshes),
        Interlocked.Read(ref reuseDetections),
        Interlocked.Read(ref revocations));

    public void Reset()
    {
        calls.Clear();
        Interlocked.Exchange(ref refreshes, 0);
        Interlocked.Exchange(ref reuseDetections, 0);
        Interlocked.Exchange(ref revocations, 0);
    }
}

public sealed record StatsSnapshot(IReadOnlyDictionary<string, long> Calls, long Refreshes, long ReuseDetections, long Revocations);

/// <summary>Counts each call under its route pattern ("POST /v1/auth/refresh"); control routes are not counted.</summary>
public sealed class StatsCounter(RequestDelegate next, EmulatorStats stats)
{
    public Task InvokeAsync(HttpContext httpContext)
    {
        if (!httpContext.Request.Path.StartsWithSegments(ControlPaths.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            stats.CountCall(httpContext.Request.Method + " " + RouteKey.Of(httpContext));
        }

        return next(httpContext);
    }
}

public static class ControlPaths
{
    public const string Prefix = "/_emulator";
}

public static class RouteKey
{
    /// <summary>The matched route pattern, or the raw path when no route matched.</summary>
    public static string Of(HttpContext httpContext) =>
        httpContext.GetEndpoint() is RouteEndpoint endpoint && endpoint.RoutePattern.RawText is { } pattern
            ? "/" + pattern.TrimStart('/')
            : httpContext.Request.Path.Value ?? "/";
}
