using System.Net;
using LambaPages.Features.Admin;
using LambaPages.Features.Admin.Invitations;
using LambaPages.Features.Admin.Members;
using LambaPages.Features.Admin.Roles;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Admin;

/// <summary>The portal offers only the roles a member may grant, and checks again before Lamba is called.</summary>
public sealed class RoleGrantTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task An_admin_is_refused_owner_for_themselves_before_lamba_is_called()
    {
        var host = await shared.ResetAsync();
        var adminId = await AdminArrange.UserIdAsync(host, "admin@acme.test");
        var before = await AdminArrange.CallsAsync(host, "PATCH /v1/admin/members/{userId}");

        var result = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new ChangeMemberRolesCommand(adminId, ["admin", "owner"])));

        Assert.Equal(AdminStatus.Invalid, result.Status);
        Assert.Equal(AdminMessages.RoleNotGrantable, result.Message);
        Assert.Equal(before, await AdminArrange.CallsAsync(host, "PATCH /v1/admin/members/{userId}"));
    }

    [Fact]
    public async Task An_admin_cannot_remove_the_owner_nor_invite_an_owner()
    {
        var host = await shared.ResetAsync();
        var ownerId = await AdminArrange.UserIdAsync(host, "owner@acme.test");

        var remove = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new RemoveMemberCommand(ownerId)));
        var invite = await AdminArrange.SendAsAsync(host, "admin@acme.test",
            m => m.Send(new InviteCommand { Email = $"boss-{Guid.NewGuid():N}@example.test", RoleKeys = ["owner"] }));

        Assert.Equal(AdminResult.NotGrantable, remove);
        Assert.Equal(AdminStatus.Invalid, invite.Status);
        Assert.Equal(0, await AdminArrange.CallsAsync(host, "DELETE /v1/admin/members/{userId}"));
        Assert.Equal(0, await AdminArrange.CallsAsync(host, "POST /v1/admin/invitations"));
    }

    [Fact]
    public async Task Keeps_a_role_above_the_admins_own_when_they_change_the_others()
    {
        var host = await shared.ResetAsync();
        var ownerId = await AdminArrange.UserIdAsync(host, "owner@acme.test");

        var result = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new ChangeMemberRolesCommand(ownerId, ["support"])));
        var detail = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new MemberDetailQuery(ownerId)));

        Assert.Equal(AdminStatus.Done, result.Status);
        Assert.Equal(["owner", "support"], detail!.Member.Roles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_member_page_offers_an_admin_no_owner_checkbox()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");

        var page = await browser.GetAsync("/Admin/Members/Detail?userId=" + viewerId);
        var invitations = await browser.GetAsync("/Admin/Invitations");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Matches("<input type=\"checkbox\" id=\"role-owner\" value=\"owner\"[^>]*disabled=\"disabled\"", page.Html);
        Assert.Matches("<input type=\"checkbox\" id=\"role-admin\" name=\"roleKeys\" value=\"admin\"", page.Html);
        Assert.DoesNotContain("value=\"owner\"", invitations.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"admin\"", invitations.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("owner", "owner", true)]
    [InlineData("admin", "owner", false)]
    [InlineData("admin", "admin", true)]
    [InlineData("support", "admin", false)]
    [InlineData("support", "viewer", true)]
    public void Judges_built_in_roles_by_rank_when_their_permissions_are_unknown(string mine, string role, bool grantable)
    {
        var me = new global::Lamba.AspNetCore.Authorization.SessionAuthorization("wrk", "prj", "test", [mine], []);

        Assert.Equal(grantable, RoleGrants.CanGrant(me, RoleCatalogue.BuiltIn.Single(r => r.Key == role)));
    }
}
