using System.Net;
using System.Text.Json;
using Lamba.Emulator.Store;
using OtpNet;

namespace Lamba.Emulator.Tests;

public sealed class SecurityContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/me/security";
    private const string NewPassword = "A-new-Passw0rd-2";

    [Fact]
    public async Task Shows_password_mfa_and_last_login_state()
    {
        var viewer = await Emulator.LoginAsync("viewer@acme.test");
        var mfa = await Emulator.LoginAsync("mfa@acme.test", mfaCode: Arrange.TotpNow(Emulator));

        var plain = await Emulator.GetJsonAsync(Route, viewer.Access);
        var guarded = await Emulator.GetJsonAsync(Route, mfa.Access);

        Assert.Equal(["lastLoginAt", "mfa", "passwordSetAt"], plain.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(JsonValueKind.String, plain.GetProperty("passwordSetAt").ValueKind);
        Assert.Equal(JsonValueKind.String, plain.GetProperty("lastLoginAt").ValueKind);
        Assert.False(plain.GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("mfa").GetProperty("totp").GetProperty("enrolledAt").ValueKind);
        Assert.Equal(0, plain.GetProperty("mfa").GetProperty("recoveryCodesRemaining").GetInt32());
        Assert.True(guarded.GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.String, guarded.GetProperty("mfa").GetProperty("totp").GetProperty("enrolledAt").ValueKind);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_other_session_but_keeps_the_current_one()
    {
        var current = await Emulator.LoginAsync("viewer@acme.test");
        var other = await Emulator.LoginAsync("viewer@acme.test");
        var scopedOther = await Emulator.SwitchAsync((await Emulator.LoginAsync("viewer@acme.test")).Access);
        var someoneElse = await Emulator.LoginAsync("support@acme.test");

        using var response = await Emulator.PostAsync(Route + "/password", new { currentPassword = TestEmulator.Password, newPassword = NewPassword }, current.Access);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("X-Lamba-Sessions-Ended")));
        using var otherCall = await Emulator.GetAsync("/v1/me/profile", other.Access);
        await Problem.AssertAsync(otherCall, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        using var scopedCall = await Emulator.GetAsync("/v1/me/profile", scopedOther.Access);
        await Problem.AssertAsync(scopedCall, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        using var otherRefresh = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = other.Refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, otherRefresh.StatusCode);
        await Emulator.GetJsonAsync("/v1/me/profile", current.Access);
        await Emulator.GetJsonAsync("/v1/me/profile", someoneElse.Access);
        using var currentRefresh = await Emulator.PostAsync("/v1/auth/refresh", new { refreshToken = current.Refresh });
        Assert.Equal(HttpStatusCode.OK, currentRefresh.StatusCode);
    }

    [Fact]
    public async Task Signs_in_with_the_new_password_only_after_a_change()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        var before = (await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("passwordSetAt").GetDateTimeOffset();
        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(1));

        using var response = await Emulator.PostAsync(Route + "/password", new { currentPassword = TestEmulator.Password, newPassword = NewPassword }, tokens.Access);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("X-Lamba-Sessions-Ended")));
        await Emulator.LoginAsync("viewer@acme.test", NewPassword);
        using var old = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });
        await Problem.AssertAsync(old, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        Assert.True((await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("passwordSetAt").GetDateTimeOffset() > before);
    }

    [Fact]
    public async Task Refuses_a_wrong_current_password_and_ends_no_session()
    {
        var current = await Emulator.LoginAsync("viewer@acme.test");
        var other = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route + "/password", new { currentPassword = "Wrong-password-1", newPassword = NewPassword }, current.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await Emulator.GetJsonAsync("/v1/me/profile", other.Access);
        await Emulator.LoginAsync("viewer@acme.test");
    }

    [Fact]
    public async Task Rejects_a_new_password_outside_10_to_128_characters()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        foreach (var newPassword in new[] { "short-1", new string('p', 129) })
        {
            using var response = await Emulator.PostAsync(Route + "/password", new { currentPassword = TestEmulator.Password, newPassword }, tokens.Access);

            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
            Assert.True(problem.GetProperty("errors").TryGetProperty("newPassword", out _));
        }

        await Emulator.LoginAsync("viewer@acme.test");
    }

    [Fact]
    public async Task Slows_down_repeated_password_checks_with_429_and_retry_after()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.AuthAttemptLimit = 3);
        var tokens = await emulator.LoginAsync("viewer@acme.test");
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await emulator.PostAsync(Route + "/password", new { currentPassword = "Wrong-password-1", newPassword = NewPassword }, tokens.Access);
            await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        }

        using var limited = await emulator.PostAsync(Route + "/password", new { currentPassword = TestEmulator.Password, newPassword = NewPassword }, tokens.Access);

        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.NotNull(limited.Headers.RetryAfter);
        await emulator.LoginAsync("viewer@acme.test");
    }

    [Fact]
    public async Task Asks_for_the_current_password()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route + "/password", new { newPassword = NewPassword }, tokens.Access);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("currentPassword", out _));
    }

    [Fact]
    public async Task Enrols_an_authenticator_and_turns_mfa_on_only_after_a_verified_code()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        var enrollment = await (await Emulator.PostAsync(Route + "/mfa/totp", null, tokens.Access)).JsonAsync();
        var secret = enrollment.GetProperty("secret").GetString()!;
        var uri = new Uri(enrollment.GetProperty("otpauthUri").GetString()!);
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Contains("secret=" + secret, uri.Query, StringComparison.Ordinal);
        Assert.Contains("viewer%40acme.test", uri.AbsolutePath + uri.Query, StringComparison.Ordinal);
        Assert.Equal(20, Base32Encoding.ToBytes(secret).Length);
        Assert.False((await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
        await Emulator.LoginAsync("viewer@acme.test");

        using var verify = await Emulator.PostAsync(Route + "/mfa/totp/verify", new { code = Arrange.TotpNow(Emulator, secret) }, tokens.Access);

        var codes = (await verify.JsonAsync()).GetProperty("recoveryCodes").Strings();
        Assert.Equal(10, codes.Length);
        Assert.Equal(10, codes.Distinct(StringComparer.Ordinal).Count());
        var security = await Emulator.GetJsonAsync(Route, tokens.Access);
        Assert.True(security.GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
        Assert.Equal(10, security.GetProperty("mfa").GetProperty("recoveryCodesRemaining").GetInt32());
        using var passwordOnly = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password });
        await Problem.AssertAsync(passwordOnly, HttpStatusCode.Unauthorized, "MFA_REQUIRED");
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(30));
        await Emulator.LoginAsync("viewer@acme.test", mfaCode: Arrange.TotpNow(Emulator, secret));
    }

    [Fact]
    public async Task Does_not_accept_the_enrolment_code_again_at_sign_in()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        var secret = (await (await Emulator.PostAsync(Route + "/mfa/totp", null, tokens.Access)).JsonAsync()).GetProperty("secret").GetString()!;
        var code = Arrange.TotpNow(Emulator, secret);
        using var verify = await Emulator.PostAsync(Route + "/mfa/totp/verify", new { code }, tokens.Access);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);

        using var replay = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password, mfaCode = code });

        await Problem.AssertAsync(replay, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
    }

    [Fact]
    public async Task Rejects_a_wrong_enrolment_code_and_leaves_mfa_off()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        var secret = (await (await Emulator.PostAsync(Route + "/mfa/totp", null, tokens.Access)).JsonAsync()).GetProperty("secret").GetString()!;
        var right = Arrange.TotpNow(Emulator, secret);

        using var response = await Emulator.PostAsync(Route + "/mfa/totp/verify", new { code = right == "123456" ? "654321" : "123456" }, tokens.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        Assert.False((await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Replaces_the_pending_secret_when_enrolment_starts_again()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        var first = (await (await Emulator.PostAsync(Route + "/mfa/totp", null, tokens.Access)).JsonAsync()).GetProperty("secret").GetString()!;
        var second = (await (await Emulator.PostAsync(Route + "/mfa/totp", null, tokens.Access)).JsonAsync()).GetProperty("secret").GetString()!;
        Assert.NotEqual(first, second);

        using var stale = await Emulator.PostAsync(Route + "/mfa/totp/verify", new { code = Arrange.TotpNow(Emulator, first) }, tokens.Access);
        await Problem.AssertAsync(stale, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        using var current = await Emulator.PostAsync(Route + "/mfa/totp/verify", new { code = Arrange.TotpNow(Emulator, second) }, tokens.Access);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Refuses_to_enrol_again_while_mfa_is_on()
    {
        var tokens = await Emulator.LoginAsync("mfa@acme.test", mfaCode: Arrange.TotpNow(Emulator));

        using var start = await Emulator.PostAsync(Route + "/mfa/totp", null, tokens.Access);
        using var verify = await Emulator.PostAsync(Route + "/mfa/totp/verify", new { code = "123456" }, tokens.Access);

        await Problem.AssertAsync(start, HttpStatusCode.Conflict, "CONFLICT");
        await Problem.AssertAsync(verify, HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Refuses_to_verify_before_enrolment_started()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.PostAsync(Route + "/mfa/totp/verify", new { code = "123456" }, tokens.Access);

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Accepts_each_recovery_code_once_at_sign_in()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        var secret = (await (await Emulator.PostAsync(Route + "/mfa/totp", null, tokens.Access)).JsonAsync()).GetProperty("secret").GetString()!;
        using var verify = await Emulator.PostAsync(Route + "/mfa/totp/verify", new { code = Arrange.TotpNow(Emulator, secret) }, tokens.Access);
        var recovery = (await verify.JsonAsync()).GetProperty("recoveryCodes")[3].GetString()!;

        await Emulator.LoginAsync("viewer@acme.test", mfaCode: recovery.ToUpperInvariant());
        using var again = await Emulator.PostAsync("/v1/auth/login/password", new { login = "viewer@acme.test", password = TestEmulator.Password, mfaCode = recovery });

        await Problem.AssertAsync(again, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        Assert.Equal(9, (await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("mfa").GetProperty("recoveryCodesRemaining").GetInt32());
    }

    [Fact]
    public async Task Turning_mfa_off_with_a_current_code_ends_every_other_session_but_keeps_the_current_one()
    {
        var current = await Emulator.LoginAsync("mfa@acme.test", mfaCode: Arrange.TotpNow(Emulator));
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(30));
        var other = await Emulator.LoginAsync("mfa@acme.test", mfaCode: Arrange.TotpNow(Emulator));
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(30));

        using var response = await Emulator.DeleteAsync(Route + "/mfa/totp", current.Access, new { code = Arrange.TotpNow(Emulator) });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("X-Lamba-Sessions-Ended")));
        using var otherCall = await Emulator.GetAsync("/v1/me/profile", other.Access);
        await Problem.AssertAsync(otherCall, HttpStatusCode.Unauthorized, "SESSION_REVOKED");
        var security = await Emulator.GetJsonAsync(Route, current.Access);
        Assert.False(security.GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
        Assert.Equal(0, security.GetProperty("mfa").GetProperty("recoveryCodesRemaining").GetInt32());
        await Emulator.LoginAsync("mfa@acme.test");
    }

    [Fact]
    public async Task Turns_mfa_off_with_a_recovery_code()
    {
        var tokens = await Emulator.LoginAsync("mfa@acme.test", mfaCode: Arrange.TotpNow(Emulator));
        await Arrange.RecoveryCodeAsync(Emulator, SeedData.MfaId, "abcde-fghjk");

        using var response = await Emulator.DeleteAsync(Route + "/mfa/totp", tokens.Access, new { code = "ABCDEFGHJK" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False((await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Keeps_mfa_on_when_the_code_to_turn_it_off_is_wrong()
    {
        var tokens = await Emulator.LoginAsync("mfa@acme.test", mfaCode: Arrange.TotpNow(Emulator));

        using var response = await Emulator.DeleteAsync(Route + "/mfa/totp", tokens.Access, new { code = "not-a-code" });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        Assert.True((await Emulator.GetJsonAsync(Route, tokens.Access)).GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Cannot_turn_off_mfa_that_is_not_on()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");

        using var response = await Emulator.DeleteAsync(Route + "/mfa/totp", tokens.Access, new { code = "123456" });

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "CONFLICT");
    }
}
