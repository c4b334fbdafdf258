using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lamba.AspNetCore.Session;
using Lamba.AspNetCore.SharedState;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Lamba.AspNetCore.Authorization;

/// <summary>How long a session's permissions may be reused ("PermissionCache" configuration section).</summary>
public sealed class PermissionCacheOptions
{
    /// <summary>The longest reuse the portal allows: a demoted admin loses access within this window plus one request.</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromSeconds(30);

    public TimeSpan Lifetime { get; set; } = MaximumLifetime;

    public TimeSpan EffectiveLifetime => Lifetime <= TimeSpan.Zero ? TimeSpan.Zero : Lifetime > MaximumLifetime ? MaximumLifetime : Lifetime;
}

/// <summary>
/// A session's permissions, kept for at most <see cref="PermissionCacheOptions.MaximumLifetime"/>. Other slices call
/// <see cref="Forget"/> whenever what the session may do can change: switch-context, refresh failure, logout.
/// </summary>
public interface IPermissionCache
{
    /// <summary>The cached permissions of <paramref name="session"/>, or the ones <paramref name="load"/> fetches (and then caches).</summary>
    Task<SessionAuthorization> GetOrLoadAsync(
        LambaSession session, Func<CancellationToken, Task<SessionAuthorization>> load, CancellationToken cancellationToken);

    /// <summary>Drops what is cached for this session, on every instance. Call it BEFORE the session's tokens are replaced or cleared.</summary>
    void Forget(LambaSession session);
}

