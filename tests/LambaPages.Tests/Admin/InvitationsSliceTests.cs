using System.Net.Http.Json;
using System.Text.Json;
using LambaPages.Features.Admin;
using LambaPages.Features.Admin.Invitations;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Admin;

/// <summary>The Invitations slice through its handlers, its Refit client and the real emulator.</summary>
public sealed class InvitationsSliceTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Invites_by_email_and_lists_the_invitation_as_pending()
    {
        var host = await shared.ResetAsync();
        var email = $"new-{Guid.NewGuid():N}@example.test";

        var result = await AdminArrange.SendAsAsync(host, "admin@acme.test",
            m => m.Send(new InviteCommand { Email = email, RoleKeys = ["support"], ExpiresInDays = 3 }));
        var overview = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new PendingInvitationsQuery()));

        Assert.Equal(AdminStatus.Done, result.Status);
        var invitation = Assert.Single(overview.Pending, i => i.Email == email);
        Assert.Equal("pending", invitation.Status);
        Assert.Equal(["support"], invitation.Roles);
        Assert.Equal("admin@acme.test", invitation.Inviter);
        Assert.InRange(invitation.ExpiresAt!.Value - invitation.CreatedAt!.Value, TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        // An admin is offered the roles up to their own, never owner.
        Assert.Equal(["admin", "support", "viewer"], overview.Catalogue.Select(r => r.Key).Take(3));
        Assert.DoesNotContain(overview.Catalogue, r => r.Key == "owner");
        var outbox = await host.EmulatorClient.GetFromJsonAsync<JsonElement>("_emulator/outbox?to=" + Uri.EscapeDataString(email));
        Assert.Contains("/Register?invitationToken=", outbox.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resends_and_then_revokes_an_invitation()
    {
        await using var host = await PortalHost.StartAsync();
        var email = $"new-{Guid.NewGuid():N}@example.test";
        await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new InviteCommand { Email = email, RoleKeys = ["viewer"] }));
        var id = (await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new PendingInvitationsQuery()))).Pending.Single(i => i.Email == email).Id;

        var resent = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new ResendInvitationCommand(id)));
        var revoked = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new RevokeInvitationCommand(id)));
        var overview = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new PendingInvitationsQuery()));

        Assert.Equal(AdminStatus.Done, resent.Status);
        Assert.Equal(AdminStatus.Done, revoked.Status);
        Assert.DoesNotContain(overview.Pending, i => i.Id == id);
        Assert.Equal(1, await AdminArrange.CallsAsync(host, "POST /v1/admin/invitations/{invitationId}/resend"));
    }

    [Fact]
    public async Task Reports_an_invitation_that_is_gone()
    {
        var host = await shared.ResetAsync();

        var result = await AdminArrange.SendAsAsync(host, "admin@acme.test", m => m.Send(new RevokeInvitationCommand("inv_unknown")));

        Assert.Equal(AdminStatus.NotFound, result.Status);
    }
}
