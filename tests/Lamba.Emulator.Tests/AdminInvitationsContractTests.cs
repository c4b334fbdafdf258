using System.Net;
using System.Text.Json;
using Lamba.Emulator.Store;
using Microsoft.AspNetCore.WebUtilities;

namespace Lamba.Emulator.Tests;

public sealed class AdminInvitationsContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/admin/invitations";

    [Fact]
    public async Task Invites_someone_into_the_active_project_and_sends_a_relative_register_link()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        var now = Emulator.Clock.GetUtcNow();

        using var response = await Emulator.PostAsync(Route, new { email = "New.Person@Example.test", roleKeys = Roles("support"), expiresInDays = 3 }, owner);

        var invitation = await response.JsonAsync(HttpStatusCode.Created);
        var id = invitation.GetProperty("id").GetString()!;
        Assert.StartsWith("inv_", id, StringComparison.Ordinal);
        Assert.Equal($"/v1/admin/invitations/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("new.person@example.test", invitation.GetProperty("email").GetString());
        Assert.Equal(["support"], invitation.GetProperty("roleKeys").Strings());
        Assert.Equal("pending", invitation.GetProperty("status").GetString());
        Assert.Equal(SeedData.OwnerId, invitation.GetProperty("invitedBy").GetString());
        Assert.InRange(invitation.GetProperty("expiresAt").GetDateTimeOffset() - now, TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        Assert.True(invitation.TryGetProperty("createdAt", out _));
        var message = Assert.Single(await Emulator.OutboxAsync("new.person@example.test"));
        Assert.Equal("invitation", message.GetProperty("kind").GetString());
        var link = message.GetProperty("link").GetString()!;
        Assert.StartsWith("/Register?invitationToken=", link, StringComparison.Ordinal);
        Assert.Contains("Back Office", message.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invitation_token_makes_a_new_user_a_member_with_the_invited_roles()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        var token = await InviteAsync(owner, "new.person@example.test", "support");

        using var register = await Emulator.PostAsync(
            "/v1/auth/register", new { email = "new.person@example.test", password = TestEmulator.Password, invitationToken = token });

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var tokens = await Tokens.ReadAsync(register);
        var scoped = await Emulator.SwitchAsync(tokens.Access, SeedData.BackOfficeId);
        Assert.Equal(["support"], (await Emulator.GetJsonAsync("/v1/me/context", scoped.Access)).GetProperty("roleKeys").Strings());
        var accepted = Assert.Single((await Emulator.ListAsync(Route + "?status=accepted", owner)).Items);
        Assert.Equal("new.person@example.test", accepted.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Reports_a_bad_email_unknown_role_and_expiry_out_of_range_by_field()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");

        using var response = await Emulator.PostAsync(Route, new { email = "nope", roleKeys = Roles("wizard"), expiresInDays = 31 }, owner);
        using var zeroDays = await Emulator.PostAsync(Route, new { email = "a@example.test", roleKeys = Roles("viewer"), expiresInDays = 0 }, owner);
        using var noRoles = await Emulator.PostAsync(Route, new { email = "a@example.test" }, owner);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["email", "expiresInDays", "roleKeys"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.True((await Problem.AssertAsync(zeroDays, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors").TryGetProperty("expiresInDays", out _));
        Assert.True((await Problem.AssertAsync(noRoles, HttpStatusCode.BadRequest, "VALIDATION_FAILED")).GetProperty("errors").TryGetProperty("roleKeys", out _));
        Assert.Empty(await Emulator.OutboxAsync("a@example.test"));
    }

    [Fact]
    public async Task Expires_in_seven_days_unless_told_otherwise()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        var now = Emulator.Clock.GetUtcNow();

        using var response = await Emulator.PostAsync(Route, new { email = "a@example.test", roleKeys = Roles("viewer") }, owner);

        var expiresAt = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - now, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Refuses_to_invite_a_member_or_someone_already_invited()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        await InviteAsync(owner, "a@example.test", "viewer");

        using var member = await Emulator.PostAsync(Route, new { email = "viewer@acme.test", roleKeys = Roles("viewer") }, owner);
        using var twice = await Emulator.PostAsync(Route, new { email = "A@example.test", roleKeys = Roles("support") }, owner);

        await Problem.AssertAsync(member, HttpStatusCode.Conflict, "CONFLICT");
        await Problem.AssertAsync(twice, HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Shows_an_unanswered_invitation_as_expired_once_the_clock_passes_its_expiry()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        var token = await InviteAsync(owner, "late@example.test", "viewer", expiresInDays: 1);
        await InviteAsync(owner, "later@example.test", "viewer", expiresInDays: 5);

        await Emulator.AdvanceClockAsync(TimeSpan.FromDays(2));
        owner = await Emulator.ScopedAsync("owner@acme.test");

        var expired = Assert.Single((await Emulator.ListAsync(Route + "?status=expired", owner)).Items);
        Assert.Equal("late@example.test", expired.GetProperty("email").GetString());
        Assert.Equal("expired", expired.GetProperty("status").GetString());
        var pending = Assert.Single((await Emulator.ListAsync(Route + "?status=pending", owner)).Items);
        Assert.Equal("later@example.test", pending.GetProperty("email").GetString());
        using var register = await Emulator.PostAsync("/v1/auth/register", new { email = "late@example.test", password = TestEmulator.Password, invitationToken = token });
        await Problem.AssertAsync(register, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Lists_invitations_newest_first_with_paging_and_rejects_an_unknown_status()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        for (var i = 0; i < 5; i++)
        {
            await InviteAsync(owner, $"person{i}@example.test", "viewer");
        }

        var all = await Emulator.AllPagesAsync(Route, owner, limit: 2);
        using var unknown = await Emulator.GetAsync(Route + "?status=lost", owner);

        Assert.Equal(
            ["person4@example.test", "person3@example.test", "person2@example.test", "person1@example.test", "person0@example.test"],
            all.Select(i => i.GetProperty("email").GetString()!).ToArray());
        Assert.All(all, i => Assert.Equal(
            ["createdAt", "email", "expiresAt", "id", "invitedBy", "invitedByEmail", "roleKeys", "status"],
            i.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray()));
        var problem = await Problem.AssertAsync(unknown, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Lists_only_the_invitations_of_the_active_project()
    {
        var storefront = await Emulator.ScopedAsync("owner@acme.test");
        var backOffice = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        await InviteAsync(storefront, "front@example.test", "viewer");

        Assert.Empty((await Emulator.ListAsync(Route, backOffice)).Items);
        Assert.Single((await Emulator.ListAsync(Route, storefront)).Items);
    }

    [Fact]
    public async Task Resending_issues_a_new_token_and_expiry_and_retires_the_old_link()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        using var created = await Emulator.PostAsync(Route, new { email = "new.person@example.test", roleKeys = Roles("support"), expiresInDays = 1 }, owner);
        var invitation = await created.JsonAsync(HttpStatusCode.Created);
        var id = invitation.GetProperty("id").GetString()!;
        var oldToken = TokenOf((await Emulator.OutboxAsync("new.person@example.test"))[0]);
        await Emulator.AdvanceClockAsync(TimeSpan.FromDays(2));
        owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);

        using var resend = await Emulator.PostAsync($"{Route}/{id}/resend", null, owner);

        var resent = await resend.JsonAsync();
        Assert.Equal("pending", resent.GetProperty("status").GetString());
        Assert.True(resent.GetProperty("expiresAt").GetDateTimeOffset() > Emulator.Clock.GetUtcNow().AddDays(6));
        var messages = await Emulator.OutboxAsync("new.person@example.test");
        Assert.Equal(2, messages.Length);
        var newToken = TokenOf(messages[0]);
        Assert.NotEqual(oldToken, newToken);
        using var withOld = await Emulator.PostAsync("/v1/auth/register", new { email = "new.person@example.test", password = TestEmulator.Password, invitationToken = oldToken });
        await Problem.AssertAsync(withOld, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        using var withNew = await Emulator.PostAsync("/v1/auth/register", new { email = "new.person@example.test", password = TestEmulator.Password, invitationToken = newToken });
        Assert.Equal(HttpStatusCode.Created, withNew.StatusCode);
    }

    [Fact]
    public async Task Resends_with_a_chosen_expiry()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test");
        var id = await InviteIdAsync(owner, "a@example.test");
        var now = Emulator.Clock.GetUtcNow();

        using var resend = await Emulator.PostAsync($"{Route}/{id}/resend", new { expiresInDays = 30 }, owner);
        using var tooLong = await Emulator.PostAsync($"{Route}/{id}/resend", new { expiresInDays = 31 }, owner);

        Assert.InRange((await resend.JsonAsync()).GetProperty("expiresAt").GetDateTimeOffset() - now, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));
        await Problem.AssertAsync(tooLong, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Revoking_stops_the_link_and_cannot_be_undone_by_a_resend()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        var id = await InviteIdAsync(owner, "new.person@example.test");
        var token = TokenOf((await Emulator.OutboxAsync("new.person@example.test"))[0]);

        using var revoke = await Emulator.DeleteAsync($"{Route}/{id}", owner);
        using var again = await Emulator.DeleteAsync($"{Route}/{id}", owner);
        using var resend = await Emulator.PostAsync($"{Route}/{id}/resend", null, owner);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        await Problem.AssertAsync(resend, HttpStatusCode.Conflict, "CONFLICT");
        var revoked = Assert.Single((await Emulator.ListAsync(Route + "?status=revoked", owner)).Items);
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        using var register = await Emulator.PostAsync("/v1/auth/register", new { email = "new.person@example.test", password = TestEmulator.Password, invitationToken = token });
        await Problem.AssertAsync(register, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Cannot_revoke_or_resend_an_accepted_invitation()
    {
        var owner = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        var id = await InviteIdAsync(owner, "support@acme.test");
        var token = TokenOf((await Emulator.OutboxAsync("support@acme.test"))[0]);
        using var login = await Emulator.PostAsync("/v1/auth/login/password", new { login = "support@acme.test", password = TestEmulator.Password, invitationToken = token });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        using var revoke = await Emulator.DeleteAsync($"{Route}/{id}", owner);
        using var resend = await Emulator.PostAsync($"{Route}/{id}/resend", null, owner);

        await Problem.AssertAsync(revoke, HttpStatusCode.Conflict, "CONFLICT");
        await Problem.AssertAsync(resend, HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Answers_not_found_for_an_invitation_of_another_project()
    {
        var storefront = await Emulator.ScopedAsync("owner@acme.test");
        var backOffice = await Emulator.ScopedAsync("owner@acme.test", SeedData.BackOfficeId);
        var id = await InviteIdAsync(storefront, "a@example.test");

        using var revoke = await Emulator.DeleteAsync($"{Route}/{id}", backOffice);
        using var resend = await Emulator.PostAsync($"{Route}/{id}/resend", null, backOffice);

        await Problem.AssertAsync(revoke, HttpStatusCode.NotFound, "NOT_FOUND");
        await Problem.AssertAsync(resend, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("pending", Assert.Single((await Emulator.ListAsync(Route, storefront)).Items).GetProperty("status").GetString());
    }

    private static string[] Roles(params string[] keys) => keys;

    private async Task<string> InviteIdAsync(string bearer, string email, string role = "support", int expiresInDays = 7)
    {
        using var response = await Emulator.PostAsync(Route, new { email, roleKeys = Roles(role), expiresInDays }, bearer);
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>Invites and returns the plain token from the link in the outbox.</summary>
    private async Task<string> InviteAsync(string bearer, string email, string role, int expiresInDays = 7)
    {
        await InviteIdAsync(bearer, email, role, expiresInDays);
        return TokenOf((await Emulator.OutboxAsync(email))[0]);
    }

    private static string TokenOf(JsonElement message)
    {
        var link = message.GetProperty("link").GetString()!;
        return QueryHelpers.ParseQuery(link[link.IndexOf('?', StringComparison.Ordinal)..])["invitationToken"].ToString();
    }
}