/// <summary>
/// For code that learns from elsewhere that permissions changed (a webhook receiver: role updated, membership removed,
/// user suspended). Lamba's events name users and Projects, while the cache is keyed by the portal's sessions (the portal
/// never reads tokens, so it cannot tell which sessions are a given user's): the one operation drops them all.
/// </summary>
public interface IPermissionInvalidation
{
    /// <summary>
    /// Every session's cached permissions, on every instance, are gone when this returns; each active session asks
    /// Lamba once on its next request. Throws when the shared state cannot be reached (the caller should retry, as a
    /// webhook sender does on a 5xx).
    /// </summary>
    Task ForgetEverySessionAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Through <see cref="HybridCache"/>: in this process's memory on one instance; in the distributed cache (Redis) on
/// several, with the local level off, so that a removal on one instance holds on all of them at once. Keyed by a
/// generation (renewed by <see cref="ForgetEverySessionAsync"/>) and a SHA-256 of the session's refresh token (never the
/// token itself). A miss loads through the shared single flight: parallel first views on every instance make one call
/// to Lamba, and an expiry causes no stampede. A failed load caches nothing, so nothing stale is served in its place.
/// When the shared store cannot be reached, every lookup asks Lamba (uncached, still correct).
/// </summary>
public sealed class PermissionCache(
    HybridCache cache,
    IDistributedCache store,
    ISharedSingleFlight flights,
    IOptions<PermissionCacheOptions> options,
    LambaMetrics metrics,
    TimeProvider timeProvider,
    ILogger<PermissionCache> logger) : IPermissionCache, IPermissionInvalidation
{
    private const string KeyPrefix = "LambaPages.Permissions:";

    /// <summary>
    /// In every entry's key, since entries carry their fetch time: during a rolling deploy on a shared Redis, instances of
    /// the previous version never read an entry of this shape, nor these instances one of the old shape.
    /// </summary>
    private const string EntryShape = "fetched:";

    private const string GenerationKey = KeyPrefix + "generation";

    /// <summary>Long enough for the callers waiting on one load to pick up its answer; the cache holds it after that.</summary>
    private static readonly TimeSpan FlightRetention = TimeSpan.FromSeconds(2);

    private readonly bool shared = store is not MemoryDistributedCache;

    public async Task<SessionAuthorization> GetOrLoadAsync(
        LambaSession session, Func<CancellationToken, Task<SessionAuthorization>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(load);
        var lifetime = options.Value.EffectiveLifetime;
        if (Hash(session) is not { } hash || lifetime <= TimeSpan.Zero || await KeyAsync(hash, cancellationToken) is not { } key)
        {
            metrics.PermissionCacheMiss();
            return await load(cancellationToken);
        }

        // No cancellation token on purpose: with one, HybridCache runs the load on a pool thread without this request's
        // execution context, and the load needs it (the bearer comes from the request's session). The caller still stops
        // waiting when its request is aborted; the load finishes for the others.
        var loaded = false;
        async Task<CachedPermissions> GetOrCreateAsync() => await cache.GetOrCreateAsync(
            key,
            async token =>
            {
                loaded = true;
                return new CachedPermissions(await LoadOnceAsync(hash, load, token), timeProvider.GetUtcNow());
            },
            EntryOptions(lifetime),
            cancellationToken: CancellationToken.None).AsTask().WaitAsync(cancellationToken);

        var entry = await GetOrCreateAsync();
        if (!loaded && timeProvider.GetUtcNow() - entry.FetchedAt >= lifetime)
        {
            // HybridCache expires entries on the wall clock; the age is judged on the app's TimeProvider, so a test moves
            // a fake clock past the lifetime instead of sleeping. With the system clock both agree: same behaviour.
            await cache.RemoveAsync(key, CancellationToken.None);
            entry = await GetOrCreateAsync();
        }

        if (loaded)
        {
            metrics.PermissionCacheMiss();
        }
        else
        {
            metrics.PermissionCacheHit();
        }

        return entry.Authorization;
    }

    public void Forget(LambaSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Hash(session) is not { } hash)
        {
            return;
        }

        // Synchronous callers (the session changing its tokens); in memory this completes before it returns.
        var forgetting = ForgetAsync(hash);
        if (!forgetting.IsCompleted)
        {
            _ = forgetting.ContinueWith(
                t => logger.LogWarning("Could not drop a session's cached permissions ({ExceptionType})", t.Exception?.GetBaseException().GetType().Name),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    public async Task ForgetEverySessionAsync(CancellationToken cancellationToken) =>
        await store.SetStringAsync(GenerationKey, Guid.NewGuid().ToString("N"), cancellationToken);

    private async Task ForgetAsync(string hash)
    {
        if (await KeyAsync(hash, CancellationToken.None) is { } key)
        {
            await cache.RemoveAsync(key);
        }

        await flights.ForgetAsync(FlightKey(hash), CancellationToken.None);
    }

    /// <summary>One load for the whole cluster; others adopt its answer. Without the shared store, this instance loads alone.</summary>
    private async Task<SessionAuthorization> LoadOnceAsync(string hash, Func<CancellationToken, Task<SessionAuthorization>> load, CancellationToken cancellationToken)
    {
        var loading = false;
        try
        {
            var flight = await flights.RunAsync(FlightKey(hash), FlightRetention, async token =>
            {
                loading = true;
                return JsonSerializer.Serialize(await load(token));
            }, cancellationToken);
            return JsonSerializer.Deserialize<SessionAuthorization>(flight.Payload!)!;
        }
        catch (SharedStateUnavailableException) when (!loading)
        {
            return await load(cancellationToken);
        }
    }

    /// <summary>The cache key under the current generation; null when the shared store cannot say which that is.</summary>
    private async Task<string?> KeyAsync(string hash, CancellationToken cancellationToken)
    {
        try
        {
            var generation = await store.GetStringAsync(GenerationKey, cancellationToken) ?? "0";
            return $"{KeyPrefix}{generation}:{EntryShape}{hash}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("The shared cache cannot be reached ({ExceptionType}); permissions are asked from Lamba uncached", ex.GetType().Name);
            return null;
        }
    }

    // Made once per lifetime, not per view (the lifetime only changes with the options).
    private HybridCacheEntryOptions? entryOptions;

    private HybridCacheEntryOptions EntryOptions(TimeSpan lifetime) =>
        entryOptions is { Expiration: var expiration } made && expiration == lifetime ? made : entryOptions = shared
            ? new HybridCacheEntryOptions { Expiration = lifetime, Flags = HybridCacheEntryFlags.DisableLocalCache }
            : new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime, Flags = HybridCacheEntryFlags.DisableDistributedCache };

    private static string FlightKey(string hash) => "permissions:" + hash;

    /// <summary>
    /// What the cache holds for a session: Lamba's answer and when (on the app's clock) it was fetched. Immutable (nobody
    /// writes to an answer once read), and marked so: HybridCache then hands out the one instance it holds in memory
    /// instead of deserializing a copy from JSON on every hit, which cost each view about 1.7 KB.
    /// </summary>
    [ImmutableObject(true)]
    private sealed record CachedPermissions(SessionAuthorization Authorization, DateTimeOffset FetchedAt);

    private static string? Hash(LambaSession session)
    {
        if (session.RefreshToken is not { } refreshToken)
        {
            return null;
        }

        // Every view hashes its session's token: on the stack, not in two arrays per view.
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(refreshToken.Length);
        var utf8 = length <= 1024 ? stackalloc byte[length] : new byte[length];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(refreshToken, utf8)], digest);
        return Convert.ToHexString(digest);
    }
}

/// <summary>The registered <see cref="IPermissionCache"/> forgets a session before its tokens change (they are its key).</summary>
public sealed class ForgetPermissionsWhenTokensChange(IPermissionCache cache) : ISessionTokensObserver
{
    public void BeforeTokensChange(LambaSession session) => cache.Forget(session);
}
