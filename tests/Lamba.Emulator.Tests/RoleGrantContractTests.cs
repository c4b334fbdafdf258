using System.Net;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

/// <summary>A member grants or removes only roles at or below their own; only an owner grants or removes owner.</summary>
public sealed class RoleGrantContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Members = "/v1/admin/members/";
    private static readonly string[] OwnerRole = ["owner"];
    private static readonly string[] AdminRole = ["admin"];

    [Fact]
    public async Task An_admin_cannot_make_themselves_owner()
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        using var response = await Emulator.PatchAsync(Members + SeedData.AdminId, AdminTestClient.RoleKeys("admin", "owner"), admin);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "ROLE_NOT_GRANTABLE");
        Assert.Equal(["owner"], problem.GetProperty("roleKeys").Strings());
        var self = await Emulator.GetJsonAsync(Members + SeedData.AdminId, admin);
        Assert.Equal(["admin"], self.GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_remove_the_owner()
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        using var demote = await Emulator.PatchAsync(Members + SeedData.OwnerId, AdminTestClient.RoleKeys("viewer"), admin);
        using var remove = await Emulator.DeleteAsync(Members + SeedData.OwnerId, admin);

        await Problem.AssertAsync(demote, HttpStatusCode.Forbidden, "ROLE_NOT_GRANTABLE");
        await Problem.AssertAsync(remove, HttpStatusCode.Forbidden, "ROLE_NOT_GRANTABLE");
        var owner = await Emulator.GetJsonAsync(Members + SeedData.OwnerId, admin);
        Assert.Equal(["owner"], owner.GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task An_admin_grants_and_removes_roles_at_or_below_admin()
    {
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        using var promote = await Emulator.PatchAsync(Members + SeedData.ViewerId, AdminTestClient.RoleKeys("admin"), admin);
        using var demote = await Emulator.PatchAsync(Members + SeedData.ViewerId, AdminTestClient.RoleKeys("support"), admin);

        Assert.Equal(["admin"], (await promote.JsonAsync()).GetProperty("roleKeys").Strings());
        Assert.Equal(["support"], (await demote.JsonAsync()).GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task An_owner_grants_owner()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");

        using var response = await Emulator.PatchAsync(Members + SeedData.AdminId, AdminTestClient.RoleKeys("owner"), owner);

        Assert.Equal(["owner"], (await response.JsonAsync()).GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task A_custom_role_manager_cannot_grant_a_role_with_permissions_they_lack()
    {
        await Emulator.WithDbAsync(async db =>
        {
            db.Roles.Add(new Role { Id = "rol_manager", ProjectId = SeedData.StorefrontId, Key = "manager", Name = "Manager", Permissions = ["members:read", "members:write"] });
            db.Roles.Add(new Role { Id = "rol_auditor", ProjectId = SeedData.StorefrontId, Key = "auditor", Name = "Auditor", Permissions = ["audit:read"] });
            var support = db.Memberships.Single(m => m.UserId == SeedData.SupportId && m.ProjectId == SeedData.StorefrontId);
            support.RoleKeys = ["manager"];
            await db.SaveChangesAsync();
        });
        var manager = await Emulator.ScopedAsync("support@acme.test");

        using var auditor = await Emulator.PatchAsync(Members + SeedData.ViewerId, AdminTestClient.RoleKeys("auditor"), manager);
        using var admin = await Emulator.PatchAsync(Members + SeedData.ViewerId, AdminTestClient.RoleKeys("admin"), manager);
        using var peer = await Emulator.PatchAsync(Members + SeedData.ViewerId, AdminTestClient.RoleKeys("manager"), manager);

        await Problem.AssertAsync(auditor, HttpStatusCode.Forbidden, "ROLE_NOT_GRANTABLE");
        await Problem.AssertAsync(admin, HttpStatusCode.Forbidden, "ROLE_NOT_GRANTABLE");
        Assert.Equal(["manager"], (await peer.JsonAsync()).GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task An_admin_cannot_invite_an_owner_nor_resend_an_owner_invitation()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        using var byOwner = await Emulator.PostAsync("/v1/admin/invitations", new { email = "future.owner@example.test", roleKeys = OwnerRole }, owner);
        var invitationId = (await byOwner.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var admin = await Emulator.ScopedAsync("admin@acme.test");

        using var invite = await Emulator.PostAsync("/v1/admin/invitations", new { email = "someone@example.test", roleKeys = OwnerRole }, admin);
        using var resend = await Emulator.PostAsync($"/v1/admin/invitations/{invitationId}/resend", new { }, admin);
        using var allowed = await Emulator.PostAsync("/v1/admin/invitations", new { email = "someone@example.test", roleKeys = AdminRole }, admin);

        await Problem.AssertAsync(invite, HttpStatusCode.Forbidden, "ROLE_NOT_GRANTABLE");
        await Problem.AssertAsync(resend, HttpStatusCode.Forbidden, "ROLE_NOT_GRANTABLE");
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Single(await Emulator.OutboxAsync("someone@example.test"));
    }
}
