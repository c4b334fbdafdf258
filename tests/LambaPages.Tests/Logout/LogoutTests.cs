using System.Net;
using Lamba.AspNetCore.Client;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Logout;

public sealed class LogoutTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Signs_out_at_lamba_and_locally()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var accessToken = host.SessionCookies.UnprotectAccess(browser.Cookies[LambaOptions.DefaultSessionCookie])!.Token;
        var me = await browser.GetAsync("/Me");

        var answer = await browser.PostFormAsync("/Logout", me.Html, []);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Login?signedOut=1", answer.Location?.ToString());
        Assert.True(answer.Deletes(LambaOptions.DefaultSessionCookie));
        Assert.True(answer.Deletes(LambaOptions.DefaultRefreshCookie));
        Assert.Equal("\"cache\", \"cookies\", \"storage\"", answer.Headers.GetValues("Clear-Site-Data").Single());
        Assert.All(LambaPages.Features.Logout.IndexModel.OtherPortalCookies, name => Assert.True(answer.Deletes(name), name + " is not deleted"));
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        var login = await browser.FollowAsync(answer);
        Assert.Equal("You have been signed out.", Html.Status(login.Html));
        using var upstream = await host.GetContextWithTokenAsync(accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, upstream.StatusCode);
    }

    [Fact]
    public async Task Tries_lambas_logout_twice_then_signs_out_locally_and_says_other_devices_may_stay_signed_in()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var me = await browser.GetAsync("/Me");
        await host.AddFaultAsync("POST /v1/auth/logout", 503, count: 2);

        var answer = await browser.PostFormAsync("/Logout", me.Html, []);

        Assert.Equal("/Login?signedOut=partial", answer.Location?.ToString());
        Assert.True(answer.Deletes(LambaOptions.DefaultSessionCookie));
        Assert.Equal(2, (await host.StatsAsync()).GetProperty("calls").GetProperty("POST /v1/auth/logout").GetInt64());
        var login = await browser.FollowAsync(answer);
        Assert.Contains("other devices may stay signed in", Html.Status(login.Html), StringComparison.Ordinal);
        Assert.Contains("href=\"/Me/Sessions\"", login.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_failed_logout_call_is_retried_and_ends_the_session_at_lamba()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var accessToken = host.SessionCookies.UnprotectAccess(browser.Cookies[LambaOptions.DefaultSessionCookie])!.Token;
        var me = await browser.GetAsync("/Me");
        await host.AddFaultAsync("POST /v1/auth/logout", 503, count: 1);

        var answer = await browser.PostFormAsync("/Logout", me.Html, []);

        Assert.Equal("/Login?signedOut=1", answer.Location?.ToString());
        using var upstream = await host.GetContextWithTokenAsync(accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, upstream.StatusCode);
    }

    [Fact]
    public async Task Changes_nothing_on_a_get()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var page = await browser.GetAsync("/Logout");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain(page.SetCookies, c => c.Name.Value!.StartsWith("__Host-lamba_", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    [Fact]
    public async Task Refuses_a_post_without_an_antiforgery_token()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var answer = await browser.PostFormAsync("/Logout", "", [], withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.DoesNotContain(answer.SetCookies, c => c.Name.Value!.StartsWith("__Host-lamba_", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }
}
