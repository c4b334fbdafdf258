namespace Lamba.AspNetCore.SharedState;

/// <summary>What a shared flight came to: the payload (null when the producer published nothing), and whether this caller
/// adopted it from another caller (on this instance or another) instead of producing it.</summary>
public readonly record struct SharedFlightResult(string? Payload, bool Joined);

/// <summary>
/// One producer per key across every instance of the portal, and its result kept for a while under that key so that
/// late callers adopt it instead of producing again. The refresh single flight uses it (Lamba rotates refresh tokens
/// strictly: a second refresh with one token ends the session), and so does the first load of a session's permissions.
/// Payloads are opaque strings: callers encrypt what is secret before handing it over.
/// </summary>
public interface ISharedSingleFlight
{
    /// <summary>
    /// Adopts the result published under <paramref name="key"/>, or runs <paramref name="produce"/> while holding the
    /// key's lock and publishes what it returns (unless null) for <paramref name="retention"/>. An exception from
    /// <paramref name="produce"/> publishes nothing: the next caller produces again.
    /// </summary>
    /// <exception cref="SharedStateUnavailableException">The shared store cannot be reached, or the lock holder took too long.</exception>
    Task<SharedFlightResult> RunAsync(string key, TimeSpan retention, Func<CancellationToken, Task<string?>> produce, CancellationToken cancellationToken);

    /// <summary>Publishes a result nobody asked for yet (switch-context rotated the tokens a refresh would have used).</summary>
    Task PublishAsync(string key, string payload, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Drops what is published under <paramref name="key"/> (it went stale before its retention ended).</summary>
    Task ForgetAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The state other instances share (Redis) cannot be reached right now: a retryable condition (503), never a sign-out.</summary>
public sealed class SharedStateUnavailableException : Exception
{
    public SharedStateUnavailableException()
        : this("The shared state (Redis) cannot be reached.")
    {
    }

    public SharedStateUnavailableException(string message)
        : base(message)
    {
    }

    public SharedStateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>One instance: nothing to share. Callers keep their own in-process single flight; this adds nothing to it.</summary>
public sealed class InProcessSingleFlight : ISharedSingleFlight
{
    public async Task<SharedFlightResult> RunAsync(
        string key, TimeSpan retention, Func<CancellationToken, Task<string?>> produce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produce);
        return new SharedFlightResult(await produce(cancellationToken), Joined: false);
    }

    public Task PublishAsync(string key, string payload, TimeSpan retention, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ForgetAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
}
