using System.Net;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.SwitchContext;

public sealed class SwitchContextPageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Lists_every_context_of_the_owner_and_marks_the_current_one()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var page = await browser.GetAsync("/SwitchContext");

        var text = Html.Text(page.Html);
        Assert.Contains("Acme / Storefront test owner Current", text, StringComparison.Ordinal);
        Assert.Contains("Acme / Storefront prod owner Switch to Acme / Storefront (prod)", text, StringComparison.Ordinal);
        Assert.Contains("Acme / Back Office test owner Switch to Acme / Back Office (test)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switches_to_prod_returns_to_the_page_it_came_from_and_says_where_it_is()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var page = await browser.GetAsync("/SwitchContext?returnUrl=%2FMe%3Ffrom%3Dswitch");

        var answer = await SwitchAsync(browser, page, "prj_storefront", "prod", returnUrl: "/Me?from=switch");
        var me = await browser.FollowAsync(answer);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Me?from=switch", answer.Location?.ToString());
        Assert.NotNull(answer.SetCookie("__Host-lamba_access_token"));
        Assert.NotNull(answer.SetCookie("__Host-lamba_refresh_token"));
        Assert.Equal("Switched to Acme / Storefront (prod).", Html.Status(me.Html));
        Assert.Contains("""<span class="badge badge-prod">prod</span>""", me.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("badge-test", me.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Goes_to_the_account_page_when_the_return_url_leaves_the_site()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var page = await browser.GetAsync("/SwitchContext");

        var answer = await SwitchAsync(browser, page, "prj_backoffice", "test", returnUrl: "https://evil.example/");

        Assert.Equal("/Me", answer.Location?.ToString());
        var me = await browser.FollowAsync(answer);
        Assert.Equal("Switched to Acme / Back Office (test).", Html.Status(me.Html));
        Assert.Contains("Back Office", Html.Text(me.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explains_a_refusal_for_a_project_the_user_is_not_a_member_of()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        var page = await browser.GetAsync("/SwitchContext");

        var answer = await SwitchAsync(browser, page, "prj_storefront", "prod");

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Contains("You are not a member of that Project in that environment", Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
        Assert.Contains("Acme / Storefront test viewer Current", Html.Text(answer.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explains_a_project_that_does_not_exist()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var page = await browser.GetAsync("/SwitchContext");

        var answer = await SwitchAsync(browser, page, "prj_gone", "test");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Contains("That Workspace or Project no longer exists.", Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_to_switch_without_antiforgery()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var switchesBefore = await host.CallsAsync("POST /v1/sessions/switch-context");

        var answer = await browser.PostFormAsync("/SwitchContext", "",
            [new("Input.WorkspaceId", "wrk_acme"), new("Input.ProjectId", "prj_storefront"), new("Input.Environment", "prod")], withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(1, switchesBefore);
        Assert.Equal(switchesBefore, await host.CallsAsync("POST /v1/sessions/switch-context"));
    }

    [Fact]
    public async Task Sends_anonymous_visitors_to_sign_in_first()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await browser.GetAsync("/SwitchContext");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.StartsWith("/Login?returnUrl=", answer.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offers_a_change_link_in_the_layout_that_comes_back_to_the_current_page()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var me = await browser.GetAsync("/Me");

        Assert.Contains("""<a class="change-context" href="/SwitchContext?returnUrl=%2FMe">Change<span class="visually-hidden"> context</span></a>""",
            me.Html, StringComparison.Ordinal);
        Assert.Contains("""<span class="badge badge-test">test</span>""", me.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refreshes_an_expired_session_once_and_still_switches()
    {
        await using var host = await PortalHost.StartAsync(o => o.AccessTokenLifetime = TimeSpan.FromSeconds(30));
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var page = await browser.GetAsync("/SwitchContext");
        await host.AdvanceEmulatorClockAsync(TimeSpan.FromMinutes(1));

        var answer = await SwitchAsync(browser, page, "prj_storefront", "prod");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal(1, await host.RefreshCountAsync());
    }

    private static Task<TestResponse> SwitchAsync(TestBrowser browser, TestResponse page, string projectId, string environment, string returnUrl = "") =>
        browser.PostFormAsync("/SwitchContext", page.Html,
        [
            new("Input.WorkspaceId", "wrk_acme"), new("Input.ProjectId", projectId), new("Input.Environment", environment), new("ReturnUrl", returnUrl),
        ]);
}
