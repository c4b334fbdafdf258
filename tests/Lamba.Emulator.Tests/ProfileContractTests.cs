using System.Net;
using System.Text.Json;
using Lamba.Emulator.Store;

namespace Lamba.Emulator.Tests;

public sealed class ProfileContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/me/profile";
    private static readonly int[] NotAnObject = [1];

    [Fact]
    public async Task Shows_the_callers_profile_without_needing_a_context()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        var profile = await Emulator.GetJsonAsync(Route, tokens.Access);

        Assert.Equal(
            ["createdAt", "displayName", "email", "emailVerified", "id", "locale", "phone", "timeZone", "updatedAt", "username"],
            profile.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(SeedData.ViewerId, profile.GetProperty("id").GetString());
        Assert.Equal("viewer@acme.test", profile.GetProperty("email").GetString());
        Assert.True(profile.GetProperty("emailVerified").GetBoolean());
        Assert.Equal("viewer", profile.GetProperty("username").GetString());
        Assert.Equal("Vera Viewer", profile.GetProperty("displayName").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("phone").ValueKind);
        Assert.Equal("en", profile.GetProperty("locale").GetString());
        Assert.Equal("UTC", profile.GetProperty("timeZone").GetString());
        Assert.EndsWith("Z", profile.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_caller_without_a_bearer_token()
    {
        using var response = await Emulator.GetAsync(Route);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Changes_only_the_fields_present_in_the_patch()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        var before = await Emulator.GetJsonAsync(Route, tokens.Access);
        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(1));

        using var response = await Emulator.PatchAsync(Route, new { displayName = "  Vera V.  " }, tokens.Access);

        var after = await response.JsonAsync();
        Assert.Equal("Vera V.", after.GetProperty("displayName").GetString());
        Assert.Equal("viewer", after.GetProperty("username").GetString());
        Assert.Equal("en", after.GetProperty("locale").GetString());
        Assert.Equal(before.GetProperty("createdAt").GetString(), after.GetProperty("createdAt").GetString());
        Assert.True(after.GetProperty("updatedAt").GetDateTimeOffset() > before.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal("Vera V.", (await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Accepts_the_merge_patch_media_type()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.SendAsync(HttpMethod.Patch, Route, null, tokens.Access, request =>
            request.Content = new StringContent("""{"displayName":"Vera M."}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));

        Assert.Equal("Vera M.", (await response.JsonAsync()).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Rejects_a_body_that_is_not_a_json_object()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var array = await Emulator.SendAsync(HttpMethod.Patch, Route, NotAnObject, tokens.Access);
        using var malformed = await Emulator.SendAsync(HttpMethod.Patch, Route, null, tokens.Access, request =>
            request.Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await Problem.AssertAsync(array, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await Problem.AssertAsync(malformed, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Sets_and_then_clears_optional_fields_with_null_restoring_defaults()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        using var set = await Emulator.PatchAsync(Route, new { phone = "+15555550123", locale = "en-gb", timeZone = "europe/paris", username = "vera.v" }, tokens.Access);
        var updated = await set.JsonAsync();
        Assert.Equal("+15555550123", updated.GetProperty("phone").GetString());
        Assert.Equal("en-GB", updated.GetProperty("locale").GetString());
        Assert.Equal("Europe/Paris", updated.GetProperty("timeZone").GetString());
        Assert.Equal("vera.v", updated.GetProperty("username").GetString());

        using var clear = await Emulator.SendAsync(
            HttpMethod.Patch, Route, JsonDocument.Parse("""{"phone":null,"locale":null,"timeZone":null,"displayName":null,"username":null}""").RootElement, tokens.Access);

        var cleared = await clear.JsonAsync();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("displayName").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("username").ValueKind);
        Assert.Equal("en", cleared.GetProperty("locale").GetString());
        Assert.Equal("UTC", cleared.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Reports_every_invalid_field_by_its_camel_case_name_and_changes_nothing()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PatchAsync(
            Route,
            new { username = "Not Valid!", displayName = new string('x', 101), phone = "0123456", locale = "not a tag", timeZone = "Pacific Standard Time" },
            tokens.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(
            ["displayName", "locale", "phone", "timeZone", "username"],
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        var profile = await Emulator.GetJsonAsync(Route, tokens.Access);
        Assert.Equal("viewer", profile.GetProperty("username").GetString());
        Assert.Equal("Vera Viewer", profile.GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("this-username-is-far-too-long-for-it")]
    [InlineData("UPPER")]
    public async Task Rejects_a_username_outside_the_allowed_shape(string username)
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PatchAsync(Route, new { username }, tokens.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
    }

    [Fact]
    public async Task Rejects_a_field_of_the_wrong_json_type()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PatchAsync(Route, new { displayName = 42 }, tokens.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));
    }

    [Fact]
    public async Task Rejects_a_username_that_another_account_holds()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PatchAsync(Route, new { username = "admin" }, tokens.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "USERNAME_TAKEN");
    }

    [Fact]
    public async Task Keeps_the_callers_own_username_when_it_is_sent_again()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PatchAsync(Route, new { username = "viewer" }, tokens.Access);

        Assert.Equal("viewer", (await response.JsonAsync()).GetProperty("username").GetString());
    }

    [Fact]
    public async Task Points_an_email_change_to_its_own_route()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PatchAsync(Route, new { email = "new@example.test" }, tokens.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Contains("/v1/me/profile/email", problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_the_email_after_the_code_sent_to_the_new_address()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var start = await Emulator.PostAsync(Route + "/email", new { newEmail = "Vera.New@Example.test", password = TestEmulator.Password }, tokens.Access);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var message = Assert.Single(await Emulator.OutboxAsync("vera.new@example.test"));
        Assert.Equal("email-code", message.GetProperty("kind").GetString());
        var code = message.GetProperty("code").GetString()!;
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal("viewer@acme.test", (await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("email").GetString());

        using var verify = await Emulator.PostAsync(Route + "/email/verify", new { code }, tokens.Access);

        var profile = await verify.JsonAsync();
        Assert.Equal("vera.new@example.test", profile.GetProperty("email").GetString());
        Assert.True(profile.GetProperty("emailVerified").GetBoolean());
        await Emulator.LoginAsync("vera.new@example.test");
        using var oldLogin = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });
        await Problem.AssertAsync(oldLogin, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task Refuses_an_email_change_with_a_wrong_password_and_sends_nothing()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route + "/email", new { newEmail = "vera.new@example.test", password = "Wrong-password-1" }, tokens.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        Assert.Empty(await Emulator.OutboxAsync("vera.new@example.test"));
    }

    [Fact]
    public async Task Refuses_an_email_another_account_uses()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route + "/email", new { newEmail = "ADMIN@acme.test", password = TestEmulator.Password }, tokens.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "EMAIL_TAKEN");
    }

    [Fact]
    public async Task Reports_a_malformed_new_email_and_a_missing_password_by_field()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route + "/email", new { newEmail = "not-an-email" }, tokens.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["newEmail", "password"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Spends_the_email_code_after_five_wrong_tries()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        using var start = await Emulator.PostAsync(Route + "/email", new { newEmail = "vera.new@example.test", password = TestEmulator.Password }, tokens.Access);
        var code = (await Emulator.OutboxAsync("vera.new@example.test"))[0].GetProperty("code").GetString()!;
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
        {
            using var miss = await Emulator.PostAsync(Route + "/email/verify", new { code = wrong }, tokens.Access);
            var problem = await Problem.AssertAsync(miss, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
            Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
        }

        using var late = await Emulator.PostAsync(Route + "/email/verify", new { code }, tokens.Access);
        await Problem.AssertAsync(late, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal("viewer@acme.test", (await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Refuses_an_email_code_after_fifteen_minutes()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        using var start = await Emulator.PostAsync(Route + "/email", new { newEmail = "vera.new@example.test", password = TestEmulator.Password }, tokens.Access);
        var code = (await Emulator.OutboxAsync("vera.new@example.test"))[0].GetProperty("code").GetString()!;
        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(16));
        var fresh = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route + "/email/verify", new { code }, fresh.Access);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Honours_only_the_latest_email_code()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        using var first = await Emulator.PostAsync(Route + "/email", new { newEmail = "first@example.test", password = TestEmulator.Password }, tokens.Access);
        using var second = await Emulator.PostAsync(Route + "/email", new { newEmail = "second@example.test", password = TestEmulator.Password }, tokens.Access);
        var firstCode = (await Emulator.OutboxAsync("first@example.test"))[0].GetProperty("code").GetString()!;
        var secondCode = (await Emulator.OutboxAsync("second@example.test"))[0].GetProperty("code").GetString()!;

        if (firstCode != secondCode)
        {
            using var stale = await Emulator.PostAsync(Route + "/email/verify", new { code = firstCode }, tokens.Access);
            await Problem.AssertAsync(stale, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        }

        using var current = await Emulator.PostAsync(Route + "/email/verify", new { code = secondCode }, tokens.Access);
        Assert.Equal("second@example.test", (await current.JsonAsync()).GetProperty("email").GetString());
    }
}
