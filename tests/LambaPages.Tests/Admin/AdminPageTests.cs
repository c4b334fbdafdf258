using System.Net;
using System.Text.RegularExpressions;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Admin;

/// <summary>The admin pages as a browser uses them: forms, Post/Redirect/Get, status messages, explained refusals.</summary>
public sealed partial class AdminPageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Lists_members_with_role_badges_and_searches_them_with_a_get_form()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("support@acme.test");

        var all = await browser.GetAsync("/Admin/Members");
        var found = await browser.GetAsync("/Admin/Members?search=viewer%40");

        Assert.Equal("Members", Html.H1(all.Html));
        Assert.Matches("""<form method="get"[^>]*>\s*<div class="field">\s*<label for="search">Search members</label>""", all.Html);
        Assert.Contains("<span class=\"badge\">owner</span>", all.Html, StringComparison.Ordinal);
        Assert.Contains("viewer@acme.test", found.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("owner@acme.test</td>", found.Html, StringComparison.Ordinal);
        Assert.Equal("viewer@", Html.InputValue(found.Html, "search"));
    }

    [Fact]
    public async Task Changes_a_members_roles_with_post_redirect_get_and_says_so()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");
        var detail = await browser.GetAsync("/Admin/Members/Detail?userId=" + viewerId);

        var saved = await browser.PostFormAsync($"/Admin/Members/Detail?userId={viewerId}&handler=Roles", detail.Html,
            [new("roleKeys", "support"), new("roleKeys", "viewer")]);
        var shown = await browser.FollowAsync(saved);

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal($"/Admin/Members/Detail?userId={viewerId}", saved.Location?.ToString());
        Assert.Equal("Roles updated.", Html.Status(shown.Html));
        Assert.Matches("""<input type="checkbox" id="role-support" name="roleKeys" value="support" checked="checked" />""", shown.Html);
        Assert.Matches("""<label for="role-support">Support</label>""", shown.Html);
    }

    [Fact]
    public async Task Asks_before_removing_a_member_and_explains_the_last_admin_refusal()
    {
        var host = await shared.ResetAsync();
        await AdminArrange.SetRolesAsync(host, "admin@acme.test", "viewer");
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var ownerId = await AdminArrange.UserIdAsync(host, "owner@acme.test");

        var confirm = await browser.GetAsync("/Admin/Members/Remove?userId=" + ownerId);
        var deletesAfterGet = await AdminArrange.CallsAsync(host, "DELETE /v1/admin/members/{userId}");
        var refused = await browser.PostFormAsync("/Admin/Members/Remove?userId=" + ownerId, confirm.Html, []);

        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("Remove member</button>", confirm.Html, StringComparison.Ordinal);
        Assert.Equal(0, deletesAfterGet);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("You can't remove the last person who can manage members.", Html.TextOf(refused.Html, "error-summary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removes_a_member_after_confirmation()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");
        var confirm = await browser.GetAsync("/Admin/Members/Remove?userId=" + viewerId);

        var removed = await browser.PostFormAsync("/Admin/Members/Remove?userId=" + viewerId, confirm.Html, []);
        var list = await browser.FollowAsync(removed);

        Assert.Equal("/Admin/Members", removed.Location?.ToString());
        Assert.Equal("Member removed.", Html.Status(list.Html));
        Assert.DoesNotContain("viewer@acme.test", list.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_an_admin_post_without_an_antiforgery_token()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");

        var answer = await browser.PostFormAsync("/Admin/Members/Remove?userId=" + viewerId, "", [], withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(0, await AdminArrange.CallsAsync(host, "DELETE /v1/admin/members/{userId}"));
    }

    [Fact]
    public async Task Shows_invitation_errors_next_to_the_fields_and_keeps_what_was_typed()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var page = await browser.GetAsync("/Admin/Invitations");

        var answer = await browser.PostFormAsync("/Admin/Invitations?handler=Invite", page.Html,
            [new("Input.Email", "not-an-email"), new("Input.ExpiresInDays", "31")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("id=\"error-summary\"", answer.Html, StringComparison.Ordinal);
        Assert.Matches("""<span class="field-error[^"]*" data-valmsg-for="Input.Email"[^>]*>Enter an email address like name@example.com.</span>""", answer.Html);
        Assert.Matches("""data-valmsg-for="Input.RoleKeys"[^>]*>Choose at least one role.</span>""", answer.Html);
        Assert.Matches("""data-valmsg-for="Input.ExpiresInDays"[^>]*>Choose an expiry between 1 and 30 days.</span>""", answer.Html);
        Assert.Equal("not-an-email", Html.InputValue(answer.Html, "Input.Email"));
        Assert.Equal(0, await AdminArrange.CallsAsync(host, "POST /v1/admin/invitations"));
    }

    [Fact]
    public async Task Invites_resends_and_revokes_from_the_invitations_page()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        var email = $"new-{Guid.NewGuid():N}@example.test";
        var page = await browser.GetAsync("/Admin/Invitations");
        Assert.Equal("7", Html.InputValue(page.Html, "Input.ExpiresInDays"));

        var invited = await browser.PostFormAsync("/Admin/Invitations?handler=Invite", page.Html,
            [new("Input.Email", email), new("Input.RoleKeys", "viewer"), new("Input.ExpiresInDays", "7")]);
        Assert.True(invited.Status == HttpStatusCode.Redirect, Html.TextOf(invited.Html, "error-summary"));
        var list = await browser.FollowAsync(invited);
        var id = InvitationId().Match(list.Html).Groups[1].Value;
        var resent = await browser.FollowAsync(await browser.PostFormAsync("/Admin/Invitations?handler=Resend", list.Html, [new("invitationId", id)]));
        var revoked = await browser.FollowAsync(await browser.PostFormAsync("/Admin/Invitations?handler=Revoke", resent.Html, [new("invitationId", id)]));

        Assert.Equal($"Invitation sent to {email}.", Html.Status(list.Html));
        Assert.Contains(email, list.Html, StringComparison.Ordinal);
        Assert.Contains("admin@acme.test", list.Html, StringComparison.Ordinal);
        Assert.Equal("Invitation sent again with a new link.", Html.Status(resent.Html));
        Assert.Equal("Invitation revoked.", Html.Status(revoked.Html));
        Assert.DoesNotContain(email, revoked.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_roles_with_their_permissions_in_words()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");

        var roles = await browser.GetAsync("/Admin/Roles");

        Assert.Equal(HttpStatusCode.OK, roles.Status);
        Assert.Contains("See the Project's members and their roles. members:read", Html.Text(roles.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ends_a_members_sessions_from_the_sessions_page()
    {
        var host = await shared.ResetAsync();
        await AdminArrange.TokenAsync(host, "viewer@acme.test");
        var viewerId = await AdminArrange.UserIdAsync(host, "viewer@acme.test");
        using var browser = host.NewBrowser();
        await browser.SignInAsync("support@acme.test");

        var page = await browser.GetAsync("/Admin/Sessions?userId=" + viewerId);
        var sessionId = SessionId().Match(page.Html).Groups[1].Value;
        var ended = await browser.PostFormAsync($"/Admin/Sessions?userId={viewerId}&handler=Revoke", page.Html, [new("sessionId", sessionId)]);
        var after = await browser.FollowAsync(ended);

        Assert.Contains("<option value=\"" + viewerId + "\" selected=\"selected\">", page.Html, StringComparison.Ordinal);
        Assert.Equal($"/Admin/Sessions?userId={viewerId}", ended.Location?.ToString());
        Assert.Equal("Session ended.", Html.Status(after.Html));
        Assert.DoesNotContain(sessionId, after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_through_the_audit_log_and_back_with_the_trail_in_the_url()
    {
        var host = await shared.ResetAsync();
        for (var i = 0; i < 21; i++)
        {
            await AdminArrange.TokenAsync(host, "viewer@acme.test");
        }

        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");

        var first = await browser.GetAsync("/Admin/Audit?actor=viewer%40acme.test");
        var nextUrl = WebUtility.HtmlDecode(NextLink().Match(first.Html).Groups[1].Value);
        var second = await browser.GetAsync(nextUrl);
        var backUrl = WebUtility.HtmlDecode(PreviousLink().Match(second.Html).Groups[1].Value);

        Assert.DoesNotContain("rel=\"prev\"", first.Html, StringComparison.Ordinal);
        Assert.StartsWith("/Admin/Audit?actor=viewer@acme.test&cursor=", nextUrl, StringComparison.Ordinal);
        Assert.EndsWith("&prev=", nextUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("/Admin/Audit?actor=viewer@acme.test", backUrl);
        Assert.All(Regex.Matches(second.Html, "<tr>\\s*<td>[^<]*</td>\\s*<td>([^<]*)</td>").Select(m => m.Groups[1].Value),
            actor => Assert.Equal("viewer@acme.test", actor));
    }

    [GeneratedRegex("""name="invitationId" value="([^"]+)" """)]
    private static partial Regex InvitationId();

    [GeneratedRegex("""name="sessionId" value="([^"]+)" """)]
    private static partial Regex SessionId();

    [GeneratedRegex("""<a href="([^"]+)" rel="next">Next</a>""")]
    private static partial Regex NextLink();

    [GeneratedRegex("""<a href="([^"]+)" rel="prev">Previous</a>""")]
    private static partial Regex PreviousLink();
}
