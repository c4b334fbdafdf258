using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>The admin area: who sees what, and an invitation from the admin's click to the invitee's new role.</summary>
[Collection(PortalCollectionDefinition.Name)]
public sealed class AdminJourneys(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public Task The_admin_invites_someone_who_registers_gets_a_new_role_and_the_audit_log_shows_both() => Journey.RunAsync(app, output, async j =>
    {
        var invitee = $"invitee-{Guid.NewGuid():N}@example.test";
        var layout = new Layout(j.Page);
        var nav = new AdminNav(j.Page);
        var invitations = new AdminInvitationsPage(j.Page);
        var members = new AdminMembersPage(j.Page);
        var detail = new AdminMemberDetailPage(j.Page);
        var audit = new AdminAuditPage(j.Page);

        await SignInAsync(j, Seed.Admin);
        await nav.AdminLink.ClickAsync();
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Name = "Admin", Exact = true, Level = 1 })).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await nav.Link("Invitations").ClickAsync();
        await Expect(invitations.Heading).ToBeVisibleAsync();
        await Expect(invitations.ExpiryField).ToHaveValueAsync("7");
        await j.AssertAccessibleAsync();
        await invitations.InviteAsync(invitee, "Viewer");
        await Expect(layout.Status).ToHaveTextAsync($"Invitation sent to {invitee}.");
        await Expect(invitations.Pending).ToContainTextAsync(invitee);
        await Expect(invitations.Pending).ToContainTextAsync("pending");

        // The invitee opens the link from their mail (the outbox link is relative: the portal serves it).
        var link = await InvitationLinkAsync(invitee);
        await using (var inviteeContext = await app.Browser.NewContextAsync(new() { BaseURL = app.PortalAddress.ToString() }))
        {
            var inviteePage = await inviteeContext.NewPageAsync();
            await inviteePage.GotoAsync(link);
            var register = new RegisterPage(inviteePage);
            await Expect(register.Heading).ToBeVisibleAsync();
            await Expect(inviteePage.GetByText("You have been invited.")).ToBeVisibleAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(inviteePage);
            await register.RegisterAsync(invitee, Seed.Password);
            await Expect(new MePage(inviteePage).Heading).ToBeVisibleAsync();
        }

        await members.GotoAsync();
        await members.SearchAsync(invitee);
        await Expect(members.Row(invitee)).ToContainTextAsync("viewer");
        await j.AssertAccessibleAsync();
        await members.OpenAsync(invitee);
        await Expect(detail.SaveRolesButton).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await detail.SetRolesAsync("Support");
        await Expect(layout.Status).ToHaveTextAsync("Roles updated.");
        await Expect(detail.Role("Support")).ToBeCheckedAsync();
        await Expect(detail.Role("Viewer")).Not.ToBeCheckedAsync();

        await nav.Link("Audit log").ClickAsync();
        await Expect(audit.Heading).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await audit.FilterAsync(actor: Seed.Admin);
        await Expect(audit.Table).ToContainTextAsync("invitation.created");
        await Expect(audit.Table).ToContainTextAsync("member.roles_changed");
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Support_sees_members_and_sessions_but_not_invitations() => Journey.RunAsync(app, output, async j =>
    {
        var nav = new AdminNav(j.Page);
        var denied = new DeniedPage(j.Page);

        await SignInAsync(j, Seed.Support);
        await Expect(nav.Link("Members")).ToBeVisibleAsync();
        await Expect(nav.Link("Sessions")).ToBeVisibleAsync();
        await Expect(nav.Link("Invitations")).ToHaveCountAsync(0);
        await Expect(nav.Link("Roles")).ToHaveCountAsync(0);
        await Expect(nav.Link("Audit log")).ToHaveCountAsync(0);

        await nav.Link("Members").ClickAsync();
        await Expect(new AdminMembersPage(j.Page).Row(Seed.Viewer)).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await nav.Link("Sessions").ClickAsync();
        var picker = j.Page.GetByLabel("Member", new() { Exact = true });
        var supportId = await picker.Locator("option", new() { HasText = Seed.Support }).GetAttributeAsync("value");
        await picker.SelectOptionAsync(supportId!);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Show sessions", Exact = true }).ClickAsync();
        await Expect(j.Page.GetByRole(AriaRole.Table)).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();

        var response = await j.GotoAsync("/Admin/Invitations");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(denied.Reason).ToHaveTextAsync("You need the invitations:read permission in Storefront (test).");
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task A_viewer_sees_no_admin_link_and_an_explained_refusal_on_a_direct_address() => Journey.RunAsync(app, output, async j =>
    {
        var nav = new AdminNav(j.Page);
        var denied = new DeniedPage(j.Page);

        await SignInAsync(j, Seed.Viewer);
        await Expect(nav.AdminLink).ToHaveCountAsync(0);
        await Expect(nav.Navigation).ToHaveCountAsync(0);

        var response = await j.GotoAsync("/Admin/Members");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(denied.Heading).ToBeVisibleAsync();
        await Expect(denied.Reason).ToHaveTextAsync("You need the members:read permission in Storefront (test).");
        await Expect(denied.SwitchLink).ToHaveAttributeAsync("href", "/SwitchContext");
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task The_owner_in_back_office_sees_back_office_members_only() => Journey.RunAsync(app, output, async j =>
    {
        var switcher = new SwitchContextPage(j.Page);
        var members = new AdminMembersPage(j.Page);

        await SignInAsync(j, Seed.Owner);
        await members.GotoAsync();
        await Expect(members.Row(Seed.Support)).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();

        await switcher.GotoAsync();
        await j.AssertAccessibleAsync();
        await switcher.SwitchToAsync("Acme / Back Office", "test");
        await Expect(j.Page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Acme / Back Office");
        await j.AssertAccessibleAsync();

        await members.GotoAsync();
        await Expect(members.Row(Seed.Owner)).ToContainTextAsync("owner");
        await Expect(members.Row(Seed.Admin)).ToContainTextAsync("viewer");
        await Expect(members.Row(Seed.Support)).ToHaveCountAsync(0);
        await Expect(members.Row(Seed.Viewer)).ToHaveCountAsync(0);
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Every_admin_page_passes_an_accessibility_scan() => Journey.RunAsync(app, output, async j =>
    {
        await SignInAsync(j, Seed.Owner);
        await j.GotoAsync("/Admin/Members");
        var viewerDetail = await new AdminMembersPage(j.Page).Row(Seed.Viewer).GetByRole(AriaRole.Link).First.GetAttributeAsync("href");
        var viewerId = Regex.Match(viewerDetail!, "userId=([^&]+)").Groups[1].Value;

        foreach (var path in new[]
        {
            "/Admin", "/Admin/Members", "/Admin/Members/Detail?userId=" + viewerId, "/Admin/Members/Remove?userId=" + viewerId,
            "/Admin/Invitations", "/Admin/Roles", "/Admin/Sessions?userId=" + viewerId, "/Admin/Audit",
        })
        {
            var response = await j.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}.");
            await j.AssertAccessibleAsync();
        }

        // A refused form keeps its errors accessible too: the summary, the field messages, the typed values.
        await j.GotoAsync("/Admin/Invitations");
        await new AdminInvitationsPage(j.Page).InviteAsync("not-an-email");
        await Expect(j.Page.Locator("#error-summary")).ToBeFocusedAsync();
        await j.AssertAccessibleAsync();
    });

    private static async Task SignInAsync(Journey j, string login)
    {
        var page = new LoginPage(j.Page);
        await page.GotoAsync();
        await j.AssertAccessibleAsync();
        await page.SignInAsync(login, Seed.Password);
        await page.ExpectSignedInAsync();
        await j.AssertAccessibleAsync();
    }

    private async Task<string> InvitationLinkAsync(string email)
    {
        using var outbox = JsonDocument.Parse(await app.ReadOutboxAsync(email));
        var link = outbox.RootElement.GetProperty("items").EnumerateArray()
            .Select(m => m.TryGetProperty("link", out var l) ? l.GetString() : null)
            .First(l => l is not null && l.StartsWith("/Register?invitationToken=", StringComparison.Ordinal))!;
        return new Uri(app.PortalAddress, link).ToString();
    }
}
