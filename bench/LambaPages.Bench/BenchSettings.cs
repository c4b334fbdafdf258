namespace LambaPages.Bench;

/// <summary>How big a run is. The smoke run (CI) only proves every row can still be produced; its figures mean nothing.</summary>
internal sealed record BenchSettings(
    bool Smoke,
    int Connections,
    TimeSpan RoundLength,
    TimeSpan WarmUp,
    int Rounds,
    long SteadyStateRequests,
    TimeSpan SteadyStateTopUpLimit,
    TimeSpan PermissionCacheLifetime,
    int ExpiredTokenViews,
    int FaultViews,
    int SignInBatch,
    int ContextViews)
{
    public static BenchSettings Full { get; } = new(
        // More, shorter alternating rounds than one long pair: on a shared machine the median of many pairs drifts less.
        // The warm-up is long enough for both processes' JIT to finish tiering up the hot path: a fresh portal (about three
        // times the bare page's code on that path) served its first 6 s round at under half its later rate.
        Smoke: false, Connections: 16, RoundLength: TimeSpan.FromSeconds(6), WarmUp: TimeSpan.FromSeconds(30), Rounds: 5,
        SteadyStateRequests: 100_000, SteadyStateTopUpLimit: TimeSpan.FromSeconds(120),
        PermissionCacheLifetime: TimeSpan.FromSeconds(30), ExpiredTokenViews: 64, FaultViews: 1000, SignInBatch: 100, ContextViews: 20);

    public static BenchSettings SmokeRun { get; } = new(
        Smoke: true, Connections: 4, RoundLength: TimeSpan.FromSeconds(1), WarmUp: TimeSpan.FromSeconds(1), Rounds: 1,
        SteadyStateRequests: 0, SteadyStateTopUpLimit: TimeSpan.Zero,
        PermissionCacheLifetime: TimeSpan.FromSeconds(2), ExpiredTokenViews: 64, FaultViews: 1, SignInBatch: 4, ContextViews: 3);
}
