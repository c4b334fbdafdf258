using LambaPages.Features.Admin;
using LambaPages.Features.Admin.Members;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Admin;

/// <summary>The Members slice through its handlers, its Refit client and the real emulator.</summary>
public sealed class MembersSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Lists_the_projects_members_with_their_roles()
    {
        var host = await shared.ResetAsync();

        var page = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new ListMembersQuery(null, null)));

        var roles = page.All.ToDictionary(m => m.Email!, m => string.Join(",", m.Roles));
        Assert.Equal("owner", roles["owner@acme.test"]);
        Assert.Equal("support", roles["support@acme.test"]);
        Assert.Equal("viewer", roles["viewer@acme.test"]);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Finds_members_by_email()
    {
        var host = await shared.ResetAsync();

        var page = await AdminArrange.SendAsAsync(host, "support@acme.test", m => m.Send(new ListMembersQuery(null, "support@")));

        Assert.Equal(["support@acme.test"], page.All.Select(m => m.Email));
    }

    [Fact]
    public async Task Changes_a_members_roles()
    {
        var host = await shared.ResetAsync();
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");

        var result = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new ChangeMemberRolesCommand(viewerId, ["support"])));
        var detail = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new MemberDetailQuery(viewerId)));

        Assert.Equal(AdminStatus.Done, result.Status);
        Assert.Equal(["support"], detail!.Member.Roles);
        Assert.Contains(detail.Roles.Catalogue, r => r.Key == "admin");
    }

    [Fact]
    public async Task Explains_that_the_last_person_who_can_manage_members_stays()
    {
        var host = await shared.ResetAsync();
        await AdminArrange.SetRolesAsync(host, "admin@acme.test", "viewer");
        var ownerId = await AdminArrange.UserIdAsync(host, "owner@acme.test");

        var remove = await AdminArrange.SendAsAsync(host, "owner@acme.test", m => m.Send(new RemoveMemberCommand(ownerId)));
        var demote = await AdminArrange.SendAsAsync(host, "owner@acme.test", m => m.Send(new ChangeMemberRolesCommand(ownerId, ["viewer"])));

        Assert.Equal(new AdminResult(AdminStatus.Conflict, "You can't remove the last person who can manage members."), remove);
        Assert.Equal(AdminStatus.Conflict, demote.Status);
        Assert.Equal(AdminMessages.LastAdminDemote, demote.Message);
    }

    [Fact]
    public async Task Removes_a_member_from_the_project()
    {
        var host = await shared.ResetAsync();
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");

        var result = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new RemoveMemberCommand(viewerId)));
        var page = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new ListMembersQuery(null, null)));

        Assert.Equal(AdminStatus.Done, result.Status);
        Assert.DoesNotContain(page.All, m => m.UserId == viewerId);
    }

    [Fact]
    public async Task Answers_nothing_for_an_unknown_member()
    {
        var host = await shared.ResetAsync();

        var detail = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new MemberDetailQuery("usr_unknown")));

        Assert.Null(detail);
    }
}
