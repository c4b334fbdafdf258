using System.Net;
using Lamba.Emulator.Store;
using Microsoft.EntityFrameworkCore;

namespace Lamba.Emulator.Tests;

public sealed class PhoneSignInTests(ClassEmulator shared) : EmulatorTest(shared)
{
    private const string Start = "/v1/auth/phone/start";
    private const string Verify = "/v1/auth/phone/verify";
    private const string Phone = "+15555550123";

    [Theory]
    [InlineData("5555550123")]
    [InlineData("+0555550123")]
    [InlineData("+1 555 555 0123")]
    [InlineData("")]
    public async Task Rejects_a_number_that_is_not_e164(string phone)
    {
        using var response = await Emulator.PostAsync(Start, new { phone });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _));
    }

    [Fact]
    public async Task Signs_in_the_user_who_has_the_phone()
    {
        await Arrange.PhoneAsync(Emulator, SeedData.ViewerId, Phone);

        var tokens = await SignInAsync(Emulator, Phone);

        var context = await Emulator.GetJsonAsync("/v1/me/context", tokens.Access);
        Assert.Equal(SeedData.ViewerId, context.GetProperty("user").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Creates_a_storefront_viewer_for_a_new_number_when_sign_up_is_open()
    {
        var tokens = await SignInAsync(Emulator, Phone);

        var context = await Emulator.GetJsonAsync("/v1/me/context", tokens.Access);
        Assert.StartsWith("usr_", context.GetProperty("user").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, context.GetProperty("user").GetProperty("email").ValueKind);
        var user = await Emulator.WithDbAsync(db => db.Users.SingleAsync(u => u.Phone == Phone));
        Assert.Null(user.PasswordHash);
        var membership = Assert.Single((await Emulator.GetJsonAsync("/v1/me/memberships", tokens.Access)).GetProperty("items").EnumerateArray());
        Assert.Equal(["viewer"], membership.GetProperty("roleKeys").Strings());
    }

    [Fact]
    public async Task Sends_a_six_digit_code_valid_for_ten_minutes()
    {
        (await Emulator.PostAsync(Start, new { phone = Phone })).Dispose();
        var message = Assert.Single(await Emulator.OutboxAsync(Phone));
        var code = message.GetProperty("code").GetString()!;
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(OutboxKinds.PhoneCode, message.GetProperty("kind").GetString());

        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using var late = await Emulator.PostAsync(Verify, new { phone = Phone, code });

        await Problem.AssertAsync(late, HttpStatusCode.Unauthorized, "OTP_INVALID");
    }

    [Fact]
    public async Task Accepts_a_code_once()
    {
        await SignInAsync(Emulator, Phone);
        var code = (await Emulator.OutboxAsync(Phone))[0].GetProperty("code").GetString();

        using var again = await Emulator.PostAsync(Verify, new { phone = Phone, code });

        await Problem.AssertAsync(again, HttpStatusCode.Unauthorized, "OTP_INVALID");
    }

    [Fact]
    public async Task Spends_the_code_after_five_tries()
    {
        (await Emulator.PostAsync(Start, new { phone = Phone })).Dispose();
        var code = (await Emulator.OutboxAsync(Phone))[0].GetProperty("code").GetString()!;
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            using var failure = await Emulator.PostAsync(Verify, new { phone = Phone, code = wrong });
            await Problem.AssertAsync(failure, HttpStatusCode.Unauthorized, "OTP_INVALID");
        }

        using var rightButTooLate = await Emulator.PostAsync(Verify, new { phone = Phone, code });

        await Problem.AssertAsync(rightButTooLate, HttpStatusCode.Unauthorized, "OTP_INVALID");
    }

    [Fact]
    public async Task Answers_known_and_unknown_numbers_alike_and_texts_only_the_known_one_when_sign_up_is_closed()
    {
        await using var closed = await TestEmulator.StartAsync(o => o.RegistrationOpen = false);
        await Arrange.PhoneAsync(closed, SeedData.ViewerId, Phone);

        using var known = await closed.PostAsync(Start, new { phone = Phone });
        using var unknown = await closed.PostAsync(Start, new { phone = "+15555550999" });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Single(await closed.OutboxAsync(Phone));
        Assert.Empty(await closed.OutboxAsync("+15555550999"));
    }

    [Fact]
    public async Task Replaces_the_previous_code_when_a_new_one_is_requested()
    {
        (await Emulator.PostAsync(Start, new { phone = Phone })).Dispose();
        var first = (await Emulator.OutboxAsync(Phone))[0].GetProperty("code").GetString();
        (await Emulator.PostAsync(Start, new { phone = Phone })).Dispose();
        var second = (await Emulator.OutboxAsync(Phone))[0].GetProperty("code").GetString();

        if (first != second)
        {
            using var old = await Emulator.PostAsync(Verify, new { phone = Phone, code = first });
            await Problem.AssertAsync(old, HttpStatusCode.Unauthorized, "OTP_INVALID");
        }

        using var current = await Emulator.PostAsync(Verify, new { phone = Phone, code = second });
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    private static async Task<Tokens> SignInAsync(TestEmulator emulator, string phone)
    {
        using var started = await emulator.PostAsync(Start, new { phone });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var code = (await emulator.OutboxAsync(phone))[0].GetProperty("code").GetString();
        using var verified = await emulator.PostAsync(Verify, new { phone, code });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        return await Tokens.ReadAsync(verified);
    }
}
