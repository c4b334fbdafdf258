using System.Net;

namespace Lamba.Emulator.Tests;

/// <summary>Section 5's gate, route by route: a bearer session, then an active context, then the route's permission.</summary>
public sealed class AdminAccessContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/v1/admin/members" },
        { "GET", "/v1/admin/members/usr_viewer" },
        { "PATCH", "/v1/admin/members/usr_viewer" },
        { "DELETE", "/v1/admin/members/usr_viewer" },
        { "GET", "/v1/admin/invitations" },
        { "POST", "/v1/admin/invitations" },
        { "POST", "/v1/admin/invitations/inv_x/resend" },
        { "DELETE", "/v1/admin/invitations/inv_x" },
        { "GET", "/v1/admin/roles" },
        { "GET", "/v1/admin/permissions" },
        { "GET", "/v1/admin/sessions" },
        { "DELETE", "/v1/admin/sessions/ses_x" },
        { "GET", "/v1/admin/audit-events" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Refuses_a_caller_without_a_session(string method, string path)
    {
        using var response = await Emulator.SendAsync(new HttpMethod(method), path, Body(method));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Asks_for_a_context_before_anything_else(string method, string path)
    {
        var owner = await Emulator.LoginAsync("owner@acme.test");

        using var response = await Emulator.SendAsync(new HttpMethod(method), path, Body(method), owner.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "CONTEXT_REQUIRED");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Denies_a_viewer_every_admin_route(string method, string path)
    {
        var viewer = await Emulator.ScopedAsync("viewer@acme.test");

        using var response = await Emulator.SendAsync(new HttpMethod(method), path, Body(method), viewer);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
        Assert.Contains(":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_support_exactly_members_read_and_session_routes()
    {
        var support = await Emulator.ScopedAsync("support@acme.test");

        using var members = await Emulator.GetAsync("/v1/admin/members", support);
        using var sessions = await Emulator.GetAsync("/v1/admin/sessions", support);
        using var patch = await Emulator.PatchAsync("/v1/admin/members/usr_viewer", AdminTestClient.RoleKeys("admin"), support);
        using var invitations = await Emulator.GetAsync("/v1/admin/invitations", support);
        using var roles = await Emulator.GetAsync("/v1/admin/roles", support);
        using var audit = await Emulator.GetAsync("/v1/admin/audit-events", support);

        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        await Problem.AssertAsync(patch, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
        await Problem.AssertAsync(invitations, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
        await Problem.AssertAsync(roles, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
        await Problem.AssertAsync(audit, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
    }

    [Fact]
    public async Task Judges_permissions_in_the_active_context_not_elsewhere()
    {
        // admin@acme.test is an admin in Storefront test but only a viewer in Back Office test.
        var inBackOffice = await Emulator.ScopedAsync("admin@acme.test", "prj_backoffice");

        using var response = await Emulator.GetAsync("/v1/admin/members", inBackOffice);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
    }

    private static object? Body(string method) => method is "POST" or "PATCH" ? new { } : null;
}
