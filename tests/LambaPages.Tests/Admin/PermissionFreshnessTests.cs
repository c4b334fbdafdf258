using System.Net;
using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LambaPages.Tests.Admin;

/// <summary>How long the portal trusts what /v1/me/authorization said, and what it does when it cannot ask.</summary>
public sealed class PermissionFreshnessTests(ITestOutputHelper output)
{
    private const string Route = "GET /v1/me/authorization";

    [Fact]
    public async Task Asks_lamba_at_most_once_for_ten_admin_page_views_within_the_cache_window()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        string[] pages = ["/Admin", "/Admin/Members", "/Admin/Invitations", "/Admin/Roles", "/Admin/Sessions"];
        var before = await AdminArrange.CallsAsync(host, Route);

        for (var view = 0; view < 10; view++)
        {
            var page = await browser.GetAsync(pages[view % pages.Length]);
            Assert.Equal(HttpStatusCode.OK, page.Status);
        }

        var measured = await AdminArrange.CallsAsync(host, Route) - before;
        output.WriteLine($"{Route} calls for ten admin page views in one session: {measured}");
        Assert.InRange(measured, 1, 1);
    }

    [Fact]
    public async Task Takes_the_page_away_from_a_demoted_user_within_the_cache_window_plus_one_request()
    {
        // A window no test run outlasts on the wall clock: only moving the portal's clock can age the cached answer.
        var window = PermissionCacheOptions.MaximumLifetime;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await PortalHost.StartAsync(
            settings: new Dictionary<string, string?> { ["PermissionCache:Lifetime"] = window.ToString() }, portalClock: clock);
        using var browser = host.NewBrowser();
        await browser.SignInAsync("support@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Admin/Members")).Status);

        await AdminArrange.SetRolesAsync(host, "support@acme.test", "viewer");
        var loadsBefore = await AdminArrange.CallsAsync(host, Route);

        // Inside the window the portal believes what Lamba said before the demotion: /Admin is drawn from the cached
        // permissions alone (no admin call of its own that Lamba could refuse), without asking again.
        var stale = await browser.GetAsync("/Admin");
        var loadsWithinWindow = await AdminArrange.CallsAsync(host, Route) - loadsBefore;
        clock.Advance(window);
        var after = await browser.GetAsync("/Admin");
        var loadsAfterWindow = await AdminArrange.CallsAsync(host, Route) - loadsBefore;
        var members = await browser.GetAsync("/Admin/Members");

        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Equal(0, loadsWithinWindow);
        Assert.Equal(HttpStatusCode.Forbidden, after.Status);
        Assert.Equal(1, loadsAfterWindow);
        Assert.Equal(HttpStatusCode.Forbidden, members.Status);
        Assert.Equal("You need the members:read permission in Storefront (test).", Html.TextOf(members.Html, "denied-reason"));
    }

    [Fact]
    public async Task Believes_lambas_403_on_an_admin_action_at_once_and_denies_the_next_action_without_waiting_for_the_cache()
    {
        // S32. The default window (30 s): the portal's cache still says "may invite" after the demotion.
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var invitations = await browser.GetAsync("/Admin/Invitations");
        Assert.Contains("Send invitation", invitations.Html, StringComparison.Ordinal);
        await AdminArrange.SetRolesAsync(host, "admin@acme.test", "viewer");
        var loadsBefore = await AdminArrange.CallsAsync(host, Route);

        var refused = await browser.PostFormAsync("/Admin/Invitations?handler=Invite", invitations.Html,
            [new("Input.Email", "new-hire@acme.test"), new("Input.RoleKeys", "viewer"), new("Input.ExpiresInDays", "7")]);
        var next = await browser.GetAsync("/Admin/Members");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("Access denied", Html.H1(refused.Html));
        Assert.Equal("You need the invitations:write permission in Storefront (test).", Html.TextOf(refused.Html, "denied-reason"));
        Assert.Equal(HttpStatusCode.Forbidden, next.Status);
        Assert.Equal("You need the members:read permission in Storefront (test).", Html.TextOf(next.Html, "denied-reason"));
        Assert.True(await AdminArrange.CallsAsync(host, Route) > loadsBefore, "The next request must ask Lamba again, not the cache.");
        Assert.Contains("POST /v1/admin/invitations x1", await AdminArrange.AdminCallsAsync(host));
    }

    [Fact]
    public async Task Shows_the_denied_page_not_the_error_page_when_lamba_refuses_an_admin_read_the_cache_still_allowed()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("support@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Admin/Members")).Status);
        await AdminArrange.SetRolesAsync(host, "support@acme.test", "viewer");
        var loadsBefore = await AdminArrange.CallsAsync(host, Route);

        var refused = await browser.GetAsync("/Admin/Members");
        var next = await browser.GetAsync("/Admin/Sessions");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("You need the members:read permission in Storefront (test).", Html.TextOf(refused.Html, "denied-reason"));
        Assert.Equal(HttpStatusCode.Forbidden, next.Status);
        Assert.True(await AdminArrange.CallsAsync(host, Route) > loadsBefore, "The refusal must drop the cached permissions.");
        Assert.False(refused.Deletes(LambaOptions.DefaultSessionCookie), "A refusal is not a reason to sign out.");
    }

    [Fact]
    public async Task Denies_with_the_error_page_when_lamba_cannot_say_what_the_user_may_do()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        await host.AddFaultAsync("/v1/me/authorization", 503, count: 10);

        var answer = await browser.GetAsync("/Admin/Members");

        Assert.Equal(HttpStatusCode.BadGateway, answer.Status);
        Assert.Equal("Something went wrong", Html.H1(answer.Html));
        Assert.Contains("Trace id:", Html.Text(answer.Html), StringComparison.Ordinal);
        Assert.False(answer.Deletes(LambaOptions.DefaultSessionCookie), "A Lamba outage must not sign the user out.");
        Assert.Empty(await AdminArrange.AdminCallsAsync(host));
    }

    [Fact]
    public async Task Never_grants_from_an_expired_answer_when_lamba_then_fails()
    {
        // A window no test run outlasts on the wall clock: only moving the portal's clock can age the cached answer.
        var window = PermissionCacheOptions.MaximumLifetime;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await PortalHost.StartAsync(
            settings: new Dictionary<string, string?> { ["PermissionCache:Lifetime"] = window.ToString() }, portalClock: clock);
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Admin")).Status);

        clock.Advance(window);
        await host.AddFaultAsync("/v1/me/authorization", 503, count: 10);
        var answer = await browser.GetAsync("/Admin");

        Assert.Equal(HttpStatusCode.BadGateway, answer.Status);
        Assert.Equal("Something went wrong", Html.H1(answer.Html));
    }

    [Fact]
    public async Task Drops_the_admins_own_cached_permissions_when_they_change_their_own_roles()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var adminId = await AdminArrange.UserIdAsync(host, "admin@acme.test");
        var detail = await browser.GetAsync("/Admin/Members/Detail?userId=" + adminId);
        Assert.Contains("Save roles", detail.Html, StringComparison.Ordinal);

        var saved = await browser.PostFormAsync($"/Admin/Members/Detail?userId={adminId}&handler=Roles", detail.Html, [new("roleKeys", "support")]);
        var invitations = await browser.GetAsync("/Admin/Invitations");

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(HttpStatusCode.Forbidden, invitations.Status);
    }

    [Fact]
    public async Task Forgets_the_cached_permissions_when_the_user_signs_out()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var start = await browser.GetAsync("/Admin");
        var cachedBefore = PermissionKeys(host);

        await browser.PostFormAsync("/Logout", start.Html, []);

        Assert.Single(cachedBefore);
        Assert.Empty(PermissionKeys(host));
    }

    [Fact]
    public async Task Forgets_the_cached_permissions_when_lamba_refuses_to_refresh_the_session()
    {
        await using var host = await PortalHost.StartAsync();
        using var scope = host.Portal.Services.CreateScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var session = scope.ServiceProvider.GetRequiredService<LambaSession>();
        session.SignIn(new LambaTokens("access-token-value", "a-refresh-token-lamba-never-issued", DateTimeOffset.UtcNow.AddDays(1)));
        var cache = host.Portal.Services.GetRequiredService<IPermissionCache>();
        await cache.GetOrLoadAsync(session, _ => Task.FromResult(new SessionAuthorization(null, null, null, [], [])), CancellationToken.None);
        var cachedBefore = PermissionKeys(host);

        var refreshed = await session.TryRefreshAsync("access-token-value", CancellationToken.None);

        Assert.False(refreshed);
        Assert.Single(cachedBefore);
        Assert.Empty(PermissionKeys(host));
        accessor.HttpContext = null;
    }

    private static List<string> PermissionKeys(PortalHost host) =>
        ((Microsoft.Extensions.Caching.Memory.MemoryCache)host.Portal.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>())
            .Keys.Select(k => k.ToString()!).Where(k => k.StartsWith("LambaPages.Permissions:", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Forgets_a_sessions_permissions_on_request_and_keys_them_by_a_hash_of_the_refresh_token()
    {
        await using var host = await PortalHost.StartAsync();
        var cache = host.Portal.Services.GetRequiredService<IPermissionCache>();
        using var scope = host.Portal.Services.CreateScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var session = scope.ServiceProvider.GetRequiredService<LambaSession>();
        session.SignIn(new LambaTokens("access-token-value", "refresh-token-value", DateTimeOffset.UtcNow.AddDays(1)));
        var loads = 0;
        Task<SessionAuthorization> Load(CancellationToken _)
        {
            loads++;
            return Task.FromResult(new SessionAuthorization("wrk_acme", "prj_storefront", "test", ["admin"], [Permissions.MembersRead]));
        }

        await cache.GetOrLoadAsync(session, Load, CancellationToken.None);
        await cache.GetOrLoadAsync(session, Load, CancellationToken.None);
        cache.Forget(session);
        var reloaded = await cache.GetOrLoadAsync(session, Load, CancellationToken.None);

        Assert.Equal(2, loads);
        Assert.True(reloaded.Has(Permissions.MembersRead));
        var memory = (Microsoft.Extensions.Caching.Memory.MemoryCache)host.Portal.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>();
        Assert.DoesNotContain(memory.Keys, k => k.ToString()!.Contains("refresh-token-value", StringComparison.Ordinal));
        accessor.HttpContext = null;
    }
}
