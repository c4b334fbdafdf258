using System.Net;

namespace LambaPages.ClusterTests;

/// <summary>
/// Behind nginx, the client's address and scheme come from the trusted proxy (LAMBA_TRUSTED_PROXIES=127.0.0.1), and
/// only from it. Clients connect from other loopback addresses (127.0.0.2, 127.0.0.3) so that they are not the proxy.
/// </summary>
[Collection(ClusterTier.Name)]
public sealed class ProxyTests(Cluster cluster, ITestOutputHelper output)
{
    private const string Spoofed = "203.0.113.77";

    [Fact]
    public async Task Lamba_records_the_real_client_address_and_not_a_spoofed_forwarded_header()
    {
        using var browser = cluster.NewBrowser(IPAddress.Parse("127.0.0.2"));
        await SignInSpoofingAsync(browser);

        var sessions = await browser.GetAsync("/Me/Sessions", Spoof);

        output.WriteLine($"Through nginx from 127.0.0.2 with X-Forwarded-For: {Spoofed}: the sessions page shows 127.0.0.2 = {sessions.Html.Contains("127.0.0.2", StringComparison.Ordinal)}, {Spoofed} = {sessions.Html.Contains(Spoofed, StringComparison.Ordinal)}");
        Assert.Equal(HttpStatusCode.OK, sessions.Status);
        Assert.Contains("127.0.0.2", sessions.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Spoofed, sessions.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_is_not_a_trusted_proxy_cannot_claim_another_address()
    {
        // Straight to an instance, bypassing nginx: this client's own headers are all the portal gets.
        using var browser = cluster.NewBrowser(IPAddress.Parse("127.0.0.3"), cluster.Instance(1));
        await SignInSpoofingAsync(browser);

        var sessions = await browser.GetAsync("/Me/Sessions", Spoof);

        Assert.Equal(HttpStatusCode.OK, sessions.Status);
        Assert.Contains("127.0.0.3", sessions.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Spoofed, sessions.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HSTS_is_sent_when_the_trusted_proxy_says_https_and_never_on_a_client_claim()
    {
        using var throughProxy = cluster.NewBrowser(IPAddress.Parse("127.0.0.2"));
        using var direct = cluster.NewBrowser(IPAddress.Parse("127.0.0.3"), cluster.Instance(2));

        var viaProxy = await throughProxy.GetAsync("/Login", r => r.Headers.Host = "portal.example.test");
        var claimed = await direct.GetAsync("/Login", r =>
        {
            r.Headers.Host = "portal.example.test";
            r.Headers.Add("X-Forwarded-Proto", "https");
        });

        var proxyHsts = viaProxy.Raw.Headers.Contains("Strict-Transport-Security");
        var claimedHsts = claimed.Raw.Headers.Contains("Strict-Transport-Security");
        output.WriteLine($"HSTS through the TLS proxy: {proxyHsts}; on a direct http request claiming X-Forwarded-Proto https: {claimedHsts}");
        Assert.True(proxyHsts);
        Assert.False(claimedHsts);
    }

    private static void Spoof(HttpRequestMessage request) => request.Headers.Add("X-Forwarded-For", Spoofed);

    private static async Task SignInSpoofingAsync(ClusterBrowser browser)
    {
        var form = await browser.GetAsync("/Login", Spoof);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var request = new HttpRequestMessage(HttpMethod.Post, "/Login")
        {
            Content = new FormUrlEncodedContent(
            [
                new("Input.Login", "viewer@acme.test"),
                new("Input.Password", ClusterBrowser.Password),
                new("ReturnUrl", ""),
                new("__RequestVerificationToken", ClusterBrowser.AntiforgeryToken(form.Html)),
            ]),
        };
        Spoof(request);
        var post = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, post.Status);
    }
}
