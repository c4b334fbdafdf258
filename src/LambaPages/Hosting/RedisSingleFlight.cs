using Lamba.AspNetCore.SharedState;
using StackExchange.Redis;

namespace LambaPages.Hosting;

/// <summary>Recognises a Redis outage behind a failed request, so the error page can say "try again" (503).</summary>
public static class SharedStateOutage
{
    /// <summary>Whether <paramref name="exception"/> or one of its causes says the shared state (Redis) was unreachable.</summary>
    public static bool IsCause(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SharedStateUnavailableException or RedisException or RedisTimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The Redis flight: a short lock per key (SET NX with an expiry, released only by its holder), the result under a
/// second key with the retention as its expiry. Callers that find the lock taken poll for the result; if the holder
/// fails, it releases the lock and the next caller produces. The lock outlives one upstream call with all its
/// timeouts, so a slow holder is never overtaken by a second producer.
/// </summary>
public sealed class RedisSingleFlight(IConnectionMultiplexer redis, TimeProvider timeProvider, ILogger<RedisSingleFlight> logger)
    : ISharedSingleFlight
{
    /// <summary>Longer than an upstream call with its retries and timeout (the standard resilience handler's 30 s total).</summary>
    public static readonly TimeSpan LockLifetime = TimeSpan.FromSeconds(35);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public async Task<SharedFlightResult> RunAsync(
        string key, TimeSpan retention, Func<CancellationToken, Task<string?>> produce, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(produce);
        var database = redis.GetDatabase();
        var (resultKey, lockKey) = Keys(key);
        var holder = Guid.NewGuid().ToString("N");
        var giveUpAt = timeProvider.GetUtcNow() + LockLifetime + TimeSpan.FromSeconds(5);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await Shared(() => database.StringGetAsync(resultKey)) is { HasValue: true } published)
            {
                return new SharedFlightResult(published.ToString(), Joined: true);
            }

            if (await Shared(() => database.LockTakeAsync(lockKey, holder, LockLifetime)))
            {
                return await ProduceHoldingLockAsync(database, resultKey, lockKey, holder, retention, produce, cancellationToken);
            }

            if (timeProvider.GetUtcNow() > giveUpAt)
            {
                throw new SharedStateUnavailableException("Another instance held the shared lock for too long.");
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken);
        }
    }

    public async Task PublishAsync(string key, string payload, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var (resultKey, _) = Keys(key);
        await Shared(() => redis.GetDatabase().StringSetAsync(resultKey, payload, retention));
    }

    public async Task ForgetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var (resultKey, _) = Keys(key);
        await Shared(() => redis.GetDatabase().KeyDeleteAsync(resultKey));
    }

    private async Task<SharedFlightResult> ProduceHoldingLockAsync(
        IDatabase database, RedisKey resultKey, RedisKey lockKey, string holder, TimeSpan retention,
        Func<CancellationToken, Task<string?>> produce, CancellationToken cancellationToken)
    {
        try
        {
            // Published between our read and our lock: adopt it, never produce twice.
            if (await Shared(() => database.StringGetAsync(resultKey)) is { HasValue: true } published)
            {
                return new SharedFlightResult(published.ToString(), Joined: true);
            }

            var payload = await produce(cancellationToken);
            if (payload is not null)
            {
                await Shared(() => database.StringSetAsync(resultKey, payload, retention));
            }

            return new SharedFlightResult(payload, Joined: false);
        }
        finally
        {
            try
            {
                await database.LockReleaseAsync(lockKey, holder);
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                // It expires by itself; until then the others wait for the published result.
                logger.LogWarning("Could not release a shared lock ({ExceptionType}); it expires by itself", ex.GetType().Name);
            }
        }
    }

    private static (RedisKey Result, RedisKey Lock) Keys(string key) =>
        (SharedState.KeyPrefix + "flight:" + key + ":result", SharedState.KeyPrefix + "flight:" + key + ":lock");

    /// <summary>A Redis call whose failure means "shared state unavailable" (and nothing else).</summary>
    private static async Task<T> Shared<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw new SharedStateUnavailableException("The shared state (Redis) cannot be reached.", ex);
        }
    }
}
