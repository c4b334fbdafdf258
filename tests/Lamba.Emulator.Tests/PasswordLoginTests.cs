using System.Net;
using System.Text.Json;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lamba.Emulator.Tests;

public sealed class PasswordLoginTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Route = "/v1/auth/login/password";

    protected override void Configure(EmulatorOptions options) => options.AccessTokenLifetime = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Signs_in_a_seeded_user_and_answers_the_snake_case_token_shape()
    {
        var before = Emulator.Clock.GetUtcNow();
        using var response = await Emulator.PostAsync(Route, new { login = "owner@acme.test", password = TestEmulator.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(
            ["access_token", "access_token_expires_at", "refresh_token", "refresh_token_expires_at", "token_type"],
            json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        var tokens = await Tokens.ReadAsync(response);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.InRange(tokens.AccessExpiresAt - before, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));
        Assert.InRange(tokens.RefreshExpiresAt - before, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));
        Assert.True(Convert.FromBase64String(tokens.Refresh.Replace('-', '+').Replace('_', '/') + "=").Length >= 32, "refresh token carries at least 256 bits");
    }

    [Fact]
    public async Task Accepts_a_username_or_a_differently_cased_email_as_the_login()
    {
        await Emulator.LoginAsync("viewer");
        await Emulator.LoginAsync("Viewer@Acme.Test");
    }

    [Fact]
    public async Task Rejects_a_wrong_password_and_an_unknown_user_with_the_same_answer()
    {
        using var wrongPassword = await Emulator.PostAsync(Route, new { login = "viewer@acme.test", password = "not-the-password" });
        using var unknownUser = await Emulator.PostAsync(Route, new { login = "nobody@acme.test", password = "not-the-password" });

        await Problem.AssertAsync(wrongPassword, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await Problem.AssertAsync(unknownUser, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        Assert.Equal(await Problem.BodyWithoutTraceIdAsync(wrongPassword), await Problem.BodyWithoutTraceIdAsync(unknownUser));
    }

    [Fact]
    public async Task Spends_as_long_on_an_unknown_user_as_on_a_wrong_password()
    {
        // The cost of a sign-in is its PBKDF2 work, counted rather than timed: a stopwatch on a shared, loaded machine
        // measures the machine. Skipping the hash for unknown users, or a cheaper dummy hash, shows as less work.
        const int Iterations = 100_000;
        await using var emulator = await TestEmulator.StartAsync(o => o.PasswordHashIterations = Iterations);
        var hasher = emulator.Running.Services.GetRequiredService<PasswordHasher>();

        // One wrong password per seeded user, so none of them reaches the lockout.
        foreach (var name in new[] { "owner", "admin", "support", "viewer", "mfa" })
        {
            Assert.Equal(Iterations, await HashingWorkAsync(name + "@acme.test"));
            Assert.Equal(Iterations, await HashingWorkAsync($"nobody.{name}@acme.test"));
        }

        async Task<long> HashingWorkAsync(string login)
        {
            var before = hasher.IterationsSpent;
            using var response = await emulator.PostAsync(Route, new { login, password = "Wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return hasher.IterationsSpent - before;
        }
    }

    [Fact]
    public async Task Reports_missing_login_and_password_by_field()
    {
        using var response = await Emulator.PostAsync(Route, new { login = "", password = "" });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("login", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Asks_for_a_totp_code_when_the_user_has_mfa()
    {
        using var response = await Emulator.PostAsync(Route, new { login = "mfa@acme.test", password = TestEmulator.Password });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "MFA_REQUIRED");
        Assert.Equal(["totp"], problem.GetProperty("factors").Strings());
    }

    [Fact]
    public async Task Accepts_a_current_totp_code_once()
    {
        var code = Arrange.TotpNow(Emulator);

        await Emulator.LoginAsync("mfa@acme.test", mfaCode: code);
        using var replay = await Emulator.PostAsync(Route, new { login = "mfa@acme.test", password = TestEmulator.Password, mfaCode = code });

        await Problem.AssertAsync(replay, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
    }

    [Fact]
    public async Task Rejects_a_wrong_totp_code()
    {
        var wrong = Arrange.TotpNow(Emulator) == "000000" ? "111111" : "000000";
        using var response = await Emulator.PostAsync(Route, new { login = "mfa@acme.test", password = TestEmulator.Password, mfaCode = wrong });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
    }

    [Fact]
    public async Task Does_not_ask_for_a_code_before_the_password_is_right()
    {
        using var response = await Emulator.PostAsync(Route, new { login = "mfa@acme.test", password = "Wrong-password-1" });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task Accepts_each_recovery_code_once_in_place_of_a_totp_code()
    {
        await Arrange.RecoveryCodeAsync(Emulator, SeedData.MfaId, "abcde-12345");

        await Emulator.LoginAsync("mfa@acme.test", mfaCode: "ABCDE-12345");
        using var again = await Emulator.PostAsync(Route, new { login = "mfa@acme.test", password = TestEmulator.Password, mfaCode = "abcde-12345" });

        await Problem.AssertAsync(again, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
    }

    [Fact]
    public async Task Locks_the_account_for_fifteen_minutes_after_five_failures()
    {
        for (var i = 0; i < 4; i++)
        {
            using var failure = await Emulator.PostAsync(Route, new { login = "viewer@acme.test", password = "Wrong-password-1" });
            await Problem.AssertAsync(failure, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        }

        using var fifth = await Emulator.PostAsync(Route, new { login = "viewer@acme.test", password = "Wrong-password-1" });
        await Problem.AssertAsync(fifth, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.InRange(fifth.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 890, 900);

        using var rightPasswordWhileLocked = await Emulator.PostAsync(Route, new { login = "viewer@acme.test", password = TestEmulator.Password });
        await Problem.AssertAsync(rightPasswordWhileLocked, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.NotNull(rightPasswordWhileLocked.Headers.RetryAfter?.Delta);

        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await Emulator.LoginAsync("viewer@acme.test");
    }

    [Fact]
    public async Task Counts_wrong_mfa_codes_towards_the_lockout()
    {
        for (var i = 0; i < 4; i++)
        {
            using var failure = await Emulator.PostAsync(Route, new { login = "mfa@acme.test", password = TestEmulator.Password, mfaCode = "not-a-code" });
            await Problem.AssertAsync(failure, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        }

        using var fifth = await Emulator.PostAsync(Route, new { login = "mfa@acme.test", password = TestEmulator.Password, mfaCode = "not-a-code" });
        await Problem.AssertAsync(fifth, (HttpStatusCode)423, "ACCOUNT_LOCKED");
    }

    [Fact]
    public async Task Forgets_failures_older_than_fifteen_minutes()
    {
        for (var i = 0; i < 4; i++)
        {
            (await Emulator.PostAsync(Route, new { login = "viewer@acme.test", password = "Wrong-password-1" })).Dispose();
        }

        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(16));
        using var later = await Emulator.PostAsync(Route, new { login = "viewer@acme.test", password = "Wrong-password-1" });

        await Problem.AssertAsync(later, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task Limits_attempts_per_client_and_login_with_retry_after()
    {
        await using var emulator = await TestEmulator.StartAsync(o =>
        {
            o.AuthAttemptLimit = 3;
            o.AuthAttemptWindow = TimeSpan.FromMinutes(1);
        });
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await emulator.PostAsync(Route, new { login = "nobody@acme.test", password = "Wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var limited = await emulator.PostAsync(Route, new { login = "nobody@acme.test", password = "Wrong-password-1" });
        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);

        await emulator.LoginAsync("viewer@acme.test");
        await emulator.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        using var nextWindow = await emulator.PostAsync(Route, new { login = "nobody@acme.test", password = "Wrong-password-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, nextWindow.StatusCode);
    }

    [Fact]
    public async Task Records_the_sign_in_on_the_user_the_session_and_the_audit_log()
    {
        using var response = await Emulator.SendAsync(HttpMethod.Post, Route, new { login = "viewer@acme.test", password = TestEmulator.Password },
            tweak: request => request.Headers.UserAgent.ParseAdd("ContractTest/1.0"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var (user, session, audit) = await Emulator.WithDbAsync(async db => (
            await db.Users.SingleAsync(u => u.Id == SeedData.ViewerId),
            await db.Sessions.SingleAsync(s => s.UserId == SeedData.ViewerId),
            await db.AuditEvents.SingleAsync(e => e.ActorUserId == SeedData.ViewerId)));
        Assert.NotNull(user.LastLoginAt);
        Assert.Equal("ContractTest/1.0", session.UserAgent);
        Assert.Equal("127.0.0.1", session.IpAddress);
        Assert.Equal(AuditActions.UserSignedIn, audit.Action);
        Assert.Equal("viewer@acme.test", audit.ActorEmail);
        Assert.False(string.IsNullOrEmpty(audit.TraceId));
    }

    [Fact]
    public async Task Turns_an_invitation_presented_at_login_into_a_membership()
    {
        var invitation = await Arrange.InvitationAsync(Emulator, "viewer@acme.test", SeedData.BackOfficeId, "test", "support");

        using var response = await Emulator.PostAsync(Route, new { login = "viewer@acme.test", password = TestEmulator.Password, invitationToken = invitation });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await Tokens.ReadAsync(response);

        var switched = await Emulator.SwitchAsync(tokens.Access, SeedData.BackOfficeId);
        var authorization = await Emulator.GetJsonAsync("/v1/me/authorization", switched.Access);
        Assert.Equal(["support"], authorization.GetProperty("roleKeys").Strings());
        var stored = await Emulator.WithDbAsync(db => db.Invitations.SingleAsync());
        Assert.Equal(InvitationStatus.Accepted, stored.Status);
        Assert.True(await Emulator.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.InvitationAccepted && e.ProjectId == SeedData.BackOfficeId)));
    }

    [Fact]
    public async Task Refuses_an_invitation_meant_for_someone_else()
    {
        var invitation = await Arrange.InvitationAsync(Emulator, "someone.else@acme.test");

        using var response = await Emulator.PostAsync(Route, new { login = "viewer@acme.test", password = TestEmulator.Password, invitationToken = invitation });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("invitationToken", out _));
        Assert.Equal(0, await Emulator.WithDbAsync(db => db.Sessions.CountAsync()));
    }
}
