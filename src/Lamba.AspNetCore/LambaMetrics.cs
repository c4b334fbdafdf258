using System.Diagnostics.Metrics;

namespace Lamba.AspNetCore;

/// <summary>
/// The library's own counters (meter "Lamba.AspNetCore"): what an operator of N instances needs to see that they behave
/// as one. Exported by the app's OpenTelemetry setup (LambaPages: Hosting/Telemetry.cs).
/// </summary>
public sealed class LambaMetrics
{
    public const string MeterName = "Lamba.AspNetCore";

    private readonly Counter<long> upstreamRefreshes;
    private readonly Counter<long> singleFlightJoins;
    private readonly Counter<long> permissionCacheHits;
    private readonly Counter<long> permissionCacheMisses;
    private readonly Counter<long> rateLimitRejections;
    private readonly Counter<long> sessionsEndedByRefusedRefresh;

    public LambaMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        upstreamRefreshes = meter.CreateCounter<long>("lamba.session.refreshes", description: "Refresh calls sent to Lamba.");
        singleFlightJoins = meter.CreateCounter<long>("lamba.session.refresh_joins",
            description: "Refreshes answered by a refresh already running or just finished, on this instance or another.");
        permissionCacheHits = meter.CreateCounter<long>("lamba.permissions.cache_hits", description: "Permission lookups served from the cache.");
        permissionCacheMisses = meter.CreateCounter<long>("lamba.permissions.cache_misses",
            description: "Permission lookups that asked Lamba (GET /v1/me/authorization).");
        rateLimitRejections = meter.CreateCounter<long>("lamba.sign_in.rate_limited", description: "Sign-in attempts rejected before reaching Lamba.");
        sessionsEndedByRefusedRefresh = meter.CreateCounter<long>("lamba.session.ended_by_refused_refresh",
            description: "Sessions signed out locally because Lamba refused their refresh.");
    }

    public void UpstreamRefresh() => upstreamRefreshes.Add(1);

    /// <param name="scope">"local" (same instance) or "cluster" (adopted from another instance through Redis).</param>
    public void SingleFlightJoin(string scope) => singleFlightJoins.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void PermissionCacheHit() => permissionCacheHits.Add(1);

    public void PermissionCacheMiss() => permissionCacheMisses.Add(1);

    public void RateLimitRejection(string form) => rateLimitRejections.Add(1, new KeyValuePair<string, object?>("form", form));

    public void SessionEndedByRefusedRefresh() => sessionsEndedByRefusedRefresh.Add(1);
}
