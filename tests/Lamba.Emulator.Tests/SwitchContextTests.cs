using System.Net;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lamba.Emulator.Tests;

public sealed class SwitchContextTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/sessions/switch-context";

    [Fact]
    public async Task Scopes_the_same_session_to_the_project_environment()
    {
        var login = await Emulator.LoginAsync("owner@acme.test");

        var switched = await Emulator.SwitchAsync(login.Access, SeedData.StorefrontId, "prod");

        var before = new JsonWebToken(login.Access);
        var after = new JsonWebToken(switched.Access);
        Assert.Equal(before.GetClaim("sid").Value, after.GetClaim("sid").Value);
        Assert.False(before.TryGetClaim("pid", out _));
        Assert.Equal(SeedData.WorkspaceId, after.GetClaim("wid").Value);
        Assert.Equal(SeedData.StorefrontId, after.GetClaim("pid").Value);
        Assert.Equal("prod", after.GetClaim("env").Value);
        var context = await Emulator.GetJsonAsync("/v1/me/context", switched.Access);
        Assert.Equal("Acme", context.GetProperty("activeWorkspace").GetProperty("name").GetString());
        Assert.Equal("Storefront", context.GetProperty("activeProject").GetProperty("name").GetString());
        Assert.Equal("prod", context.GetProperty("activeProject").GetProperty("environment").GetString());
        Assert.Equal(["owner"], context.GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task Stops_the_previous_access_token()
    {
        var login = await Emulator.LoginAsync("owner@acme.test");
        var switched = await Emulator.SwitchAsync(login.Access);

        using var old = await Emulator.GetAsync("/v1/me/context", login.Access);

        await Problem.AssertAsync(old, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await Emulator.GetJsonAsync("/v1/me/context", switched.Access);
    }

    [Fact]
    public async Task Rotates_the_previous_refresh_token()
    {
        var login = await Emulator.LoginAsync("owner@acme.test");
        var switched = await Emulator.SwitchAsync(login.Access);

        using var oldRefresh = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = login.Refresh });

        await Problem.AssertAsync(oldRefresh, HttpStatusCode.Unauthorized, "REFRESH_TOKEN_REUSED");
        using var newAccess = await Emulator.GetAsync("/v1/me/context", switched.Access);
        await Problem.AssertAsync(newAccess, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
    }

    [Fact]
    public async Task Can_switch_again_from_one_project_to_another()
    {
        var login = await Emulator.LoginAsync("owner@acme.test");
        var storefront = await Emulator.SwitchAsync(login.Access);

        var backOffice = await Emulator.SwitchAsync(storefront.Access, SeedData.BackOfficeId);

        var authorization = await Emulator.GetJsonAsync("/v1/me/authorization", backOffice.Access);
        Assert.Equal(SeedData.BackOfficeId, authorization.GetProperty("projectId").GetString());
        using var refreshed = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = backOffice.Refresh });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task Denies_a_project_the_user_is_not_a_member_of()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route, new { workspaceId = SeedData.WorkspaceId, projectId = SeedData.BackOfficeId, environment = "test" }, login.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
        await Emulator.GetJsonAsync("/v1/me/context", login.Access);
    }

    [Fact]
    public async Task Denies_an_environment_where_the_user_has_no_membership()
    {
        var login = await Emulator.LoginAsync("admin@acme.test");

        using var response = await Emulator.PostAsync(Route, new { workspaceId = SeedData.WorkspaceId, projectId = SeedData.StorefrontId, environment = "prod" }, login.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
    }

    [Fact]
    public async Task Denies_a_suspended_membership()
    {
        await Emulator.WithDbAsync(db => db.Memberships.Where(m => m.UserId == SeedData.ViewerId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MembershipStatus.Suspended)));
        var login = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route, new { workspaceId = SeedData.WorkspaceId, projectId = SeedData.StorefrontId, environment = "test" }, login.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
    }

    [Theory]
    [InlineData("wrk_nope", SeedData.StorefrontId)]
    [InlineData(SeedData.WorkspaceId, "prj_nope")]
    public async Task Answers_not_found_for_an_unknown_workspace_or_project(string workspaceId, string projectId)
    {
        var login = await Emulator.LoginAsync("owner@acme.test");

        using var response = await Emulator.PostAsync(Route, new { workspaceId, projectId, environment = "test" }, login.Access);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Validates_every_field()
    {
        var login = await Emulator.LoginAsync("owner@acme.test");

        using var response = await Emulator.PostAsync(Route, new { workspaceId = "", environment = "staging" }, login.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["environment", "projectId", "workspaceId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Needs_a_bearer_token()
    {
        using var response = await Emulator.PostAsync(Route, new { workspaceId = SeedData.WorkspaceId, projectId = SeedData.StorefrontId, environment = "test" });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Audits_the_switch_in_the_entered_project()
    {
        var login = await Emulator.LoginAsync("owner@acme.test");
        await Emulator.SwitchAsync(login.Access, SeedData.BackOfficeId);

        var audit = await Emulator.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == AuditActions.ContextSwitched));
        Assert.Equal(SeedData.BackOfficeId, audit.ProjectId);
        Assert.Equal("owner@acme.test", audit.ActorEmail);
    }
}
