using System.Net;
using Lamba.AspNetCore.Client;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Logout;

public sealed class LogoutTests
{
    [Fact]
    public async Task Signs_out_at_lamba_and_locally()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var accessToken = host.SessionCookies.UnprotectAccess(browser.Cookies[LambaOptions.DefaultSessionCookie])!.Token;
        var me = await browser.GetAsync("/Me");

        var answer = await browser.PostFormAsync("/Logout", me.Html, []);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Login", answer.Location?.ToString());
        Assert.True(answer.Deletes(LambaOptions.DefaultSessionCookie));
        Assert.True(answer.Deletes(LambaOptions.DefaultRefreshCookie));
        var login = await browser.FollowAsync(answer);
        Assert.Equal("You have been signed out.", Html.Status(login.Html));
        using var upstream = await host.GetContextWithTokenAsync(accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, upstream.StatusCode);
    }

    [Fact]
    public async Task Changes_nothing_on_a_get()
    {
        await using var host = await PortalHost.StartAsync();
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
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var answer = await browser.PostFormAsync("/Logout", "", [], withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.DoesNotContain(answer.SetCookies, c => c.Name.Value!.StartsWith("__Host-lamba_", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }
}
