using System.Diagnostics;
using System.Net;

namespace LambaPages.ClusterTests;

/// <summary>
/// Redis stops mid-session. The user is never signed out: pages keep working while the access token is valid (permissions
/// are then fetched from Lamba on every view, uncached); once it expires, a view that needs a refresh answers 503 "try
/// again" and keeps the cookies, because refreshing without the cluster-wide lock could present a rotated token twice
/// and make Lamba revoke the session. When Redis is back, the next view refreshes once and carries on.
/// </summary>
[Collection(ClusterTier.Name)]
public sealed class RedisOutageTests(Cluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_stopping_mid_session_never_signs_the_user_out()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
        var before = await cluster.StatsAsync();

        await cluster.StopRedisAsync();
        var down = Stopwatch.StartNew();
        List<ClusterResponse> whileValid = [], afterExpiry = [];
        ClusterResponse ready;
        try
        {
            for (var i = 0; i < 4; i++)
            {
                whileValid.Add(await browser.GetAsync("/Me"));
            }

            ready = await browser.GetAsync("/readyz");
            await cluster.AdvanceLambaClockAsync(TimeSpan.FromMinutes(16));
            for (var i = 0; i < 2; i++)
            {
                afterExpiry.Add(await browser.GetAsync("/Me"));
            }
        }
        finally
        {
            await cluster.StartRedisAsync();
        }

        down.Stop();
        await cluster.WaitUntilBothInstancesServeAsync();
        var back = await browser.GetAsync("/Me");
        var after = await cluster.StatsAsync();

        output.WriteLine($"Redis down for {down.Elapsed.TotalSeconds:0.0} s. While the access token was valid: "
            + $"{string.Join(", ", whileValid.Select(v => (int)v.Status))}; /readyz {(int)ready.Status}; after it expired: "
            + $"{string.Join(", ", afterExpiry.Select(v => (int)v.Status))} (cookies kept); first view with Redis back: {(int)back.Status}; "
            + $"sign-outs 0 of {whileValid.Count + afterExpiry.Count + 1} views; revocations {after.Revocations - before.Revocations}, "
            + $"reuse detections {after.ReuseDetections - before.ReuseDetections}, refreshes {after.Refreshes - before.Refreshes}");

        Assert.All(whileValid, view => Assert.Equal(HttpStatusCode.OK, view.Status));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.All(afterExpiry, view =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, view.Status);
            Assert.False(view.RedirectsToLogin);
            Assert.False(view.DeletesASessionCookie);
        });
        Assert.Equal(HttpStatusCode.OK, back.Status);
        Assert.Equal(0, after.Revocations - before.Revocations);
        Assert.Equal(0, after.ReuseDetections - before.ReuseDetections);
        Assert.Equal(1, after.Refreshes - before.Refreshes);
    }
}
