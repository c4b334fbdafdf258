using System.Net;
using System.Text.Json;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

public sealed class AdminMembersContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/admin/members";

    [Fact]
    public async Task Lists_the_members_of_the_active_project_environment_in_join_order()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        await Emulator.LoginAsync("viewer@acme.test");

        var (items, nextCursor) = await Emulator.ListAsync(Route, owner);

        Assert.Null(nextCursor);
        Assert.Equal(
            [SeedData.OwnerId, SeedData.AdminId, SeedData.SupportId, SeedData.ViewerId, SeedData.MfaId],
            items.Select(m => m.GetProperty("userId").GetString()!).ToArray());
        var viewer = items[3];
        Assert.Equal(
            ["displayName", "email", "joinedAt", "lastLoginAt", "roleKeys", "status", "userId"],
            viewer.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("viewer@acme.test", viewer.GetProperty("email").GetString());
        Assert.Equal("Vera Viewer", viewer.GetProperty("displayName").GetString());
        Assert.Equal(["viewer"], viewer.GetProperty("roleKeys").Strings());
        Assert.Equal("active", viewer.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, viewer.GetProperty("lastLoginAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[2].GetProperty("lastLoginAt").ValueKind);
    }

    [Fact]
    public async Task Lists_only_the_members_of_the_active_project()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);

        var (items, _) = await Emulator.ListAsync(Route, owner);

        Assert.Equal([SeedData.OwnerId, SeedData.AdminId], items.Select(m => m.GetProperty("userId").GetString()!).ToArray());
        Assert.Equal(["viewer"], items[1].GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task Pages_twenty_members_by_default_and_follows_the_cursor_to_a_null_end()
    {
        for (var i = 0; i < 18; i++)
        {
            await Emulator.RegisterAsync($"member{i:00}");
        }

        var admin = await Emulator.ScopedAsync("admin@acme.test");

        var (firstPage, cursor) = await Emulator.ListAsync(Route, admin);
        Assert.Equal(20, firstPage.Length);
        Assert.NotNull(cursor);
        var (secondPage, end) = await Emulator.ListAsync(Route + "?cursor=" + Uri.EscapeDataString(cursor), admin);
        Assert.Equal(3, secondPage.Length);
        Assert.Null(end);

        var all = await Emulator.AllPagesAsync(Route, admin, limit: 7);
        Assert.Equal(23, all.Count);
        Assert.Equal(
            firstPage.Concat(secondPage).Select(m => m.GetProperty("userId").GetString()),
            all.Select(m => m.GetProperty("userId").GetString()));
        Assert.Equal(23, (await Emulator.ListAsync(Route + "?limit=100", admin)).Items.Length);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=many")]
    [InlineData("?cursor=%2A%2A%2A")]
    public async Task Rejects_paging_input_outside_the_contract(string query)
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        using var response = await Emulator.GetAsync(Route + query, admin);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Theory]
    [InlineData("vera", SeedData.ViewerId)]
    [InlineData("SUPPORT@ACME", SeedData.SupportId)]
    [InlineData("morgan mfa", SeedData.MfaId)]
    public async Task Filters_by_a_part_of_the_email_or_display_name_ignoring_case(string query, string expected)
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        var (items, _) = await Emulator.ListAsync(Route + "?query=" + Uri.EscapeDataString(query), admin);

        Assert.Equal(expected, Assert.Single(items).GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Treats_wildcards_in_the_query_as_plain_text()
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        var (items, _) = await Emulator.ListAsync(Route + "?query=%25", admin);

        Assert.Empty(items);
    }

    [Fact]
    public async Task Shows_one_member_and_answers_not_found_for_a_non_member()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);

        var member = await Emulator.GetJsonAsync(Route + "/" + SeedData.AdminId, owner);
        using var outsider = await Emulator.GetAsync(Route + "/" + SeedData.SupportId, owner);
        using var unknown = await Emulator.GetAsync(Route + "/usr_nobody", owner);

        Assert.Equal("admin@acme.test", member.GetProperty("email").GetString());
        Assert.Equal(["viewer"], member.GetProperty("roleKeys").Strings());
        await Problem.AssertAsync(outsider, HttpStatusCode.NotFound, "NOT_FOUND");
        await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Changes_a_members_roles_with_immediate_effect_on_their_permissions()
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");
        var viewer = await Emulator.ScopedAsync("viewer@acme.test");

        using var response = await Emulator.PatchAsync(Route + "/" + SeedData.ViewerId, AdminTestClient.RoleKeys("support", "support"), admin);

        var member = await response.JsonAsync();
        Assert.Equal(["support"], member.GetProperty("roleKeys").Strings());
        Assert.Equal(["support"], (await Emulator.GetJsonAsync(Route + "/" + SeedData.ViewerId, admin)).GetProperty("roleKeys").Strings());
        var authorization = await Emulator.GetJsonAsync("/v1/me/authorization", viewer);
        Assert.Equal(["members:read", "sessions:read", "sessions:revoke"], authorization.GetProperty("permissions").Strings());
        using var nowAllowed = await Emulator.GetAsync(Route, viewer);
        Assert.Equal(HttpStatusCode.OK, nowAllowed.StatusCode);
    }

    [Fact]
    public async Task Rejects_unknown_and_missing_roles_by_field()
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        using var unknown = await Emulator.PatchAsync(Route + "/" + SeedData.ViewerId, AdminTestClient.RoleKeys("viewer", "superuser"), admin);
        using var empty = await Emulator.PatchAsync(Route + "/" + SeedData.ViewerId, new { roleKeys = Array.Empty<string>() }, admin);
        using var missing = await Emulator.PatchAsync(Route + "/" + SeedData.ViewerId, new { }, admin);

        foreach (var response in new[] { unknown, empty, missing })
        {
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
            Assert.True(problem.GetProperty("errors").TryGetProperty("roleKeys", out _));
        }

        Assert.Equal(["viewer"], (await Emulator.GetJsonAsync(Route + "/" + SeedData.ViewerId, admin)).GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task Answers_not_found_when_changing_a_non_member()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);

        using var patch = await Emulator.PatchAsync(Route + "/" + SeedData.SupportId, AdminTestClient.RoleKeys("viewer"), owner);
        using var delete = await Emulator.DeleteAsync(Route + "/" + SeedData.SupportId, owner);

        await Problem.AssertAsync(patch, HttpStatusCode.NotFound, "NOT_FOUND");
        await Problem.AssertAsync(delete, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Will_not_demote_or_remove_the_last_member_who_can_manage_members()
    {
        // In Back Office test only the owner holds members:write.
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);

        using var demote = await Emulator.PatchAsync(Route + "/" + SeedData.OwnerId, AdminTestClient.RoleKeys("viewer"), owner);
        using var remove = await Emulator.DeleteAsync(Route + "/" + SeedData.OwnerId, owner);

        await Problem.AssertAsync(demote, HttpStatusCode.Conflict, "LAST_ADMIN");
        await Problem.AssertAsync(remove, HttpStatusCode.Conflict, "LAST_ADMIN");
        Assert.Equal(["owner"], (await Emulator.GetJsonAsync(Route + "/" + SeedData.OwnerId, owner)).GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task Lets_the_last_manager_step_down_once_someone_else_can_manage_members()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        using var promote = await Emulator.PatchAsync(Route + "/" + SeedData.AdminId, AdminTestClient.RoleKeys("admin"), owner);
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);

        using var demote = await Emulator.PatchAsync(Route + "/" + SeedData.OwnerId, AdminTestClient.RoleKeys("viewer"), owner);

        Assert.Equal(["viewer"], (await demote.JsonAsync()).GetProperty("roleKeys").Strings());
        var admin = await Emulator.ScopedAsync("admin@acme.test", SeedData.BackOfficeId);
        using var lastOne = await Emulator.DeleteAsync(Route + "/" + SeedData.AdminId, admin);
        await Problem.AssertAsync(lastOne, HttpStatusCode.Conflict, "LAST_ADMIN");
    }

    [Fact]
    public async Task Keeps_a_manager_when_roles_change_to_another_role_that_can_manage()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);

        using var response = await Emulator.PatchAsync(Route + "/" + SeedData.OwnerId, AdminTestClient.RoleKeys("admin"), owner);

        Assert.Equal(["admin"], (await response.JsonAsync()).GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task Removing_a_member_ends_their_sessions_in_this_project_only()
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");
        var inStorefront = await Emulator.ScopedAsync("viewer@acme.test");
        var unscoped = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.DeleteAsync(Route + "/" + SeedData.ViewerId, admin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var scopedCall = await Emulator.GetAsync("/v1/me/profile", inStorefront);
        await Problem.AssertAsync(scopedCall, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        await Emulator.GetJsonAsync("/v1/me/profile", unscoped.Access);
        using var member = await Emulator.GetAsync(Route + "/" + SeedData.ViewerId, admin);
        await Problem.AssertAsync(member, HttpStatusCode.NotFound, "NOT_FOUND");
        using var switchBack = await Emulator.PostAsync(
            "/v1/sessions/switch-context", new { workspaceId = SeedData.WorkspaceId, projectId = SeedData.StorefrontId, environment = "test" }, unscoped.Access);
        await Problem.AssertAsync(switchBack, HttpStatusCode.Forbidden, "AUTHORIZATION_DENIED");
    }

    [Fact]
    public async Task Removing_a_member_of_one_environment_keeps_the_other()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        using var promote = await Emulator.PatchAsync(Route + "/" + SeedData.AdminId, AdminTestClient.RoleKeys("owner"), owner);
        var admin = await Emulator.ScopedAsync("admin@acme.test");
        var ownerInProd = await Emulator.ScopedAsync("owner@acme.test", environment: "prod");

        using var response = await Emulator.DeleteAsync(Route + "/" + SeedData.OwnerId, admin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var (prodMembers, _) = await Emulator.ListAsync(Route, ownerInProd);
        Assert.Contains(prodMembers, m => m.GetProperty("userId").GetString() == SeedData.OwnerId);
    }
}
