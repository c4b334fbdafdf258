using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Lamba.AspNetCore.Client;

namespace Lamba.AspNetCore.Session;

/// <summary>What a refresh attempt came to: a new pair, or Lamba's refusal (the session is over).</summary>
public sealed record RefreshOutcome(LambaTokens? Tokens, string? RejectionCode)
{
    public static RefreshOutcome Refreshed(LambaTokens tokens) => new(tokens, null);

    public static RefreshOutcome Rejected(string? errorCode) => new(null, errorCode ?? "REFRESH_REJECTED");
}

/// <summary>
/// One refresh in flight per session, process-wide. Lamba rotates strictly: presenting a refresh token a
/// second time revokes the whole session, so parallel requests of one browser must share one refresh.
/// Keyed by a hash of the refresh token (the raw token is never a dictionary key). A completed outcome is
/// kept briefly so that a late request still carrying the old token reuses the new pair instead of
/// presenting the rotated token again. A failure (5xx, timeout) is not kept: the next request tries again.
/// </summary>
/// <remarks>Across instances, <see cref="SharedRefresh"/> runs inside each flight: this class keeps one caller per process
/// on the shared lock.</remarks>
public sealed class RefreshSingleFlight(TimeProvider timeProvider, LambaMetrics? metrics = null)
{
    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Flight> flights = new(StringComparer.Ordinal);
    private readonly TimeProvider clock = timeProvider;

    /// <summary>Joins the refresh running for <paramref name="refreshToken"/>, or starts it with <paramref name="refresh"/>.</summary>
    /// <remarks>The shared refresh is not cancelled by the caller that started it: others may be waiting on it.</remarks>
    public Task<RefreshOutcome> RunAsync(
        string refreshToken, Func<CancellationToken, Task<RefreshOutcome>> refresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        ArgumentNullException.ThrowIfNull(refresh);
        RemoveExpired();

        var key = Hash(refreshToken);
        var candidate = new Flight(key, this, refresh);
        var flight = flights.GetOrAdd(key, candidate);
        if (!ReferenceEquals(flight, candidate))
        {
            metrics?.SingleFlightJoin("local");
        }

        return flight.Outcome.Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// An outcome reached without a refresh (switch-context rotated the pair): a caller still holding
    /// <paramref name="refreshToken"/> within the retention gets it instead of presenting the rotated token.
    /// </summary>
    public void Remember(string refreshToken, RefreshOutcome outcome)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var key = Hash(refreshToken);
        var flight = new Flight(key, this, _ => Task.FromResult(outcome));
        _ = flight.Outcome.Value;
        flights[key] = flight;
    }

    private void RemoveExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, flight) in flights)
        {
            if (flight.CompletedAt is { } completed && now - completed > Retention)
            {
                flights.TryRemove(new KeyValuePair<string, Flight>(key, flight));
            }
        }
    }

    private static string Hash(string refreshToken) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));

    private sealed class Flight
    {
        private long completedAtTicks;

        public Flight(string key, RefreshSingleFlight owner, Func<CancellationToken, Task<RefreshOutcome>> refresh) =>
            Outcome = new Lazy<Task<RefreshOutcome>>(() => RunAsync(key, owner, refresh));

        public Lazy<Task<RefreshOutcome>> Outcome { get; }

        public DateTimeOffset? CompletedAt
        {
            get
            {
                var ticks = Interlocked.Read(ref completedAtTicks);
                return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        private async Task<RefreshOutcome> RunAsync(string key, RefreshSingleFlight owner, Func<CancellationToken, Task<RefreshOutcome>> refresh)
        {
            try
            {
                var outcome = await refresh(CancellationToken.None);
                Interlocked.Exchange(ref completedAtTicks, owner.clock.GetUtcNow().UtcTicks);
                return outcome;
            }
            catch
            {
                owner.flights.TryRemove(new KeyValuePair<string, Flight>(key, this));
                throw;
            }
        }
    }
}
