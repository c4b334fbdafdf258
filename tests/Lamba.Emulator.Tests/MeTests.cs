using System.Net;
using System.Text.Json;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tests;

public sealed class MeTests(ClassEmulator shared) : EmulatorTest(shared)
{
    [Fact]
    public async Task Context_names_the_user_and_no_project_before_switch_context()
    {
        var login = await Emulator.LoginAsync("viewer@acme.test");

        var context = await Emulator.GetJsonAsync("/v1/me/context", login.Access);

        var user = context.GetProperty("user");
        Assert.Equal(SeedData.ViewerId, user.GetProperty("id").GetString());
        Assert.Equal("viewer@acme.test", user.GetProperty("email").GetString());
        Assert.Equal("viewer", user.GetProperty("username").GetString());
        Assert.False(string.IsNullOrEmpty(user.GetProperty("displayName").GetString()));
        Assert.Equal(JsonValueKind.Null, context.GetProperty("activeWorkspace").ValueKind);
        Assert.Equal(JsonValueKind.Null, context.GetProperty("activeProject").ValueKind);
        Assert.Empty(context.GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task Authorization_is_empty_not_forbidden_without_a_context()
    {
        var login = await Emulator.LoginAsync("owner@acme.test");

        var authorization = await Emulator.GetJsonAsync("/v1/me/authorization", login.Access);

        Assert.Equal(JsonValueKind.Null, authorization.GetProperty("projectId").ValueKind);
        Assert.Empty(authorization.GetProperty("roleKeys").Strings());
        Assert.Empty(authorization.GetProperty("permissions").Strings());
    }

    [Theory]
    [InlineData("owner@acme.test", "owner", new[] { "members:read", "members:write", "invitations:read", "invitations:write", "roles:read", "sessions:read", "sessions:revoke", "audit:read" })]
    [InlineData("admin@acme.test", "admin", new[] { "members:read", "members:write", "invitations:read", "invitations:write", "roles:read", "sessions:read", "sessions:revoke", "audit:read" })]
    [InlineData("support@acme.test", "support", new[] { "members:read", "sessions:read", "sessions:revoke" })]
    [InlineData("viewer@acme.test", "viewer", new string[0])]
    public async Task Authorization_lists_the_roles_and_the_union_of_their_permissions(string login, string role, string[] permissions)
    {
        var tokens = await Emulator.LoginAsync(login, mfaCode: null);
        var switched = await Emulator.SwitchAsync(tokens.Access);

        var authorization = await Emulator.GetJsonAsync("/v1/me/authorization", switched.Access);

        Assert.Equal(SeedData.WorkspaceId, authorization.GetProperty("workspaceId").GetString());
        Assert.Equal(SeedData.StorefrontId, authorization.GetProperty("projectId").GetString());
        Assert.Equal("test", authorization.GetProperty("environment").GetString());
        Assert.Equal([role], authorization.GetProperty("roleKeys").Strings());
        Assert.Equal(permissions, authorization.GetProperty("permissions").Strings());
    }

    [Fact]
    public async Task Authorization_names_the_user_and_the_session_so_a_cached_copy_can_be_dropped_by_webhook()
    {
        var switched = await Emulator.SwitchAsync((await Emulator.LoginAsync("admin@acme.test")).Access);

        var authorization = await Emulator.GetJsonAsync("/v1/me/authorization", switched.Access);

        var sessionId = await Emulator.WithDbAsync(db => Task.FromResult(db.Sessions.Single().Id));
        Assert.True(authorization.TryGetProperty("userId", out var userId), authorization.ToString());
        Assert.Equal(SeedData.AdminId, userId.GetString());
        Assert.Equal(sessionId, authorization.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task Authorization_drops_the_roles_of_a_membership_suspended_after_the_switch()
    {
        var login = await Emulator.LoginAsync("admin@acme.test");
        var switched = await Emulator.SwitchAsync(login.Access);
        await Emulator.WithDbAsync(db => db.Memberships.Where(m => m.UserId == SeedData.AdminId && m.ProjectId == SeedData.StorefrontId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MembershipStatus.Suspended)));

        var authorization = await Emulator.GetJsonAsync("/v1/me/authorization", switched.Access);

        Assert.Empty(authorization.GetProperty("roleKeys").Strings());
        Assert.Empty(authorization.GetProperty("permissions").Strings());
    }

    [Fact]
    public async Task Memberships_list_where_switch_context_can_go()
    {
        var login = await Emulator.LoginAsync("owner@acme.test");

        var list = await Emulator.GetJsonAsync("/v1/me/memberships", login.Access);

        Assert.Equal(JsonValueKind.Null, list.GetProperty("nextCursor").ValueKind);
        var items = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("project").GetProperty("id").GetString()!);
        Assert.Equal(2, items.Count);
        Assert.Equal("Storefront", items[SeedData.StorefrontId].GetProperty("project").GetProperty("name").GetString());
        Assert.Equal(["test", "prod"], items[SeedData.StorefrontId].GetProperty("environments").Strings());
        Assert.Equal(["owner"], items[SeedData.StorefrontId].GetProperty("roleKeys").Strings());
        Assert.Equal(["test"], items[SeedData.BackOfficeId].GetProperty("environments").Strings());
        Assert.Equal("Acme", items[SeedData.BackOfficeId].GetProperty("workspace").GetProperty("name").GetString());
        Assert.Equal(SeedData.WorkspaceId, items[SeedData.BackOfficeId].GetProperty("workspace").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Memberships_keep_different_roles_per_project_apart()
    {
        var login = await Emulator.LoginAsync("admin@acme.test");

        var items = (await Emulator.GetJsonAsync("/v1/me/memberships", login.Access)).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("project").GetProperty("id").GetString()!, i => i.GetProperty("roleKeys").Strings());

        Assert.Equal(["admin"], items[SeedData.StorefrontId]);
        Assert.Equal(["viewer"], items[SeedData.BackOfficeId]);
    }

    [Fact]
    public async Task Memberships_leave_out_suspended_ones()
    {
        await Emulator.WithDbAsync(db => db.Memberships.Where(m => m.UserId == SeedData.OwnerId && m.ProjectId == SeedData.BackOfficeId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MembershipStatus.Suspended)));
        var login = await Emulator.LoginAsync("owner@acme.test");

        var items = (await Emulator.GetJsonAsync("/v1/me/memberships", login.Access)).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(SeedData.StorefrontId, Assert.Single(items).GetProperty("project").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("/v1/me/context")]
    [InlineData("/v1/me/authorization")]
    [InlineData("/v1/me/memberships")]
    public async Task Every_me_route_needs_a_live_session(string route)
    {
        using var response = await Emulator.GetAsync(route);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }
}
