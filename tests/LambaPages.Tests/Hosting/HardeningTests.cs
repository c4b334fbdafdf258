using System.Net;
using LambaPages.Hosting;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LambaPages.Tests.Hosting;

/// <summary>Headers, cookie names and the cross-site guard, each checked on what the portal really sends.</summary>
public sealed class HardeningTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Sends_a_csp_without_base_urls_a_permissions_policy_and_no_server_header()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/Login");

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("camera=()", page.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("Server"));
        Assert.False(host.Portal.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task Asks_for_a_year_of_hsts_unless_configured_otherwise()
    {
        await using var host = await PortalHost.StartAsync();
        await using var configured = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["Security:HstsMaxAgeDays"] = "30" });

        Assert.Equal(TimeSpan.FromDays(365), host.Portal.Services.GetRequiredService<IOptions<HstsOptions>>().Value.MaxAge);
        Assert.Equal(TimeSpan.FromDays(30), configured.Portal.Services.GetRequiredService<IOptions<HstsOptions>>().Value.MaxAge);
    }

    [Fact]
    public async Task Names_the_antiforgery_and_tempdata_cookies_with_the_host_prefix()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/Login");

        var antiforgery = page.SetCookie(CookieNames.Antiforgery);
        Assert.NotNull(antiforgery);
        Assert.True(antiforgery.Secure);
        Assert.Equal("/", antiforgery.Path.Value);
        Assert.StartsWith("__Host-", host.Portal.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name, StringComparison.Ordinal);
        Assert.Equal(CookieNames.TempData, host.Portal.Services.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.Name);
    }

    [Fact]
    public async Task Marks_a_redirect_that_sets_cookies_no_store()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await browser.SubmitLoginAsync("viewer@acme.test");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.NotEmpty(answer.SetCookies);
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task Refuses_a_cross_site_post_even_with_a_valid_antiforgery_token(string header, string value)
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        var me = await browser.GetAsync("/Me");
        var request = new HttpRequestMessage(HttpMethod.Post, "/Logout")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", TestBrowser.AntiforgeryToken(me.Html))]),
        };
        request.Headers.Add(header, value);

        var answer = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal(CrossSiteRequestGuard.Refusal, answer.Html);
        Assert.Empty(answer.SetCookies);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    // "null": under Referrer-Policy: no-referrer a browser sends it even on a same-origin form POST.
    [Theory]
    [InlineData("https://localhost")]
    [InlineData("null")]
    public async Task Lets_a_same_origin_post_through(string origin)
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        var me = await browser.GetAsync("/Me");
        var request = new HttpRequestMessage(HttpMethod.Post, "/Logout")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", TestBrowser.AntiforgeryToken(me.Html))]),
        };
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        var answer = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
    }
}
