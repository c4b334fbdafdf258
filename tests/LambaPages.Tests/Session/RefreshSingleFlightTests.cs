using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;

namespace LambaPages.Tests.Session;

public sealed class RefreshSingleFlightTests
{
    private static readonly LambaTokens NewPair = new("access-2", "refresh-2", DateTimeOffset.UtcNow.AddDays(30));

    [Fact]
    public async Task Runs_one_refresh_for_every_concurrent_caller_of_a_session()
    {
        var flights = new RefreshSingleFlight(TimeProvider.System);
        var release = new TaskCompletionSource();
        var calls = 0;

        var callers = Enumerable.Range(0, 20).Select(_ => flights.RunAsync("refresh-1", async _ =>
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return RefreshOutcome.Refreshed(NewPair);
        }, CancellationToken.None)).ToList();
        release.SetResult();
        var outcomes = await Task.WhenAll(callers);

        Assert.Equal(1, calls);
        Assert.All(outcomes, o => Assert.Same(NewPair, o.Tokens));
    }

    [Fact]
    public async Task Gives_a_late_caller_with_the_old_token_the_pair_already_issued()
    {
        var flights = new RefreshSingleFlight(TimeProvider.System);
        var calls = 0;
        Task<RefreshOutcome> Refresh(CancellationToken _)
        {
            calls++;
            return Task.FromResult(RefreshOutcome.Refreshed(NewPair));
        }

        await flights.RunAsync("refresh-1", Refresh, CancellationToken.None);
        var late = await flights.RunAsync("refresh-1", Refresh, CancellationToken.None);

        Assert.Equal(1, calls);
        Assert.Same(NewPair, late.Tokens);
    }

    [Fact]
    public async Task Forgets_a_remembered_outcome_after_the_retention()
    {
        var clock = new ManualTime();
        var flights = new RefreshSingleFlight(clock);
        var calls = 0;
        Task<RefreshOutcome> Refresh(CancellationToken _)
        {
            calls++;
            return Task.FromResult(RefreshOutcome.Rejected("REFRESH_TOKEN_REUSED"));
        }

        await flights.RunAsync("refresh-1", Refresh, CancellationToken.None);
        clock.Advance(RefreshSingleFlight.Retention + TimeSpan.FromSeconds(1));
        await flights.RunAsync("refresh-1", Refresh, CancellationToken.None);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Lets_the_next_caller_try_again_after_a_failure()
    {
        var flights = new RefreshSingleFlight(TimeProvider.System);
        var calls = 0;
        Task<RefreshOutcome> Refresh(CancellationToken _) => ++calls == 1
            ? Task.FromException<RefreshOutcome>(new HttpRequestException("upstream down"))
            : Task.FromResult(RefreshOutcome.Refreshed(NewPair));

        await Assert.ThrowsAsync<HttpRequestException>(() => flights.RunAsync("refresh-1", Refresh, CancellationToken.None));
        var second = await flights.RunAsync("refresh-1", Refresh, CancellationToken.None);

        Assert.Equal(2, calls);
        Assert.Same(NewPair, second.Tokens);
    }

    [Fact]
    public async Task Keeps_the_refreshes_of_different_sessions_apart()
    {
        var flights = new RefreshSingleFlight(TimeProvider.System);
        var seen = new List<string>();

        await flights.RunAsync("refresh-a", _ => { seen.Add("a"); return Task.FromResult(RefreshOutcome.Refreshed(NewPair)); }, CancellationToken.None);
        await flights.RunAsync("refresh-b", _ => { seen.Add("b"); return Task.FromResult(RefreshOutcome.Refreshed(NewPair)); }, CancellationToken.None);

        Assert.Equal(["a", "b"], seen);
    }

    [Fact]
    public async Task Does_not_cancel_the_shared_refresh_when_its_first_caller_gives_up()
    {
        var flights = new RefreshSingleFlight(TimeProvider.System);
        var release = new TaskCompletionSource();
        using var firstCallerGone = new CancellationTokenSource();
        Task<RefreshOutcome> Refresh(CancellationToken token) =>
            release.Task.ContinueWith(_ => RefreshOutcome.Refreshed(NewPair), token, TaskContinuationOptions.None, TaskScheduler.Default);

        var first = flights.RunAsync("refresh-1", Refresh, firstCallerGone.Token);
        var second = flights.RunAsync("refresh-1", Refresh, CancellationToken.None);
        await firstCallerGone.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Same(NewPair, (await second).Tokens);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
