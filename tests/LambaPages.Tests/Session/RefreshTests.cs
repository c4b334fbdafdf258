using System.Net;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using LambaPages.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LambaPages.Tests.Session;

public sealed class RefreshTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PastAccessTokenLifetime = TimeSpan.FromMinutes(16);

    [Fact]
    public async Task Refreshes_once_and_retries_when_the_access_token_has_expired()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var oldAccess = host.SessionCookies.UnprotectAccess(browser.Cookies[LambaOptions.DefaultSessionCookie])!.Token;
        var oldRefresh = host.SessionCookies.UnprotectRefresh(browser.Cookies[LambaOptions.DefaultRefreshCookie])!.Token;
        await host.AdvanceEmulatorClockAsync(PastAccessTokenLifetime);

        var me = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("Your account", Html.H1(me.Html));
        Assert.Equal(1, await host.RefreshCountAsync());
        var newAccess = host.SessionCookies.UnprotectAccess(me.SetCookie(LambaOptions.DefaultSessionCookie)!.Value.Value)!.Token;
        var newRefresh = host.SessionCookies.UnprotectRefresh(me.SetCookie(LambaOptions.DefaultRefreshCookie)!.Value.Value)!.Token;
        Assert.NotEqual(oldAccess, newAccess);
        Assert.NotEqual(oldRefresh, newRefresh);

        var again = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(1, await host.RefreshCountAsync());
    }

    [Fact]
    public async Task Shares_one_refresh_among_parallel_requests_of_one_browser()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var cookieHeader = string.Join("; ", browser.Cookies.Select(c => $"{c.Key}={c.Value}"));
        await host.AdvanceEmulatorClockAsync(PastAccessTokenLifetime);
        using var client = host.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Me");
            request.Headers.Add("Cookie", cookieHeader);
            using var response = await client.SendAsync(request);
            var refreshCookie = response.Headers.GetValues("Set-Cookie")
                .Select(h => Microsoft.Net.Http.Headers.SetCookieHeaderValue.Parse(h))
                .Single(c => c.Name == LambaOptions.DefaultRefreshCookie);
            return (response.StatusCode, RefreshToken: host.SessionCookies.UnprotectRefresh(refreshCookie.Value.Value)?.Token);
        }));

        var refreshes = await host.RefreshCountAsync();
        output.WriteLine($"32 parallel requests with an expired access token caused {refreshes} refresh(es) at the emulator.");
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, refreshes);
        Assert.Single(responses.Select(r => r.RefreshToken).Distinct());
        Assert.Equal(0, (await host.StatsAsync()).GetProperty("reuseDetections").GetInt64());
    }

    [Fact]
    public async Task Signs_out_locally_when_lamba_has_ended_the_session()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        await EndSessionUpstreamAsync(host, browser);

        var answer = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Login?returnUrl=%2FMe", answer.Location?.ToString());
        Assert.True(answer.Deletes(LambaOptions.DefaultSessionCookie));
        Assert.True(answer.Deletes(LambaOptions.DefaultRefreshCookie));
        var login = await browser.FollowAsync(answer);
        Assert.Equal("Sign in", Html.H1(login.Html));
        Assert.Equal(SessionEndedMiddleware.Message, Html.Status(login.Html));
    }

    [Fact]
    public async Task Keeps_the_session_when_lamba_answers_with_a_server_error()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var cookiesBefore = browser.Cookies.ToDictionary();
        await host.AddFaultAsync("GET /v1/me/context", 503, count: 10);

        var failed = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.BadGateway, failed.Status);
        Assert.Equal("Something went wrong", Html.H1(failed.Html));
        Assert.Matches("Trace id: [0-9a-f]{32}", Html.Text(failed.Html));
        Assert.DoesNotContain(failed.SetCookies, c => c.Name.Value!.StartsWith("__Host-lamba_", StringComparison.Ordinal));
        Assert.Equal(cookiesBefore, browser.Cookies.ToDictionary());

        await host.ClearFaultsAsync();
        var recovered = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.OK, recovered.Status);
    }

    [Fact]
    public async Task Keeps_the_session_when_the_refresh_itself_fails_with_a_server_error()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        await host.AdvanceEmulatorClockAsync(PastAccessTokenLifetime);
        await host.AddFaultAsync("POST /v1/auth/refresh", 503, count: 1);

        var failed = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.BadGateway, failed.Status);
        Assert.Contains("Trace id:", Html.Text(failed.Html), StringComparison.Ordinal);
        Assert.False(failed.Deletes(LambaOptions.DefaultRefreshCookie));
        var recovered = await browser.GetAsync("/Me");
        Assert.Equal(HttpStatusCode.OK, recovered.Status);
        Assert.Equal(1, await host.RefreshCountAsync());
    }

    [Fact]
    public async Task Retries_a_failed_read_but_never_a_post()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        await host.AddFaultAsync("GET /v1/me/context", 503, count: 1);
        await host.AddFaultAsync("POST /v1/auth/login/password", 503, count: 1);

        using var other = host.NewBrowser();

        var read = await browser.GetAsync("/Me");
        var post = await other.SubmitLoginAsync("admin@acme.test");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(HttpStatusCode.BadGateway, post.Status);
        var calls = (await host.StatsAsync()).GetProperty("calls");
        Assert.Equal(2, calls.GetProperty("GET /v1/me/context").GetInt64());
        Assert.Equal(2, calls.GetProperty("POST /v1/auth/login/password").GetInt64()); // the owner's sign-in and the one failed try
    }

    /// <summary>Ends the browser's session at Lamba as another device or an admin would.</summary>
    private static async Task EndSessionUpstreamAsync(PortalHost host, TestBrowser browser)
    {
        var access = host.SessionCookies.UnprotectAccess(browser.Cookies[LambaOptions.DefaultSessionCookie])!.Token;
        using var logout = new HttpRequestMessage(HttpMethod.Post, "v1/auth/logout");
        logout.Headers.Authorization = new("Bearer", access);
        using var response = await host.EmulatorClient.SendAsync(logout);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
