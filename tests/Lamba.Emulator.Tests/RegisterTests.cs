using System.Net;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tests;

public sealed class RegisterTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/auth/register";

    [Fact]
    public async Task Creates_a_storefront_test_viewer_once_the_emailed_link_is_followed()
    {
        using var response = await Emulator.PostAsync(Route, new { email = "New.Person@Example.Test", password = "long-enough-1", displayName = "New Person", username = "new.person" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(await Emulator.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "new.person@example.test")));
        using var verified = await Emulator.PostAsync(Route + "/verify", new { token = await Emulator.RegistrationTokenAsync("new.person@example.test") });
        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
        var tokens = await Tokens.ReadAsync(verified);
        var context = await Emulator.GetJsonAsync("/v1/me/context", tokens.Access);
        Assert.Equal("new.person@example.test", context.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("new.person", context.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal("New Person", context.GetProperty("user").GetProperty("displayName").GetString());
        var membership = Assert.Single((await Emulator.GetJsonAsync("/v1/me/memberships", tokens.Access)).GetProperty("items").EnumerateArray());
        Assert.Equal(SeedData.StorefrontId, membership.GetProperty("project").GetProperty("id").GetString());
        Assert.Equal(["test"], membership.GetProperty("environments").Strings());
        Assert.Equal(["viewer"], membership.GetProperty("roleKeys").Strings());
        Assert.True((await Emulator.GetJsonAsync("/v1/me/profile", tokens.Access)).GetProperty("emailVerified").GetBoolean());
        await Emulator.LoginAsync("new.person", "long-enough-1");
    }

    [Fact]
    public async Task Answers_a_taken_and_a_new_email_alike_and_mails_each_what_fits()
    {
        using var taken = await Emulator.PostAsync(Route, new { email = "VIEWER@acme.test", password = "long-enough-1" });
        using var fresh = await Emulator.PostAsync(Route, new { email = "fresh@example.test", password = "long-enough-1" });

        Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await taken.Content.ReadAsStringAsync());
        Assert.Equal(fresh.Content.Headers.ContentType?.ToString(), taken.Content.Headers.ContentType?.ToString());
        var toOwner = Assert.Single(await Emulator.OutboxAsync("viewer@acme.test"));
        Assert.Equal("registration-attempt", toOwner.GetProperty("kind").GetString());
        Assert.Contains("Someone tried to create an account", toOwner.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, toOwner.GetProperty("link").ValueKind);
        var toNewcomer = Assert.Single(await Emulator.OutboxAsync("fresh@example.test"));
        Assert.Equal("registration-link", toNewcomer.GetProperty("kind").GetString());
        await Emulator.LoginAsync("viewer@acme.test");
    }

    [Fact]
    public async Task Spends_as_long_on_a_taken_email_as_on_a_new_one()
    {
        // Real hashing cost, so a missing hash on one path shows up above the noise.
        await using var emulator = await TestEmulator.StartAsync(o => o.PasswordHashIterations = 200_000);
        var taken = new List<double>();
        var fresh = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            taken.Add(await TimeAsync(emulator, "viewer@acme.test"));
            fresh.Add(await TimeAsync(emulator, $"fresh{i}@example.test"));
        }

        var (takenMedian, freshMedian) = (taken.Order().ElementAt(2), fresh.Order().ElementAt(2));
        Assert.True(takenMedian > freshMedian * 0.5 && takenMedian < freshMedian * 2, $"taken {takenMedian:0} ms, new {freshMedian:0} ms");
    }

    [Fact]
    public async Task Accepts_a_sign_up_link_once_and_not_after_24_hours()
    {
        using var first = await Emulator.PostAsync(Route, new { email = "once@example.test", password = "long-enough-1" });
        var once = await Emulator.RegistrationTokenAsync("once@example.test");
        using var second = await Emulator.PostAsync(Route, new { email = "late@example.test", password = "long-enough-1" });
        var late = await Emulator.RegistrationTokenAsync("late@example.test");

        using var used = await Emulator.PostAsync(Route + "/verify", new { token = once });
        using var again = await Emulator.PostAsync(Route + "/verify", new { token = once });
        await Emulator.AdvanceClockAsync(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        using var expired = await Emulator.PostAsync(Route + "/verify", new { token = late });
        using var forged = await Emulator.PostAsync(Route + "/verify", new { token = "never-issued" });

        Assert.Equal(HttpStatusCode.Created, used.StatusCode);
        await Problem.AssertAsync(again, HttpStatusCode.Unauthorized, "REGISTRATION_LINK_INVALID");
        await Problem.AssertAsync(expired, HttpStatusCode.Unauthorized, "REGISTRATION_LINK_INVALID");
        await Problem.AssertAsync(forged, HttpStatusCode.Unauthorized, "REGISTRATION_LINK_INVALID");
    }

    [Fact]
    public async Task Needs_only_an_email_and_a_password()
    {
        using var response = await Emulator.PostAsync(Route, new { email = "minimal@example.test", password = "long-enough-1" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
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
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
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

        Assert.Equal(accepted ? HttpStatusCode.Accepted : HttpStatusCode.BadRequest, response.StatusCode);
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
    public async Task Answers_a_bad_invitation_with_a_field_error_whether_sign_up_is_open_or_closed()
    {
        await using var closed = await TestEmulator.StartAsync(o => o.RegistrationOpen = false);
        var body = new { email = "invitee@example.test", password = "long-enough-1", invitationToken = "not-an-invitation" };

        using var whenClosed = await closed.PostAsync(Route, body);
        using var whenOpen = await Emulator.PostAsync(Route, body);

        foreach (var response in new[] { whenClosed, whenOpen })
        {
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
            Assert.True(problem.GetProperty("errors").TryGetProperty("invitationToken", out _));
        }
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
        await Emulator.RegisterAsync("audited");

        var actions = await Emulator.WithDbAsync(db => db.AuditEvents.Where(e => e.ActorEmail == "audited@example.test" && e.ProjectId == SeedData.StorefrontId).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.UserRegistered, actions);
        Assert.Contains(AuditActions.UserSignedIn, actions);
    }

    private static async Task<double> TimeAsync(TestEmulator emulator, string email)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await emulator.PostAsync(Route, new { email, password = "long-enough-1" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
