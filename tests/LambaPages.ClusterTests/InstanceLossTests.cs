using System.Net;

namespace LambaPages.ClusterTests;

/// <summary>Instances come and go (crash, redeploy with new data folders); the signed-in user does not notice.</summary>
[Collection(ClusterTier.Name)]
public sealed class InstanceLossTests(Cluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_one_instance_mid_session_goes_unnoticed()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);

        await cluster.KillInstanceAsync(1);
        try
        {
            var views = new List<ClusterResponse>();
            for (var i = 0; i < 6; i++)
            {
                views.Add(await browser.GetAsync("/Me"));
            }

            output.WriteLine($"Instance 1 killed (SIGKILL) mid-session; the next 6 views: {string.Join(", ", views.Select(v => $"{(int)v.Status} from {v.Instance}"))}");
            Assert.All(views, view => Assert.Equal(HttpStatusCode.OK, view.Status));
            Assert.All(views, view => Assert.Equal(cluster.InstanceAuthority(2), view.Instance));
        }
        finally
        {
            await cluster.StartInstanceAsync(1);
        }
    }

    [Fact]
    public async Task Replacing_every_instance_with_new_data_folders_keeps_the_user_signed_in()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);

        await Task.WhenAll(cluster.KillInstanceAsync(1), cluster.KillInstanceAsync(2));
        await Task.WhenAll(cluster.StartInstanceAsync(1, freshDataFolder: true), cluster.StartInstanceAsync(2, freshDataFolder: true));
        await cluster.WaitUntilBothInstancesServeAsync();

        var views = new List<ClusterResponse>();
        for (var i = 0; i < 4; i++)
        {
            views.Add(await browser.GetAsync("/Me"));
        }

        output.WriteLine($"Both instances replaced (new, empty data folders; same Redis); the next 4 views: {string.Join(", ", views.Select(v => $"{(int)v.Status} from {v.Instance}"))}");
        Assert.All(views, view => Assert.Equal(HttpStatusCode.OK, view.Status));
        Assert.All(views, view => Assert.Contains("admin@acme.test", view.Html, StringComparison.Ordinal));
        Assert.Equal(2, views.Select(v => v.Instance).Distinct().Count());
    }
}
