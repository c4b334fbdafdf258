using System.Net;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tests;

/// <summary>
/// Magic link and phone code are a first factor only: a user with TOTP gives <c>mfaCode</c> on verify, exactly as on
/// password login, and the link or code survives the MFA question so it can be posted again with the code.
/// </summary>
public sealed class PasswordlessMfaContractTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string LinkStart = "/v1/auth/magic-link/start";
    private const string LinkVerify = "/v1/auth/magic-link/verify";
    private const string PhoneStart = "/v1/auth/phone/start";
    private const string PhoneVerify = "/v1/auth/phone/verify";
    private const string MfaEmail = "mfa@acme.test";
    private const string MfaPhone = "+15555550177";

    // ---- magic link ----

    [Fact]
    public async Task Asks_an_mfa_user_for_the_code_after_a_magic_link_and_keeps_the_link_usable()
    {
        var token = await LinkAsync(MfaEmail);

        using var withoutCode = await Emulator.PostAsync(LinkVerify, new { token });

        var problem = await Problem.AssertAsync(withoutCode, HttpStatusCode.Unauthorized, "MFA_REQUIRED");
        Assert.Equal(["totp"], problem.GetProperty("factors").Strings());
        Assert.Equal(0, await SessionsOfMfaUserAsync());
        var tokens = await VerifyLinkAsync(token, Arrange.TotpNow(Emulator));
        Assert.Equal(SeedData.MfaId, await UserIdAsync(tokens));
    }

    [Fact]
    public async Task Rejects_a_wrong_mfa_code_with_a_magic_link_without_spending_the_link()
    {
        var token = await LinkAsync(MfaEmail);

        using var wrong = await Emulator.PostAsync(LinkVerify, new { token, mfaCode = WrongTotp() });

        await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        Assert.Equal(0, await SessionsOfMfaUserAsync());
        await VerifyLinkAsync(token, Arrange.TotpNow(Emulator));
    }

    [Fact]
    public async Task Rejects_a_totp_code_already_used_in_this_window_with_a_magic_link()
    {
        var code = Arrange.TotpNow(Emulator);
        await Emulator.LoginAsync(MfaEmail, mfaCode: code);
        var token = await LinkAsync(MfaEmail);

        using var replay = await Emulator.PostAsync(LinkVerify, new { token, mfaCode = code });

        await Problem.AssertAsync(replay, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
    }

    [Fact]
    public async Task Accepts_each_recovery_code_once_with_a_magic_link()
    {
        await Arrange.RecoveryCodeAsync(Emulator, SeedData.MfaId, "links-12345");

        var tokens = await VerifyLinkAsync(await LinkAsync(MfaEmail), "LINKS-12345");
        using var again = await Emulator.PostAsync(LinkVerify, new { token = await LinkAsync(MfaEmail), mfaCode = "links-12345" });

        Assert.Equal(SeedData.MfaId, await UserIdAsync(tokens));
        await Problem.AssertAsync(again, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
    }

    [Fact]
    public async Task Refuses_a_spent_magic_link_before_asking_about_mfa()
    {
        await Arrange.RecoveryCodeAsync(Emulator, SeedData.MfaId, "spare-12345");
        var token = await LinkAsync(MfaEmail);
        await VerifyLinkAsync(token, Arrange.TotpNow(Emulator));

        using var withoutCode = await Emulator.PostAsync(LinkVerify, new { token });
        using var withGoodCode = await Emulator.PostAsync(LinkVerify, new { token, mfaCode = "spare-12345" });

        await Problem.AssertAsync(withoutCode, HttpStatusCode.Unauthorized, "MAGIC_LINK_INVALID");
        await Problem.AssertAsync(withGoodCode, HttpStatusCode.Unauthorized, "MAGIC_LINK_INVALID");
        // The refused link did not cost the recovery code.
        Assert.Equal(1, await Emulator.WithDbAsync(db => db.RecoveryCodes.CountAsync(c => c.UserId == SeedData.MfaId && c.UsedAt == null)));
    }

    [Fact]
    public async Task Answers_an_expired_magic_link_of_an_mfa_user_as_invalid_not_as_mfa_required()
    {
        var token = await LinkAsync(MfaEmail);
        await Emulator.AdvanceClockAsync(Auth.MagicLink.Lifetime + TimeSpan.FromSeconds(1));

        using var verified = await Emulator.PostAsync(LinkVerify, new { token });

        await Problem.AssertAsync(verified, HttpStatusCode.Unauthorized, "MAGIC_LINK_INVALID");
    }

    [Fact]
    public async Task Counts_wrong_mfa_codes_after_a_magic_link_towards_the_account_lockout()
    {
        var token = await LinkAsync(MfaEmail);
        for (var i = 0; i < 4; i++)
        {
            using var failure = await Emulator.PostAsync(LinkVerify, new { token, mfaCode = "not-a-code" });
            await Problem.AssertAsync(failure, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        }

        using var fifth = await Emulator.PostAsync(LinkVerify, new { token, mfaCode = "not-a-code" });
        await Problem.AssertAsync(fifth, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.InRange(fifth.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 890, 900);

        using var rightCodeWhileLocked = await Emulator.PostAsync(LinkVerify, new { token, mfaCode = Arrange.TotpNow(Emulator) });
        await Problem.AssertAsync(rightCodeWhileLocked, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.NotNull(rightCodeWhileLocked.Headers.RetryAfter?.Delta);
        using var passwordWhileLocked = await Emulator.PostAsync("/v1/auth/login/password", new { login = MfaEmail, password = TestEmulator.Password });
        await Problem.AssertAsync(passwordWhileLocked, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.Equal(0, await SessionsOfMfaUserAsync());
    }

    [Fact]
    public async Task Shares_one_failure_count_between_password_login_and_magic_link()
    {
        for (var i = 0; i < 4; i++)
        {
            using var failure = await Emulator.PostAsync("/v1/auth/login/password", new { login = MfaEmail, password = TestEmulator.Password, mfaCode = "not-a-code" });
            await Problem.AssertAsync(failure, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        }

        using var fifth = await Emulator.PostAsync(LinkVerify, new { token = await LinkAsync(MfaEmail), mfaCode = "not-a-code" });

        await Problem.AssertAsync(fifth, (HttpStatusCode)423, "ACCOUNT_LOCKED");
    }

    [Fact]
    public async Task Signs_in_a_user_without_mfa_by_magic_link_alone()
    {
        using var verified = await Emulator.PostAsync(LinkVerify, new { token = await LinkAsync("viewer@acme.test") });

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(SeedData.ViewerId, await UserIdAsync(await Tokens.ReadAsync(verified)));
    }

    // ---- phone code ----

    [Fact]
    public async Task Asks_an_mfa_user_for_the_code_after_a_phone_code_without_spending_a_try()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.MfaId, MfaPhone);
        var code = await PhoneCodeAsync(MfaPhone);

        // More MFA questions than the code has tries: none of them may count as a try.
        for (var i = 0; i < 6; i++)
        {
            using var withoutCode = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code });
            var problem = await Problem.AssertAsync(withoutCode, HttpStatusCode.Unauthorized, "MFA_REQUIRED");
            Assert.Equal(["totp"], problem.GetProperty("factors").Strings());
        }

        Assert.Equal(0, await SessionsOfMfaUserAsync());
        var tokens = await VerifyPhoneAsync(MfaPhone, code, Arrange.TotpNow(Emulator));
        Assert.Equal(SeedData.MfaId, await UserIdAsync(tokens));
    }

    [Fact]
    public async Task Rejects_a_wrong_mfa_code_with_a_phone_code_without_spending_the_phone_code()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.MfaId, MfaPhone);
        var code = await PhoneCodeAsync(MfaPhone);

        using var wrong = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code, mfaCode = WrongTotp() });

        await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        Assert.Equal(0, await SessionsOfMfaUserAsync());
        await VerifyPhoneAsync(MfaPhone, code, Arrange.TotpNow(Emulator));
    }

    [Fact]
    public async Task Rejects_a_totp_code_already_used_in_this_window_with_a_phone_code()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.MfaId, MfaPhone);
        var mfaCode = Arrange.TotpNow(Emulator);
        await VerifyPhoneAsync(MfaPhone, await PhoneCodeAsync(MfaPhone), mfaCode);

        using var replay = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code = await PhoneCodeAsync(MfaPhone), mfaCode });

        await Problem.AssertAsync(replay, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
    }

    [Fact]
    public async Task Accepts_each_recovery_code_once_with_a_phone_code()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.MfaId, MfaPhone);
        await Arrange.RecoveryCodeAsync(Emulator, SeedData.MfaId, "phone-12345");

        var tokens = await VerifyPhoneAsync(MfaPhone, await PhoneCodeAsync(MfaPhone), "PHONE-12345");
        using var again = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code = await PhoneCodeAsync(MfaPhone), mfaCode = "phone-12345" });

        Assert.Equal(SeedData.MfaId, await UserIdAsync(tokens));
        await Problem.AssertAsync(again, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
    }

    [Fact]
    public async Task Refuses_a_spent_phone_code_before_asking_about_mfa()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.MfaId, MfaPhone);
        var code = await PhoneCodeAsync(MfaPhone);
        await VerifyPhoneAsync(MfaPhone, code, Arrange.TotpNow(Emulator));
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(30));

        using var withoutCode = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code });
        using var withFreshCode = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code, mfaCode = Arrange.TotpNow(Emulator) });

        await Problem.AssertAsync(withoutCode, HttpStatusCode.Unauthorized, "OTP_INVALID");
        await Problem.AssertAsync(withFreshCode, HttpStatusCode.Unauthorized, "OTP_INVALID");
        Assert.Equal(1, await SessionsOfMfaUserAsync());
    }

    [Fact]
    public async Task Answers_a_wrong_phone_code_of_an_mfa_user_as_invalid_not_as_mfa_required()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.MfaId, MfaPhone);
        var code = await PhoneCodeAsync(MfaPhone);

        using var wrong = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code = code == "000000" ? "111111" : "000000" });

        await Problem.AssertAsync(wrong, HttpStatusCode.Unauthorized, "OTP_INVALID");
    }

    [Fact]
    public async Task Still_spends_a_phone_code_after_five_wrong_tries_for_an_mfa_user()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.MfaId, MfaPhone);
        var code = await PhoneCodeAsync(MfaPhone);
        using (var asked = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code }))
        {
            await Problem.AssertAsync(asked, HttpStatusCode.Unauthorized, "MFA_REQUIRED");
        }

        var wrongCode = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            using var failure = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code = wrongCode, mfaCode = Arrange.TotpNow(Emulator) });
            await Problem.AssertAsync(failure, HttpStatusCode.Unauthorized, "OTP_INVALID");
        }

        using var rightButTooLate = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code, mfaCode = Arrange.TotpNow(Emulator) });

        await Problem.AssertAsync(rightButTooLate, HttpStatusCode.Unauthorized, "OTP_INVALID");
    }

    [Fact]
    public async Task Counts_wrong_mfa_codes_after_a_phone_code_towards_the_account_lockout()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.MfaId, MfaPhone);
        var code = await PhoneCodeAsync(MfaPhone);
        for (var i = 0; i < 4; i++)
        {
            using var failure = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code, mfaCode = "not-a-code" });
            await Problem.AssertAsync(failure, HttpStatusCode.Unauthorized, "MFA_CODE_INVALID");
        }

        using var fifth = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code, mfaCode = "not-a-code" });
        await Problem.AssertAsync(fifth, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.InRange(fifth.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 890, 900);

        using var rightCodeWhileLocked = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code, mfaCode = Arrange.TotpNow(Emulator) });
        await Problem.AssertAsync(rightCodeWhileLocked, (HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.NotNull(rightCodeWhileLocked.Headers.RetryAfter?.Delta);
        Assert.Equal(0, await SessionsOfMfaUserAsync());
    }

    [Fact]
    public async Task Signs_in_a_user_without_mfa_by_phone_code_alone()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.ViewerId, MfaPhone);

        using var verified = await Emulator.PostAsync(PhoneVerify, new { phone = MfaPhone, code = await PhoneCodeAsync(MfaPhone) });

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(SeedData.ViewerId, await UserIdAsync(await Tokens.ReadAsync(verified)));
    }

    // ---- helpers ----

    private string WrongTotp() => Arrange.TotpNow(Emulator) == "000000" ? "111111" : "000000";

    private async Task<string> LinkAsync(string email)
    {
        using var started = await Emulator.PostAsync(LinkStart, new { email, redirectUri = "https://app.example.test/magic" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var link = new Uri((await Emulator.OutboxAsync(email))[0].GetProperty("link").GetString()!);
        return Uri.UnescapeDataString(link.Query["?token=".Length..]);
    }

    private async Task<string> PhoneCodeAsync(string phone)
    {
        using var started = await Emulator.PostAsync(PhoneStart, new { phone });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return (await Emulator.OutboxAsync(phone))[0].GetProperty("code").GetString()!;
    }

    private async Task<Tokens> VerifyLinkAsync(string token, string mfaCode)
    {
        using var verified = await Emulator.PostAsync(LinkVerify, new { token, mfaCode });
        Assert.True(verified.StatusCode == HttpStatusCode.OK, await verified.Content.ReadAsStringAsync());
        return await Tokens.ReadAsync(verified);
    }

    private async Task<Tokens> VerifyPhoneAsync(string phone, string code, string mfaCode)
    {
        using var verified = await Emulator.PostAsync(PhoneVerify, new { phone, code, mfaCode });
        Assert.True(verified.StatusCode == HttpStatusCode.OK, await verified.Content.ReadAsStringAsync());
        return await Tokens.ReadAsync(verified);
    }

    private async Task<string?> UserIdAsync(Tokens tokens) =>
        (await Emulator.GetJsonAsync("/v1/me/context", tokens.Access)).GetProperty("user").GetProperty("id").GetString();

    private Task<int> SessionsOfMfaUserAsync() => Emulator.WithDbAsync(db => db.Sessions.CountAsync(s => s.UserId == SeedData.MfaId));
}
