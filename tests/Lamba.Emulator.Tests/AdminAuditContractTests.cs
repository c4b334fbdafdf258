using System.Net;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

public sealed class AdminAuditContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/admin/audit-events";

    [Fact]
    public async Task Records_every_admin_mutation_with_actor_action_target_and_trace_id_newest_first()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        var viewer = await Emulator.LoginAsync("viewer@acme.test");
        var viewerSession = (await Emulator.ListAsync("/v1/me/sessions", viewer.Access)).Items[0].GetProperty("id").GetString()!;
        using var invite = await Emulator.PostAsync("/v1/admin/invitations", new { email = "a@example.test", roleKeys = AdminRoles("viewer") }, owner);
        var invitationId = (await invite.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        using var resend = await Emulator.PostAsync($"/v1/admin/invitations/{invitationId}/resend", null, owner);
        using var revokeInvitation = await Emulator.DeleteAsync($"/v1/admin/invitations/{invitationId}", owner);
        using var roles = await Emulator.PatchAsync("/v1/admin/members/" + SeedData.SupportId, AdminTestClient.RoleKeys("viewer"), owner);
        using var endSession = await Emulator.DeleteAsync("/v1/admin/sessions/" + viewerSession, owner);
        using var remove = await Emulator.DeleteAsync("/v1/admin/members/" + SeedData.MfaId, owner);

        var events = await Emulator.AuditAsync(owner);

        var adminEvents = events.Where(e => e.GetProperty("actor").GetProperty("userId").GetString() == SeedData.OwnerId
            && e.GetProperty("action").GetString() is not ("user.signed_in" or "session.context_switched")).ToArray();
        Assert.Equal(
            ["member.removed", "session.revoked", "member.roles_changed", "invitation.revoked", "invitation.resent", "invitation.created"],
            adminEvents.Select(e => e.GetProperty("action").GetString()!).ToArray());
        Assert.Equal(
            [SeedData.MfaId, viewerSession, SeedData.SupportId, invitationId, invitationId, invitationId],
            adminEvents.Select(e => e.GetProperty("target").GetString()!).ToArray());
        Assert.All(adminEvents, e =>
        {
            Assert.Equal(["action", "actor", "id", "occurredAt", "target", "traceId"], e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
            Assert.StartsWith("evt_", e.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal("owner@acme.test", e.GetProperty("actor").GetProperty("email").GetString());
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("traceId").GetString()));
        });
        Assert.Equal(adminEvents.Length, adminEvents.Select(e => e.GetProperty("traceId").GetString()).Distinct().Count());
        var times = events.Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task Stamps_an_event_with_the_trace_id_of_the_request_that_caused_it()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        using var response = await Emulator.SendAsync(
            HttpMethod.Patch,
            "/v1/admin/members/" + SeedData.ViewerId,
            AdminTestClient.RoleKeys("support"),
            owner,
            request => request.Headers.Add("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changed = Assert.Single(await Emulator.AuditAsync(owner, "&action=member.roles_changed"));
        Assert.Equal(TraceId, changed.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Filters_by_actor_id_or_email_and_by_action()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        var admin = await Emulator.ScopedAsync("admin@acme.test");
        using var byOwner = await Emulator.PatchAsync("/v1/admin/members/" + SeedData.ViewerId, AdminTestClient.RoleKeys("support"), owner);
        using var byAdmin = await Emulator.PatchAsync("/v1/admin/members/" + SeedData.MfaId, AdminTestClient.RoleKeys("support"), admin);

        var adminById = await Emulator.AuditAsync(owner, "&actor=" + SeedData.AdminId);
        var adminByEmail = await Emulator.AuditAsync(owner, "&actor=ADMIN@acme.test");
        var roleChanges = await Emulator.AuditAsync(owner, "&action=member.roles_changed");
        var both = await Emulator.AuditAsync(owner, "&action=member.roles_changed&actor=owner@acme.test");

        Assert.NotEmpty(adminById);
        Assert.All(adminById, e => Assert.Equal(SeedData.AdminId, e.GetProperty("actor").GetProperty("userId").GetString()));
        Assert.Equal(adminById.Select(e => e.GetProperty("id").GetString()), adminByEmail.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([SeedData.MfaId, SeedData.ViewerId], roleChanges.Select(e => e.GetProperty("target").GetString()!).ToArray());
        Assert.Equal(SeedData.ViewerId, Assert.Single(both).GetProperty("target").GetString());
    }

    [Fact]
    public async Task Pages_newest_first_with_limit_and_cursor_to_a_null_end()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        foreach (var role in new[] { "support", "viewer", "support", "viewer", "support" })
        {
            using var change = await Emulator.PatchAsync("/v1/admin/members/" + SeedData.ViewerId, AdminTestClient.RoleKeys(role), owner);
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        }

        var everything = await Emulator.AuditAsync(owner);
        var paged = await Emulator.AllPagesAsync(Route, owner, limit: 3);
        var (firstTwo, cursor) = await Emulator.ListAsync(Route + "?limit=2", owner);

        Assert.Equal(everything.Select(e => e.GetProperty("id").GetString()), paged.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(everything.Select(e => e.GetProperty("id").GetString()!).OrderDescending(StringComparer.Ordinal), everything.Select(e => e.GetProperty("id").GetString()!));
        Assert.True(everything.Length >= 5 + 2);
        Assert.Equal(2, firstTwo.Length);
        Assert.NotNull(cursor);
        using var badCursor = await Emulator.GetAsync(Route + "?cursor=" + Uri.EscapeDataString("!!"), owner);
        await Problem.AssertAsync(badCursor, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Shows_only_the_events_of_the_active_project_environment()
    {
        var backOffice = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        var storefront = await Emulator.ScopedAsync("owner@acme.test");
        using var change = await Emulator.PatchAsync("/v1/admin/members/" + SeedData.ViewerId, AdminTestClient.RoleKeys("support"), storefront);

        var events = await Emulator.AuditAsync(backOffice);

        Assert.DoesNotContain(events, e => e.GetProperty("action").GetString() == "member.roles_changed");
        Assert.Contains(events, e => e.GetProperty("action").GetString() == "session.context_switched");
    }

    private static string[] AdminRoles(params string[] keys) => keys;
}
