using System.Net;

namespace LambaPages.ClusterTests;

/// <summary>The permission cache is one for the cluster: first views of a new session ask Lamba once, whichever instance serves them.</summary>
[Collection(ClusterTier.Name)]
public sealed class PermissionCacheTests(Cluster cluster, ITestOutputHelper output)
{
    private const string AuthorizationRoute = "GET /v1/me/authorization";

    [Fact]
    public async Task Sixteen_parallel_first_views_over_both_instances_ask_Lamba_for_permissions_once()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var before = (await cluster.StatsAsync()).CallsTo(AuthorizationRoute);

        var views = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => browser.GetAsync("/Me")));

        var calls = (await cluster.StatsAsync()).CallsTo(AuthorizationRoute) - before;
        var byInstance = views.GroupBy(v => v.Instance).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"16 parallel first views, split {string.Join(" / ", byInstance.Select(p => $"{p.Key}: {p.Value}"))}: {calls} call(s) to {AuthorizationRoute}");
        Assert.All(views, view => Assert.Equal(HttpStatusCode.OK, view.Status));
        Assert.Equal(2, byInstance.Count);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Signing_out_on_one_instance_drops_the_cached_permissions_on_the_other()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var admin = await browser.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.OK, admin.Status);
        var stolenCookies = browser.Cookies;

        var form = await browser.GetAsync("/Me");
        var logout = await browser.PostFormAsync("/Logout", form.Html, []);
        Assert.Equal(HttpStatusCode.Redirect, logout.Status);

        // The old cookies, replayed on both instances, find neither a session at Lamba nor cached permissions.
        using var replay = cluster.NewBrowser();
        var answers = new List<ClusterResponse>();
        for (var i = 0; i < 2; i++)
        {
            answers.Add(await replay.SendAsync(WithCookies(new HttpRequestMessage(HttpMethod.Get, "/Admin"), stolenCookies)));
        }

        output.WriteLine($"After sign-out, the old cookies on /Admin: {string.Join(", ", answers.Select(a => $"{(int)a.Status} from {a.Instance}"))}");
        Assert.All(answers, answer => Assert.NotEqual(HttpStatusCode.OK, answer.Status));
    }

    private static HttpRequestMessage WithCookies(HttpRequestMessage request, IReadOnlyDictionary<string, string> cookies)
    {
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        return request;
    }
}
