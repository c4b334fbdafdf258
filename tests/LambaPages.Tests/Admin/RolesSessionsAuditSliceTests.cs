using System.Net.Http.Json;
using System.Net;
using LambaPages.Features.Admin;
using LambaPages.Features.Admin.Audit;
using LambaPages.Features.Admin.Members;
using LambaPages.Features.Admin.Roles;
using LambaPages.Features.Admin.Sessions;
using LambaPages.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Admin;

/// <summary>The Roles, Sessions and Audit slices through their handlers, Refit clients and the real emulator.</summary>
public sealed class RolesSessionsAuditSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Lists_each_role_with_its_permissions_in_words()
    {
        var host = await shared.ResetAsync();

        var overview = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new RolesQuery()));

        var support = Assert.Single(overview.Roles, r => r.Key == "support");
        Assert.Equal(["members:read", "sessions:read", "sessions:revoke"], support.Granted.Order(StringComparer.Ordinal));
        Assert.Empty(Assert.Single(overview.Roles, r => r.Key == "viewer").Granted);
        Assert.Equal(8, overview.Catalogue.Count);
        Assert.Equal("See the Project's members and their roles.", overview.Describe("members:read"));
    }

    [Fact]
    public async Task Offers_the_built_in_roles_without_asking_when_the_user_may_not_read_roles()
    {
        await using var host = await PortalHost.StartAsync();

        var roles = await AdminArrange.RunAsAsync(host, "support@acme.test",
            services => services.GetRequiredService<RoleCatalogue>().TryListAsync(CancellationToken.None));

        Assert.Equal(["owner", "admin", "support", "viewer"], roles.Select(r => r.Key));
        Assert.Equal(0, await AdminArrange.CallsAsync(host, "GET /v1/admin/roles"));
    }

    [Fact]
    public async Task Lists_a_members_sessions_and_ends_one()
    {
        var host = await shared.ResetAsync();
        var viewerToken = await AdminArrange.TokenAsync(host, "viewer@acme.test");
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");

        var overview = await AdminArrange.SendAsAsync(host, "support@acme.test", m => m.Send(new MemberSessionsQuery(viewerId)));
        var revoked = await AdminArrange.SendAsAsync(host, "support@acme.test",
            m => m.Send(new RevokeSessionCommand(overview.Sessions![0].Id)));

        Assert.Contains(overview.Members!, m => m.UserId == viewerId);
        Assert.NotEmpty(overview.Sessions!);
        Assert.Equal(AdminStatus.Done, revoked.Status);
        using var check = await host.GetContextWithTokenAsync(viewerToken);
        Assert.Equal(HttpStatusCode.Unauthorized, check.StatusCode);
    }

    [Fact]
    public async Task Ends_every_session_of_a_member()
    {
        var host = await shared.ResetAsync();
        await AdminArrange.TokenAsync(host, "viewer@acme.test");
        await AdminArrange.TokenAsync(host, "viewer@acme.test");
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");

        var result = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new RevokeAllSessionsCommand(viewerId)));
        var after = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new MemberSessionsQuery(viewerId)));

        Assert.Equal(AdminStatus.Done, result.Result.Status);
        Assert.True(result.Revoked >= 2, $"Ended {result.Revoked} sessions.");
        Assert.Empty(after.Sessions!);
    }

    [Fact]
    public async Task Ends_every_session_of_a_member_across_pages()
    {
        await using var host = await PortalHost.StartAsync(o => o.AuthAttemptLimit = 1_000);
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");
        var many = LambaPages.Features.Admin.Sessions.RevokeAllSessionsCommandHandler.PageSize + 5;
        for (var i = 0; i < many; i++)
        {
            using var login = await host.EmulatorClient.PostAsJsonAsync("v1/auth/login/password", new { login = "viewer@acme.test", password = PortalHost.Password });
            Assert.True(login.IsSuccessStatusCode);
        }

        var result = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new RevokeAllSessionsCommand(viewerId)));

        Assert.Equal(AdminStatus.Done, result.Result.Status);
        Assert.True(result.Revoked >= many, $"Ended {result.Revoked} of at least {many} sessions.");
        var admin = await AdminArrange.TokenAsync(host, "admin@acme.test");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/admin/sessions?userId={viewerId}&limit=100");
        request.Headers.Authorization = new("Bearer", admin);
        using var left = await host.EmulatorClient.SendAsync(request);
        var page = await left.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Filters_the_audit_log_by_action_and_actor()
    {
        var host = await shared.ResetAsync();
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");
        await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new ChangeMemberRolesCommand(viewerId, ["support"])));

        var byAction = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new AuditEventsQuery(null, null, "member.roles_changed")));
        var byActor = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new AuditEventsQuery(null, "admin@acme.test", null)));

        var changed = Assert.Single(byAction.All);
        Assert.Equal("admin@acme.test", changed.Who);
        Assert.False(string.IsNullOrEmpty(changed.TraceId));
        Assert.NotEmpty(byActor.All);
        Assert.All(byActor.All, e => Assert.Equal("admin@acme.test", e.Who));
    }
}
