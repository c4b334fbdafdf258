using System.Net;
using Lamba.AspNetCore.Authorization;
using LambaPages.Features.Admin;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Admin;

/// <summary>Who may open which admin page, proven over every page and handler the app actually serves.</summary>
public sealed class AdminGatingTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Locks_every_admin_page_with_the_folder_policy_and_a_permission_policy_of_its_own()
    {
        var host = await shared.ResetAsync();

        var pages = AdminPages(host);

        Assert.True(pages.Count >= 7, $"Expected the admin pages, found: {string.Join(", ", pages.Select(p => p.Descriptor.ViewEnginePath))}");
        foreach (var (descriptor, endpoint) in pages)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.Contains(Permissions.AdminArea, policies);
            Assert.DoesNotContain(endpoint.Metadata, m => m is IAllowAnonymous);
            if (descriptor.ViewEnginePath == "/Admin/Index")
            {
                continue; // The start page lists what the user may open: "some admin permission" is its whole policy.
            }

            Assert.True(policies.Any(p => p is not null && Permissions.All.Contains(p)),
                $"{descriptor.ViewEnginePath} has no permission policy of its own (policies: {string.Join(", ", policies)}).");
        }
    }

    [Fact]
    public async Task Refuses_a_viewer_every_admin_get_and_post_with_403_and_no_admin_call_upstream()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        var me = await browser.GetAsync("/Me");
        var handlers = await AdminHandlersAsync(host);

        // 8 pages (GET each) and 7 form handlers: a page or handler added later is covered without editing this test.
        Assert.True(handlers.Count >= 15, $"Found only: {string.Join(", ", handlers.Select(h => $"{h.Method} {h.Url}"))}");
        foreach (var (method, url, _) in handlers)
        {
            var answer = method == HttpMethods.Get
                ? await browser.GetAsync(url)
                : await browser.PostFormAsync(url, me.Html, [new("userId", "usr_x"), new("invitationId", "inv_x"), new("sessionId", "ses_x")]);

            Assert.True(answer.Status == HttpStatusCode.Forbidden, $"{method} {url} answered {(int)answer.Status}.");
            Assert.Equal("Access denied", Html.H1(answer.Html));
            var reason = Html.TextOf(answer.Html, "denied-reason");
            Assert.True(reason is not null && reason.StartsWith("You need ", StringComparison.Ordinal) && reason.EndsWith(" in Storefront (test).", StringComparison.Ordinal),
                $"{method} {url} explained: {reason}");
            Assert.Contains("href=\"/SwitchContext\"", answer.Html, StringComparison.Ordinal);
        }

        Assert.Empty(await AdminArrange.AdminCallsAsync(host));
    }

    [Fact]
    public async Task Names_the_missing_permission_and_the_current_project()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");

        var members = await browser.GetAsync("/Admin/Members");
        var start = await browser.GetAsync("/Admin");

        Assert.Equal(HttpStatusCode.Forbidden, members.Status);
        Assert.Equal("You need the members:read permission in Storefront (test).", Html.TextOf(members.Html, "denied-reason"));
        Assert.Equal("You need an admin permission in Storefront (test).", Html.TextOf(start.Html, "denied-reason"));
    }

    [Fact]
    public async Task Lets_support_read_members_but_not_invitations()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("support@acme.test");

        var start = await browser.GetAsync("/Admin");
        var invitations = await browser.GetAsync("/Admin/Invitations");

        Assert.Equal(HttpStatusCode.OK, start.Status);
        Assert.Equal(HttpStatusCode.Forbidden, invitations.Status);
        Assert.Equal("You need the invitations:read permission in Storefront (test).", Html.TextOf(invitations.Html, "denied-reason"));
        Assert.DoesNotContain("/v1/admin/invitations", string.Join(" ", await AdminArrange.AdminCallsAsync(host)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_stronger_action_on_a_page_the_user_may_read()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("support@acme.test");
        var me = await browser.GetAsync("/Me");

        var answer = await browser.PostFormAsync("/Admin/Members/Detail?userId=usr_x&handler=Roles", me.Html, [new("roleKeys", "owner")]);

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("You need the members:write permission in Storefront (test).", Html.TextOf(answer.Html, "denied-reason"));
        Assert.Equal(0, await AdminArrange.CallsAsync(host, "PATCH /v1/admin/members/{userId}"));
    }

    [Fact]
    public async Task Asks_for_a_project_first_when_the_session_has_no_context()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["LAMBA_CUSTOMER_WORKSPACE_ID"] = "",
            ["LAMBA_CUSTOMER_PROJECT_ID"] = "",
            ["LAMBA_CUSTOMER_ENV"] = "",
        });
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var answer = await browser.GetAsync("/Admin/Members");

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Contains("Pick a Project first.", Html.TextOf(answer.Html, "denied-reason"), StringComparison.Ordinal);
        Assert.Contains("<a href=\"/SwitchContext\">Pick a Project</a>", answer.Html, StringComparison.Ordinal);
        Assert.Empty(await AdminArrange.AdminCallsAsync(host));
    }

    [Fact]
    public async Task Hides_the_whole_area_when_the_admin_area_is_switched_off()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["FeatureManagement:AdminArea"] = "false" });
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var me = await browser.GetAsync("/Me");
        var start = await browser.GetAsync("/Admin");
        var members = await browser.GetAsync("/Admin/Members");

        Assert.Equal(HttpStatusCode.NotFound, start.Status);
        Assert.Equal(HttpStatusCode.NotFound, members.Status);
        Assert.DoesNotContain("href=\"/Admin", me.Html, StringComparison.Ordinal);
        Assert.Equal(0, await AdminArrange.CallsAsync(host, "GET /v1/me/authorization"));
        Assert.Empty(await AdminArrange.AdminCallsAsync(host));
    }

    [Fact]
    public async Task Hides_the_audit_page_alone_when_admin_audit_is_switched_off()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["FeatureManagement:AdminAudit"] = "false" });
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var start = await browser.GetAsync("/Admin");
        var audit = await browser.GetAsync("/Admin/Audit");
        using var viewerBrowser = host.NewBrowser();
        await viewerBrowser.SignInAsync("viewer@acme.test");
        var viewerAudit = await viewerBrowser.GetAsync("/Admin/Audit");

        Assert.Equal(HttpStatusCode.OK, start.Status);
        Assert.Contains("href=\"/Admin/Members\"", start.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Admin/Audit\"", start.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, audit.Status);
        Assert.Equal(HttpStatusCode.NotFound, viewerAudit.Status);
        Assert.Equal(0, await AdminArrange.CallsAsync(host, "GET /v1/admin/audit-events"));
    }

    [Theory]
    [InlineData("owner@acme.test", "Members,Invitations,Roles,Sessions,Audit log")]
    [InlineData("support@acme.test", "Members,Sessions")]
    [InlineData("viewer@acme.test", "")]
    public async Task Shows_only_the_admin_links_whose_policy_passes(string login, string expected)
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync(login);

        var me = await browser.GetAsync("/Me");

        var shown = AdminNavigation.Links.Where(l => me.Html.Contains($"href=\"{PageUrl(l.Page)}\"", StringComparison.Ordinal)).Select(l => l.Text);
        Assert.Equal(expected, string.Join(",", shown));
        Assert.Equal(expected.Length > 0, me.Html.Contains("href=\"/Admin\"", StringComparison.Ordinal));
    }

    internal static string PageUrl(string page) => page.EndsWith("/Index", StringComparison.Ordinal) ? page[..^"/Index".Length] : page;

    /// <summary>Every Razor page the app serves under /Admin, with its endpoint.</summary>
    internal static IReadOnlyList<(PageActionDescriptor Descriptor, Endpoint Endpoint)> AdminPages(PortalHost host) =>
        ServedPages.Pages(host, IsAdminPage);

    /// <summary>Every handler method of every admin page (from the compiled pages), as the request that reaches it.</summary>
    internal static async Task<IReadOnlyList<(string Method, string Url, string Page)>> AdminHandlersAsync(PortalHost host) =>
        (await ServedPages.HandlersAsync(host, IsAdminPage)).Select(h => (h.Method, h.Url, h.Page)).ToList();

    private static bool IsAdminPage(string path) => path.StartsWith("/Admin/", StringComparison.Ordinal);
}
