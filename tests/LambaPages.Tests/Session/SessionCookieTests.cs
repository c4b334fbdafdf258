using System.Net;
using Lamba.AspNetCore.Client;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Session;

public sealed class SessionCookieTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Keeps_the_session_in_two_host_only_secure_http_only_lax_cookies()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var signedIn = await browser.SubmitLoginAsync("owner@acme.test");

        foreach (var name in new[] { LambaOptions.DefaultSessionCookie, LambaOptions.DefaultRefreshCookie })
        {
            Assert.StartsWith("__Host-", name, StringComparison.Ordinal);
            var cookie = signedIn.SetCookie(name);
            Assert.NotNull(cookie);
            Assert.True(cookie.HttpOnly, $"{name} must be HttpOnly");
            Assert.True(cookie.Secure, $"{name} must be Secure");
            Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
            Assert.Equal("/", cookie.Path.Value);
            Assert.True(cookie.Domain.Value is null, $"{name} must have no Domain (a __Host- cookie)");
            Assert.True(cookie.Expires > DateTimeOffset.UtcNow.AddDays(1), $"{name} lives as long as the refresh token");
        }
    }

    [Fact]
    public async Task Names_the_cookies_from_configuration()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["LAMBA_SESSION_COOKIE"] = "__Host-shop_access",
            ["LAMBA_REFRESH_COOKIE"] = "__Host-shop_refresh",
        });
        using var browser = host.NewBrowser();

        var signedIn = await browser.SubmitLoginAsync("owner@acme.test");

        Assert.NotNull(signedIn.SetCookie("__Host-shop_access"));
        Assert.NotNull(signedIn.SetCookie("__Host-shop_refresh"));
        Assert.Null(signedIn.SetCookie(LambaOptions.DefaultSessionCookie));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    [Fact]
    public async Task Stores_the_tokens_encrypted_so_the_cookie_is_not_the_token()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var accessCookie = browser.Cookies[LambaOptions.DefaultSessionCookie];
        var refreshCookie = browser.Cookies[LambaOptions.DefaultRefreshCookie];
        var access = host.SessionCookies.UnprotectAccess(accessCookie);
        var refresh = host.SessionCookies.UnprotectRefresh(refreshCookie);

        Assert.NotNull(access);
        Assert.NotNull(refresh);
        Assert.DoesNotContain(access.Token, accessCookie, StringComparison.Ordinal);
        Assert.DoesNotContain(refresh.Token, refreshCookie, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", accessCookie, StringComparison.Ordinal);
        Assert.NotNull(access.ExpiresAt);
        Assert.NotNull(refresh.ExpiresAt);
        // Each cookie is sealed for its own purpose: one cannot be replayed as the other.
        Assert.Null(host.SessionCookies.UnprotectAccess(refreshCookie));
        using var upstream = await host.GetContextWithTokenAsync(access.Token);
        Assert.Equal(HttpStatusCode.OK, upstream.StatusCode);
    }

    [Fact]
    public async Task Treats_a_tampered_cookie_as_no_session()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Me");
        request.Headers.Add("Cookie",
            $"{LambaOptions.DefaultSessionCookie}=tampered; {LambaOptions.DefaultRefreshCookie}={browser.Cookies[LambaOptions.DefaultRefreshCookie]}x");

        using var response = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Login?returnUrl=%2FMe", response.Headers.Location?.ToString());
    }
}
