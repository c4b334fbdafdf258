using System.Net;

namespace LambaPages.ClusterTests;

/// <summary>The per-login sign-in budget (10 per minute) is one budget for the cluster, and a rejected attempt never reaches Lamba.</summary>
[Collection(ClusterTier.Name)]
public sealed class SignInBudgetTests(Cluster cluster, ITestOutputHelper output)
{
    private const string PasswordRoute = "POST /v1/auth/login/password";

    [Fact]
    public async Task Twelve_wrong_passwords_for_one_login_over_both_instances_reach_Lamba_at_most_ten_times()
    {
        await cluster.WaitUntilBothInstancesServeAsync();
        using var browser = cluster.NewBrowser();
        var login = $"nobody-{Guid.NewGuid():N}@acme.test";
        var form = await browser.GetAsync("/Login");
        var before = (await cluster.StatsAsync()).CallsTo(PasswordRoute);

        var posts = new List<ClusterResponse>();
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            posts.Add(await browser.PostFormAsync("/Login", form.Html,
                [new("Input.Login", login), new("Input.Password", $"wrong-password-{attempt}"), new("ReturnUrl", "")]));
        }

        var reached = (await cluster.StatsAsync()).CallsTo(PasswordRoute) - before;
        var rejected = posts.Count(p => p.Status == HttpStatusCode.TooManyRequests);
        var byInstance = posts.GroupBy(p => p.Instance).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"12 wrong passwords for one login, POSTs split {string.Join(" / ", byInstance.Select(p => $"{p.Key}: {p.Value}"))}: "
            + $"{reached} reached Lamba, {rejected} rejected with 429 by the portal");

        Assert.Equal(2, byInstance.Count);
        Assert.True(reached <= 10, $"{reached} attempts reached Lamba; the budget is 10.");
        Assert.Equal(12 - reached, rejected);
    }
}
