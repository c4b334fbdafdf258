using System.Net;

namespace LambaPages.ClusterTests;

/// <summary>
/// Lamba rotates refresh tokens strictly: a second use of one revokes the session. Parallel requests of one browser
/// spread over both instances must therefore share one refresh across the cluster.
/// </summary>
[Collection(ClusterTier.Name)]
public sealed class RefreshStormTests(Cluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Thirty_two_parallel_views_with_an_expired_token_over_both_instances_refresh_once()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();
        await browser.SignInAsync("support@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
        await cluster.AdvanceLambaClockAsync(TimeSpan.FromMinutes(16));
        var before = await cluster.StatsAsync();

        var views = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => browser.GetAsync("/Me")));

        var after = await cluster.StatsAsync();
        var refreshes = after.Refreshes - before.Refreshes;
        var reuses = after.ReuseDetections - before.ReuseDetections;
        var revocations = after.Revocations - before.Revocations;
        var byInstance = views.GroupBy(v => v.Instance).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"Storm of 32 parallel views with an expired access token, split {string.Join(" / ", byInstance.Select(p => $"{p.Key}: {p.Value}"))}: "
            + $"{refreshes} upstream refresh(es), {reuses} reuse detection(s), {revocations} revocation(s); "
            + $"answers {string.Join(", ", views.GroupBy(v => (int)v.Status).Select(g => $"{g.Key} x{g.Count()}"))}");

        Assert.Equal(2, byInstance.Count);
        Assert.All(views, view => Assert.Equal(HttpStatusCode.OK, view.Status));
        Assert.Equal(1, refreshes);
        Assert.Equal(0, reuses);
        Assert.Equal(0, revocations);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }
}
