using System.Globalization;
using System.Net;
using LambaPages.Tests.Infrastructure;
using OtpNet;

namespace LambaPages.Tests.Me;

/// <summary>
/// The portal's own attempt budget on the step-up forms under /Me (S23): a stolen session cannot guess a current
/// password or an MFA code at will, and an attempt over the budget never reaches Lamba.
/// </summary>
public sealed class StepUpRateLimitTests
{
    private const int Budget = 2;

    private static Dictionary<string, string?> Limits() => new()
    {
        ["RateLimits:StepUpPermitLimit"] = Budget.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:StepUpWindowSeconds"] = "900",
    };

    public static TheoryData<string, string, string> Forms => new()
    {
        { "/Me/Security", "Input.CurrentPassword", "POST /v1/me/security/password" },
        { "/Me/Email", "Input.Password", "POST /v1/me/profile/email" },
        { "/Me/Security/Totp/Disable", "Input.Code", "DELETE /v1/me/security/mfa/totp" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Turns_away_guesses_on_a_step_up_form_beyond_the_budget_without_calling_lamba(string form, string guessedField, string lambaRoute)
    {
        await using var host = await PortalHost.StartAsync(settings: Limits());
        using var browser = await MfaSignedInBrowserAsync(host);

        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GuessAsync(browser, form, guessedField, i)).Status);
        }

        var over = await GuessAsync(browser, form, guessedField, Budget);

        Assert.Equal(HttpStatusCode.TooManyRequests, over.Status);
        Assert.Equal("Too many attempts", Html.H1(over.Html));
        Assert.True(over.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromSeconds(900));
        Assert.Equal(Budget, await host.CallsAsync(lambaRoute));
        // A turned-away guess costs the session nothing: the user is still signed in.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    [Fact]
    public async Task Gives_each_signed_in_session_its_own_budget()
    {
        await using var host = await PortalHost.StartAsync(settings: Limits());
        var email = await MeArrange.RegisterAsync(host);
        using var exhausted = host.NewBrowser();
        await exhausted.SignInAsync(email);
        using var other = host.NewBrowser();
        await other.SignInAsync(email);
        for (var i = 0; i <= Budget; i++)
        {
            await GuessAsync(exhausted, "/Me/Security", "Input.CurrentPassword", i);
        }

        var fresh = await GuessAsync(other, "/Me/Security", "Input.CurrentPassword", 0);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GuessAsync(exhausted, "/Me/Security", "Input.CurrentPassword", 0)).Status);
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        Assert.Equal(Budget + 1, await host.CallsAsync("POST /v1/me/security/password"));
    }

    [Fact]
    public async Task Never_limits_reading_a_step_up_form()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["RateLimits:StepUpPermitLimit"] = "1" });
        using var browser = await MfaSignedInBrowserAsync(host);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me/Security/Totp/Disable")).Status);
        }
    }

    /// <summary>A wrong value in the guessed field (password or code); the other fields are valid.</summary>
    private static async Task<TestResponse> GuessAsync(TestBrowser browser, string form, string guessedField, int attempt)
    {
        var page = await browser.GetAsync(form);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        // A recovery-code-shaped guess can never be the current authenticator code by chance.
        var guess = guessedField == "Input.Code" ? $"zzzzz-zzzz{(char)('a' + attempt)}" : $"Wr0ng-Guess-{attempt}";
        var fields = new Dictionary<string, string>
        {
            [guessedField] = guess,
            ["Input.NewPassword"] = "New-Secret-Value-1",
            ["Input.ConfirmNewPassword"] = "New-Secret-Value-1",
            ["Input.NewEmail"] = MeArrange.UniqueEmail("stepup"),
        };
        return await browser.PostFormAsync(form, page.Html, fields);
    }

    /// <summary>mfa@acme.test signed in with password and code: every step-up form is open to it.</summary>
    private static async Task<TestBrowser> MfaSignedInBrowserAsync(PortalHost host)
    {
        var browser = host.NewBrowser();
        var challenge = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test"));
        var signedIn = await browser.PostFormAsync("/Login/Mfa", challenge.Html,
            [new("Input.MfaCode", new Totp(Base32Encoding.ToBytes(PortalHost.MfaSecret)).ComputeTotp())]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        return browser;
    }
}
