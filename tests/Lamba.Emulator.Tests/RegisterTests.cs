using System.Net;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tests;

public sealed class RegisterTests : EmulatorTest
{
    private const string Route = "/v1/auth/register";

    [Fact]
    public async Task Creates_a_storefront_test_viewer_and_signs_them_in()
    {
        using var response = await Emulator.PostAsync(Route, new { email = "New.Person@Example.Test", password = "long-enough-1", displayName = "New Person", username = "new.person" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tokens = await Tokens.ReadAsync(response);
        var context = await Emulator.GetJsonAsync("/v1/me/context", tokens.Access);
        Assert.Equal("new.person@example.test", context.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("new.person", context.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal("New Person", context.GetProperty("user").GetProperty("displayName").GetString());
        var membership = Assert.Single((await Emulator.GetJsonAsync("/v1/me/memberships", tokens.Access)).GetProperty("items").EnumerateArray());
        Assert.Equal(SeedData.StorefrontId, membership.GetProperty("project").GetProperty("id").GetString());
        Assert.Equal(["test"], membership.GetProperty("environments").Strings());
        Assert.Equal(["viewer"], membership.GetProperty("roleKeys").Strings());
        await Emulator.LoginAsync("new.person", "long-enough-1");
    }

    [Fact]
    public async Task Needs_only_an_email_and_a_password()
    {
        using var response = await Emulator.PostAsync(Route, new { email = "minimal@example.test", password = "long-enough-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Reports_every_invalid_field_under_its_camel_case_name()
    {
        using var response = await Emulator.PostAsync(Route, new { email = "not-an-email", password = "short", displayName = new string('x', 101), username = "No Spaces" });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var errors = problem.GetProperty("errors");
        Assert.Equal(["displayName", "email", "password", "username"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.All(errors.EnumerateObject(), field => Assert.NotEmpty(field.Value.Strings()));
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public async Task Accepts_passwords_of_10_to_128_characters(int length, bool accepted)
    {
        using var response = await Emulator.PostAsync(Route, new { email = $"len{length}@example.test", password = new string('p', length) });

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
            Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
        }
    }

    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("a.b_c-9", true)]
    [InlineData("UPPER", false)]
    [InlineData("thirty-three-characters-long-name", false)]
    public async Task Accepts_usernames_of_3_to_32_lowercase_letters_digits_dots_underscores_and_hyphens(string username, bool accepted)
    {
        using var response = await Emulator.PostAsync(Route, new { email = "u@example.test", password = "long-enough-1", username });

        Assert.Equal(accepted ? HttpStatusCode.Created : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Rejects_an_email_that_already_has_an_account()
    {
        using var response = await Emulator.PostAsync(Route, new { email = "VIEWER@acme.test", password = "long-enough-1" });

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "EMAIL_TAKEN");
    }

    [Fact]
    public async Task Rejects_a_username_that_is_taken()
    {
        using var response = await Emulator.PostAsync(Route, new { email = "fresh@example.test", password = "long-enough-1", username = "viewer" });

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "USERNAME_TAKEN");
    }

    [Fact]
    public async Task Refuses_public_sign_up_when_registration_is_closed()
    {
        await using var closed = await TestEmulator.StartAsync(o => o.RegistrationOpen = false);

        using var response = await closed.PostAsync(Route, new { email = "fresh@example.test", password = "long-enough-1" });

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "REGISTRATION_DISABLED");
    }

    [Fact]
    public async Task Lets_an_invitee_sign_up_and_join_even_when_registration_is_closed()
    {
        await using var closed = await TestEmulator.StartAsync(o => o.RegistrationOpen = false);
        var invitation = await Arrange.InvitationAsync(closed, "invitee@example.test", SeedData.BackOfficeId, "test", "support");

        using var response = await closed.PostAsync(Route, new { email = "invitee@example.test", password = "long-enough-1", invitationToken = invitation });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tokens = await Tokens.ReadAsync(response);
        var projects = (await closed.GetJsonAsync("/v1/me/memberships", tokens.Access)).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("project").GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([SeedData.BackOfficeId, SeedData.StorefrontId], projects);
        Assert.Equal(InvitationStatus.Accepted, (await closed.WithDbAsync(db => db.Invitations.SingleAsync())).Status);
    }

    [Fact]
    public async Task Refuses_an_expired_invitation_and_creates_nobody()
    {
        var invitation = await Arrange.InvitationAsync(Emulator, "late@example.test", expiresIn: TimeSpan.FromMinutes(1));
        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(2));

        using var response = await Emulator.PostAsync(Route, new { email = "late@example.test", password = "long-enough-1", invitationToken = invitation });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("invitationToken", out _));
        Assert.False(await Emulator.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "late@example.test")));
    }

    [Fact]
    public async Task Audits_the_sign_up_in_the_default_project()
    {
        using var response = await Emulator.PostAsync(Route, new { email = "audited@example.test", password = "long-enough-1" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var actions = await Emulator.WithDbAsync(db => db.AuditEvents.Where(e => e.ActorEmail == "audited@example.test" && e.ProjectId == SeedData.StorefrontId).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.UserRegistered, actions);
        Assert.Contains(AuditActions.UserSignedIn, actions);
    }
}
