using System.Net;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Me;

public sealed class MePageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Sends_anonymous_visitors_to_sign_in_and_back()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Login?returnUrl=%2FMe", answer.Location?.ToString());
    }

    [Fact]
    public async Task Shows_who_is_signed_in_and_the_current_context()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var me = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("Your account", Html.H1(me.Html));
        var text = Html.Text(me.Html);
        Assert.Contains("Signed in as owner@acme.test", text, StringComparison.Ordinal);
        Assert.Contains("Workspace Acme wrk_acme", text, StringComparison.Ordinal);
        Assert.Contains("Project Storefront prj_storefront", text, StringComparison.Ordinal);
        Assert.Contains("Environment test", text, StringComparison.Ordinal);
        Assert.Contains("Roles owner", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_the_context_and_a_sign_out_button_in_the_layout_with_one_upstream_call()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");

        var me = await browser.GetAsync("/Me");

        Assert.Matches("""<p class="current-context">\s*<span class="visually-hidden">Current context:</span>\s*<span>Acme / Storefront</span>\s*<span class="badge badge-test">test</span>""", me.Html);
        Assert.Matches("""<form method="post"(?=[^>]* class="sign-out")(?=[^>]* action="/Logout")[^>]*>""", me.Html);
        Assert.Contains(">Sign out</button>", me.Html, StringComparison.Ordinal);
        var calls = (await host.StatsAsync()).GetProperty("calls");
        Assert.Equal(1, calls.GetProperty("GET /v1/me/context").GetInt64());
    }

    [Fact]
    public async Task Sends_the_site_root_to_the_account_page()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");

        var root = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, root.Status);
        Assert.Equal("/Me", root.Location?.ToString());
    }
}
