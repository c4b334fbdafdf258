using System.Net;
using Lamba.Emulator.Infrastructure;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lamba.Emulator.Tests;

/// <summary>Lockouts an attacker cannot aim, phone and step-up budgets, and how secrets and counters are stored.</summary>
public sealed class AbuseBudgetContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Login = "/v1/auth/login/password";
    private const string Wrong = "Wrong-password-1";

    [Fact]
    public async Task A_locked_account_and_an_unknown_one_answer_alike()
    {
        for (var i = 0; i < 5; i++)
        {
            (await Emulator.PostAsync(Login, new { login = "viewer@acme.test", password = Wrong })).Dispose();
            (await Emulator.PostAsync(Login, new { login = "nobody@acme.test", password = Wrong })).Dispose();
        }

        using var locked = await Emulator.PostAsync(Login, new { login = "viewer@acme.test", password = TestEmulator.Password });
        using var unknown = await Emulator.PostAsync(Login, new { login = "nobody@acme.test", password = TestEmulator.Password });

        await Problem.AssertAsync(locked, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        await Problem.AssertAsync(unknown, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.Equal(await Problem.BodyWithoutTraceIdAsync(unknown), await Problem.BodyWithoutTraceIdAsync(locked));
        Assert.Equal(unknown.Headers.RetryAfter?.Delta?.TotalMinutes ?? 0, locked.Headers.RetryAfter?.Delta?.TotalMinutes ?? -1, 0.1);
    }

    [Fact]
    public async Task Hashes_the_password_before_answering_that_an_account_is_locked()
    {
        // Counted PBKDF2 work rather than a stopwatch: timing on a shared machine measures the machine.
        const int Iterations = 200_000;
        await using var emulator = await TestEmulator.StartAsync(o => o.PasswordHashIterations = Iterations);
        var hasher = emulator.Running.Services.GetRequiredService<PasswordHasher>();
        for (var i = 0; i < 5; i++)
        {
            (await emulator.PostAsync(Login, new { login = "viewer@acme.test", password = Wrong })).Dispose();
        }

        foreach (var name in new[] { "owner", "admin", "support" })
        {
            Assert.Equal(Iterations, await HashingWorkAsync(emulator, hasher, "viewer@acme.test", (HttpStatusCode)423));
            Assert.Equal(Iterations, await HashingWorkAsync(emulator, hasher, name + "@acme.test", HttpStatusCode.Unauthorized));
        }
    }

    [Fact]
    public async Task Failures_from_other_clients_cannot_keep_the_owner_out()
    {
        for (var i = 0; i < 10; i++)
        {
            (await Emulator.SendAsync(HttpMethod.Post, Login, new { login = "owner@acme.test", password = Wrong }, tweak: FromClient("203.0.113.9"))).Dispose();
        }

        using var attacker = await Emulator.SendAsync(HttpMethod.Post, Login, new { login = "owner@acme.test", password = TestEmulator.Password }, tweak: FromClient("203.0.113.9"));
        using var owner = await Emulator.SendAsync(HttpMethod.Post, Login, new { login = "owner@acme.test", password = TestEmulator.Password }, tweak: FromClient("198.51.100.4"));

        await Problem.AssertAsync(attacker, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task Mails_the_owner_when_failed_sign_ins_start_a_lock()
    {
        for (var i = 0; i < 4; i++)
        {
            (await Emulator.PostAsync(Login, new { login = "viewer@acme.test", password = Wrong })).Dispose();
        }

        Assert.Empty(await Emulator.OutboxAsync("viewer@acme.test"));
        (await Emulator.PostAsync(Login, new { login = "viewer@acme.test", password = Wrong })).Dispose();

        var alert = Assert.Single(await Emulator.OutboxAsync("viewer@acme.test"));
        Assert.Equal("security-alert", alert.GetProperty("kind").GetString());
        Assert.Contains("failed attempts to sign in", alert.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Magic_link_start_stores_a_token_for_unknown_emails_too()
    {
        var redirectUri = "http://127.0.0.1/MagicLink/Verify";

        using var known = await Emulator.PostAsync("/v1/auth/magic-link/start", new { email = "viewer@acme.test", redirectUri });
        using var unknown = await Emulator.PostAsync("/v1/auth/magic-link/start", new { email = "nobody@acme.test", redirectUri });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        var stored = await Emulator.WithDbAsync(db => db.MagicLinkTokens.Select(t => t.Email).ToListAsync());
        Assert.Equal(["nobody@acme.test", "viewer@acme.test"], stored.Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(await Emulator.OutboxAsync("nobody@acme.test"));
    }

    [Fact]
    public async Task Locks_phone_sign_in_to_a_number_after_ten_wrong_codes_across_codes()
    {
        var phone = "+15555550142";
        for (var code = 0; code < 2; code++)
        {
            (await Emulator.PostAsync("/v1/auth/phone/start", new { phone })).Dispose();
            for (var i = 0; i < 5; i++)
            {
                using var wrong = await Emulator.PostAsync("/v1/auth/phone/verify", new { phone, code = "000000" });
                await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "OTP_INVALID");
            }
        }

        using var restart = await Emulator.PostAsync("/v1/auth/phone/start", new { phone });
        using var locked = await Emulator.PostAsync("/v1/auth/phone/verify", new { phone, code = "000000" });

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(2, (await Emulator.OutboxAsync(phone)).Length);
        await Problem.AssertAsync(locked, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.NotNull(locked.Headers.RetryAfter?.Delta);

        await Emulator.AdvanceClockAsync(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        (await Emulator.PostAsync("/v1/auth/phone/start", new { phone })).Dispose();
        var code3 = (await Emulator.OutboxAsync(phone))[0].GetProperty("code").GetString();
        using var right = await Emulator.PostAsync("/v1/auth/phone/verify", new { phone, code = code3 });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Limits_codes_texted_per_number_and_per_client()
    {
        await using var emulator = await TestEmulator.StartAsync(o =>
        {
            o.PhoneSendsPerNumber = 2;
            o.PhoneSendsPerClient = 4;
        });

        using var first = await emulator.PostAsync("/v1/auth/phone/start", new { phone = "+15555550101" });
        using var second = await emulator.PostAsync("/v1/auth/phone/start", new { phone = "+15555550101" });
        using var thirdToSameNumber = await emulator.PostAsync("/v1/auth/phone/start", new { phone = "+15555550101" });
        using var otherNumber = await emulator.PostAsync("/v1/auth/phone/start", new { phone = "+15555550102" });
        using var fourthFromClient = await emulator.PostAsync("/v1/auth/phone/start", new { phone = "+15555550103" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await Problem.AssertAsync(thirdToSameNumber, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.Equal(HttpStatusCode.Accepted, otherNumber.StatusCode);
        await Problem.AssertAsync(fourthFromClient, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.Empty(await emulator.OutboxAsync("+15555550103"));
    }

    [Fact]
    public async Task Stops_guessing_the_code_that_turns_mfa_off_after_five_wrong_codes()
    {
        var tokens = await Emulator.LoginAsync("mfa@acme.test", mfaCode: Arrange.TotpNow(Emulator));
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await Emulator.DeleteAsync("/v1/me/security/mfa/totp", tokens.Access, new { code = "000000" });
            await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        }

        using var right = await Emulator.DeleteAsync("/v1/me/security/mfa/totp", tokens.Access, new { code = Arrange.TotpNow(Emulator) });

        await Problem.AssertAsync(right, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.NotNull(right.Headers.RetryAfter?.Delta);
        Assert.True((await Emulator.GetJsonAsync("/v1/me/security", tokens.Access)).GetProperty("mfa").GetProperty("totp").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Wrong_passwords_on_password_and_email_change_share_one_budget_per_account()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await Emulator.PostAsync("/v1/me/security/password", new { currentPassword = Wrong, newPassword = "A-new-password-2" }, tokens.Access);
            await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        }

        for (var i = 0; i < 2; i++)
        {
            using var wrong = await Emulator.PostAsync("/v1/me/profile/email", new { newEmail = "vera@example.test", password = Wrong }, tokens.Access);
            await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        }

        using var right = await Emulator.PostAsync("/v1/me/security/password", new { currentPassword = TestEmulator.Password, newPassword = "A-new-password-2" }, tokens.Access);

        await Problem.AssertAsync(right, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var fresh = await Emulator.LoginAsync("viewer@acme.test");
        using var later = await Emulator.PostAsync("/v1/me/security/password", new { currentPassword = TestEmulator.Password, newPassword = "A-new-password-2" }, fresh.Access);
        Assert.Equal(HttpStatusCode.NoContent, later.StatusCode);
    }

    [Fact]
    public async Task Stores_recovery_codes_with_a_slow_hash_salted_per_user()
    {
        var tokens = await Emulator.LoginAsync("viewer@acme.test");
        var secret = (await (await Emulator.PostAsync("/v1/me/security/mfa/totp", null, tokens.Access)).JsonAsync()).GetProperty("secret").GetString()!;
        using var verify = await Emulator.PostAsync("/v1/me/security/mfa/totp/verify", new { code = Arrange.TotpNow(Emulator, secret) }, tokens.Access);
        var codes = (await verify.JsonAsync()).GetProperty("recoveryCodes").Strings();

        var stored = await Emulator.WithDbAsync(db => db.RecoveryCodes.Where(c => c.UserId == SeedData.ViewerId).Select(c => c.CodeHash).ToListAsync());

        Assert.Equal(10, stored.Count);
        Assert.All(stored, hash => Assert.StartsWith("pbkdf2-sha256$", hash, StringComparison.Ordinal));
        var plainHashes = codes.Select(c => Secrets.Hash(Auth.MfaVerifier.NormalizeRecoveryCode(c))).ToHashSet();
        Assert.DoesNotContain(stored, plainHashes.Contains);
        Assert.DoesNotContain(stored, hash => plainHashes.Any(h => hash.Contains(h, StringComparison.Ordinal)));
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(30));
        await Emulator.LoginAsync("viewer@acme.test", mfaCode: codes[3]);
    }

    [Fact]
    public void The_attempt_limiter_evicts_keys_beyond_its_bound()
    {
        var clock = new EmulatorClock();
        var limiter = new AttemptLimiter(new EmulatorOptions { AttemptLimiterMaxKeys = 50 }, clock);

        for (var i = 0; i < 1_000; i++)
        {
            limiter.TryAcquire("flood|" + i, out _);
        }

        Assert.InRange(limiter.TrackedKeys, 1, 51);
        clock.Advance(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 60; i++)
        {
            limiter.TryAcquire("later|" + i, out _);
        }

        Assert.InRange(limiter.TrackedKeys, 1, 51);
    }

    private static Action<HttpRequestMessage> FromClient(string address) =>
        request => request.Headers.Add(ClientAddress.ForwardedHeader, address);

    /// <summary>The PBKDF2 iterations one sign-in attempt cost, answered with <paramref name="expected"/>.</summary>
    private static async Task<long> HashingWorkAsync(TestEmulator emulator, PasswordHasher hasher, string login, HttpStatusCode expected)
    {
        var before = hasher.IterationsSpent;
        using var response = await emulator.PostAsync(Login, new { login, password = Wrong });
        Assert.Equal(expected, response.StatusCode);
        return hasher.IterationsSpent - before;
    }
}
