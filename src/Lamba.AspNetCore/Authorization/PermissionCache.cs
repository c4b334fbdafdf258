using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lamba.AspNetCore.Session;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
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

    /// <summary>Drops what is cached for this session. Call it BEFORE the session's tokens are replaced or cleared.</summary>
    void Forget(LambaSession session);

    /// <summary>
    /// Drops what every instance has cached for this Lamba user (a webhook said their roles or sessions changed):
    /// entries fetched before now are not served again, here or on any instance sharing the distributed cache.
    /// </summary>
    Task ForgetUserAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>
/// Keyed by a SHA-256 of the session's refresh token (never the token itself). Freshness is decided with the
/// portal's <see cref="TimeProvider"/>, and a failed load caches nothing: the next request asks Lamba again, and
/// nothing stale is ever served in its place. A user's entries are dropped everywhere by a "forgotten at" stamp in
/// the <see cref="IDistributedCache"/> (shared across instances when one is configured), checked on every hit of an
/// entry that knows its user.
/// </summary>
public sealed class PermissionCache(IMemoryCache cache, IDistributedCache shared, IOptions<PermissionCacheOptions> options, TimeProvider timeProvider) : IPermissionCache
{
    private sealed record Entry(SessionAuthorization Authorization, DateTimeOffset FetchedAt);

    public async Task<SessionAuthorization> GetOrLoadAsync(
        LambaSession session, Func<CancellationToken, Task<SessionAuthorization>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(load);
        var key = KeyOf(session);
        var lifetime = options.Value.EffectiveLifetime;
        if (key is not null && cache.TryGetValue(key, out Entry? entry) && entry is not null
            && timeProvider.GetUtcNow() - entry.FetchedAt < lifetime
            && !await ForgottenSinceAsync(entry, cancellationToken))
        {
            return entry.Authorization;
        }

        var fetchedAt = timeProvider.GetUtcNow();
        var authorization = await load(cancellationToken);

        // Keyed by the session as it is now: a refresh during the load rotated the token, and the new key is the right one.
        key = KeyOf(session);
        if (key is not null && lifetime > TimeSpan.Zero)
        {
            cache.Set(key, new Entry(authorization, fetchedAt), lifetime);
        }

        return authorization;
    }

    public void Forget(LambaSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (KeyOf(session) is { } key)
        {
            cache.Remove(key);
        }
    }

    public async Task ForgetUserAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        // Entries live at most MaximumLifetime, so the stamp need not outlive them.
        await shared.SetStringAsync(
            UserStampKey(userId),
            timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = PermissionCacheOptions.MaximumLifetime },
            cancellationToken);
    }

    /// <summary>True when the entry's user was forgotten at or after the entry's fetch began.</summary>
    private async Task<bool> ForgottenSinceAsync(Entry entry, CancellationToken cancellationToken) =>
        entry.Authorization.UserId is { Length: > 0 } userId
        && await shared.GetStringAsync(UserStampKey(userId), cancellationToken) is { } stamp
        && long.TryParse(stamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var forgottenAt)
        && forgottenAt >= entry.FetchedAt.ToUnixTimeMilliseconds();

    private static string UserStampKey(string userId) => "LambaPages.Permissions.UserForgottenAt:" + userId;

    private static string? KeyOf(LambaSession session) => session.RefreshToken is { } refreshToken
        ? "LambaPages.Permissions:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)))
        : null;
}

/// <summary>The registered <see cref="IPermissionCache"/> forgets a session before its tokens change (they are its key).</summary>
public sealed class ForgetPermissionsWhenTokensChange(IPermissionCache cache) : ISessionTokensObserver
{
    public void BeforeTokensChange(LambaSession session) => cache.Forget(session);
}
