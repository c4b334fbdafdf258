using System.Net;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Features.Login;
using LambaPages.Features.MagicLink;
using LambaPages.Features.Phone;
using LambaPages.Tests.Infrastructure;
using LambaPages.Tests.Login;
using LambaPages.Tests.MagicLink;
using LambaPages.Tests.Phone;
using Microsoft.AspNetCore.WebUtilities;

namespace LambaPages.Tests.Shared.SignIn;

/// <summary>
/// The magic link and the phone code for an account with MFA: Lamba answers MFA_REQUIRED without spending the link
/// or the code, and the portal asks for the authenticator code on the shared "Two-step verification" step.
/// </summary>
public sealed class PasswordlessMfaTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    private const string AccessCookie = "__Host-lamba_access_token";
    private const string RefreshCookie = "__Host-lamba_refresh_token";

    [Fact]
    public async Task A_magic_link_for_an_mfa_account_asks_for_the_authenticator_code_before_signing_in()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var (token, continuePage) = await OpenMagicLinkAsync(host, browser);

        var asked = await browser.PostFormAsync("/MagicLink/Continue", continuePage.Html, [new("token", token)]);
        var step = await browser.FollowAsync(asked);

        Assert.Equal("/MagicLink/Mfa", asked.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal("Two-step verification", Html.H1(step.Html));
        Assert.Contains("""<label for="Input_MfaCode">Authentication code</label>""", step.Html, StringComparison.Ordinal);
        var codeInput = Emulator.InputTag(step.Html, "Input.MfaCode");
        Assert.Contains("""autocomplete="one-time-code" """.TrimEnd(), codeInput, StringComparison.Ordinal);
        Assert.Contains("""inputmode="numeric" """.TrimEnd(), codeInput, StringComparison.Ordinal);
        Assert.Contains(">Verify</button>", step.Html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", step.Html, StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey(AccessCookie));
        Assert.False(browser.Cookies.ContainsKey(RefreshCookie));

        // The token waits server-side behind an HttpOnly, short-lived cookie: never in the page, never in a URL.
        Assert.DoesNotContain(token, step.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Seen, seen => seen.Contains(token, StringComparison.Ordinal) && seen != continuePage.Html);
        var pending = asked.SetCookie(PendingMagicLink.CookieName);
        Assert.NotNull(pending);
        Assert.True(pending.HttpOnly && pending.Secure);
        Assert.Equal(PendingMagicLink.Lifetime, pending.MaxAge);
        Assert.DoesNotContain(token, pending.Value.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_authenticator_code_finishes_a_magic_link_sign_in()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var step = await MagicLinkMfaStepAsync(host, browser);

        var verified = await browser.PostFormAsync("/MagicLink/Mfa", step.Html, [new("Input.MfaCode", LoginSliceTests.CurrentCode())]);

        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.Equal("/Me", verified.Location?.ToString());
        Assert.True(verified.Deletes(PendingMagicLink.CookieName));
        var me = await browser.FollowAsync(verified);
        Assert.Contains("Signed in as " + MfaUser.Email, Html.Text(me.Html), StringComparison.Ordinal);
        Assert.Equal(MagicLinkMessages.SignedIn, Html.Status(me.Html));
    }

    [Fact]
    public async Task A_wrong_authenticator_code_stays_on_the_step_and_the_link_still_works()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var step = await MagicLinkMfaStepAsync(host, browser);
        var wrongCode = LoginSliceTests.WrongCode();

        var refused = await browser.PostFormAsync("/MagicLink/Mfa", step.Html, [new("Input.MfaCode", wrongCode)]);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Two-step verification", Html.H1(refused.Html));
        Assert.Matches("""data-valmsg-for="Input.MfaCode"[^>]*>That code is not valid. Try a new one.</span>""", refused.Html);
        Assert.True(string.IsNullOrEmpty(Html.InputValue(refused.Html, "Input.MfaCode")));
        Assert.False(browser.Cookies.ContainsKey(RefreshCookie));

        var verified = await browser.PostFormAsync("/MagicLink/Mfa", refused.Html, [new("Input.MfaCode", LoginSliceTests.CurrentCode())]);
        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.Equal("/Me", verified.Location?.ToString());
    }

    [Fact]
    public async Task A_recovery_code_finishes_a_magic_link_sign_in()
    {
        var host = await shared.ResetAsync();
        var recoveryCode = await MfaUser.AddRecoveryCodeAsync(host);
        using var browser = host.NewBrowser();
        var step = await MagicLinkMfaStepAsync(host, browser);

        var verified = await browser.PostFormAsync("/MagicLink/Mfa", step.Html, [new("Input.MfaCode", recoveryCode)]);

        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.Equal("/Me", verified.Location?.ToString());
        Assert.True(browser.Cookies.ContainsKey(RefreshCookie));
    }

    [Fact]
    public async Task Too_many_wrong_codes_lock_the_account_with_the_try_again_wording()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var page = await MagicLinkMfaStepAsync(host, browser);
        var wrongCode = LoginSliceTests.WrongCode();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            page = await browser.PostFormAsync("/MagicLink/Mfa", page.Html, [new("Input.MfaCode", wrongCode)]);
        }

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Matches("Too many failed sign-in attempts from here. Try again in [0-9]+ minutes?.", Html.TextOf(page.Html, "error-summary"));
        Assert.False(browser.Cookies.ContainsKey(RefreshCookie));
    }

    [Fact]
    public async Task A_timed_out_magic_link_step_asks_to_open_the_link_again()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync("/MagicLink/Continue?token=x");

        var reload = await browser.GetAsync("/MagicLink/Mfa");
        var answer = await browser.PostFormAsync("/MagicLink/Mfa", page.Html, [new("Input.MfaCode", "123456")]);

        Assert.Equal("/MagicLink", reload.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains(MagicLinkMessages.PendingExpired, Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
        Assert.Contains(">Request a new sign-in link</a>", answer.Html, StringComparison.Ordinal);
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/magic-link/verify"));
    }

    [Fact]
    public async Task A_phone_code_for_an_mfa_account_asks_for_the_authenticator_code_without_echoing_the_phone_code()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var (step, code) = await PhoneMfaStepAsync(host, browser);

        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal("Two-step verification", Html.H1(step.Html));
        Assert.Contains("""<label for="Input_MfaCode">Authentication code</label>""", step.Html, StringComparison.Ordinal);
        Assert.Contains("""autocomplete="one-time-code" """.TrimEnd(), Emulator.InputTag(step.Html, "Input.MfaCode"), StringComparison.Ordinal);
        Assert.Contains(">Verify</button>", step.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(code, step.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.Code", step.Html, StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey(AccessCookie));
        Assert.False(browser.Cookies.ContainsKey(RefreshCookie));
        Assert.DoesNotContain(browser.Seen, seen => seen.Contains(code, StringComparison.Ordinal));
        Assert.True(browser.Cookies.ContainsKey(PendingPhone.CookieName));

        // The step survives a reload (GET), still without the code.
        var reloaded = await browser.GetAsync("/Phone/Mfa");
        Assert.Equal("Two-step verification", Html.H1(reloaded.Html));
    }

    [Fact]
    public async Task The_right_authenticator_code_finishes_a_phone_code_sign_in()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var (step, _) = await PhoneMfaStepAsync(host, browser);

        var verified = await browser.PostFormAsync("/Phone/Mfa", step.Html, [new("Input.MfaCode", LoginSliceTests.CurrentCode())]);

        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.Equal("/Me", verified.Location?.ToString());
        Assert.True(verified.Deletes(PendingPhone.CookieName));
        var me = await browser.FollowAsync(verified);
        Assert.Contains("Signed in as " + MfaUser.Email, Html.Text(me.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_authenticator_code_on_the_phone_path_stays_on_the_step_and_the_code_still_works()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var (step, _) = await PhoneMfaStepAsync(host, browser);

        var refused = await browser.PostFormAsync("/Phone/Mfa", step.Html, [new("Input.MfaCode", LoginSliceTests.WrongCode())]);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Two-step verification", Html.H1(refused.Html));
        Assert.Matches("""data-valmsg-for="Input.MfaCode"[^>]*>That code is not valid. Try a new one.</span>""", refused.Html);
        Assert.False(browser.Cookies.ContainsKey(RefreshCookie));

        var verified = await browser.PostFormAsync("/Phone/Mfa", refused.Html, [new("Input.MfaCode", LoginSliceTests.CurrentCode())]);
        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.Equal("/Me", verified.Location?.ToString());
    }

    [Fact]
    public async Task A_recovery_code_finishes_a_phone_code_sign_in()
    {
        var host = await shared.ResetAsync();
        var recoveryCode = await MfaUser.AddRecoveryCodeAsync(host);
        using var browser = host.NewBrowser();
        var (step, _) = await PhoneMfaStepAsync(host, browser);

        var verified = await browser.PostFormAsync("/Phone/Mfa", step.Html, [new("Input.MfaCode", recoveryCode)]);

        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.True(browser.Cookies.ContainsKey(RefreshCookie));
    }

    [Fact]
    public async Task The_slices_ask_for_the_second_factor_without_spending_the_link_or_the_code()
    {
        var host = await shared.ResetAsync();
        var phone = await MfaUser.GivePhoneAsync(host);
        await host.SendAsync(new StartMagicLinkCommand { Email = MfaUser.Email, ContinueUrl = new Uri("https://portal.example.test/MagicLink/Continue") });
        var token = QueryHelpers.ParseQuery((await host.MagicLinkAsync(MfaUser.Email)).Query)["token"].ToString();
        await host.SendAsync(new StartPhoneSignInCommand { Phone = phone });
        var code = await host.PhoneCodeAsync(phone);

        var linkFirst = await host.SendAsync(new VerifyMagicLinkCommand(token));
        var linkWrong = await host.SendAsync(new VerifyMagicLinkCommand(token, LoginSliceTests.WrongCode()));
        var linkRight = await host.SendAsync(new VerifyMagicLinkCommand(token, LoginSliceTests.CurrentCode()));
        var phoneFirst = await host.SendAsync(new VerifyPhoneCodeCommand(phone, code));
        var recoveryCode = await MfaUser.AddRecoveryCodeAsync(host);
        var phoneRight = await host.SendAsync(new VerifyPhoneCodeCommand(phone, code, recoveryCode));

        Assert.Equal(SignInStatus.SecondFactorRequired, linkFirst.Status);
        Assert.Equal(SignInStatus.WrongSecondFactor, linkWrong.Status);
        Assert.Equal(SignInStatus.SignedIn, linkRight.Status);
        Assert.NotNull(linkRight.Tokens);
        Assert.Equal(SignInStatus.SecondFactorRequired, phoneFirst.Status);
        Assert.Equal(SignInStatus.SignedIn, phoneRight.Status);
        Assert.Equal(MfaUser.Email, (await host.ContextOfAsync(phoneRight.Tokens!.AccessToken)).GetProperty("user").GetProperty("email").GetString());
    }

    private static async Task<(string Token, TestResponse ContinuePage)> OpenMagicLinkAsync(PortalHost host, TestBrowser browser)
    {
        await MagicLinkPageTests.StartAsync(browser, MfaUser.Email);
        var link = await host.MagicLinkAsync(MfaUser.Email);
        var token = QueryHelpers.ParseQuery(link.Query)["token"].ToString();
        var page = await browser.GetAsync(link.PathAndQuery);
        return (token, page);
    }

    private static async Task<TestResponse> MagicLinkMfaStepAsync(PortalHost host, TestBrowser browser)
    {
        var (token, continuePage) = await OpenMagicLinkAsync(host, browser);
        var step = await browser.FollowAsync(await browser.PostFormAsync("/MagicLink/Continue", continuePage.Html, [new("token", token)]));
        Assert.Equal("Two-step verification", Html.H1(step.Html));
        return step;
    }

    private static async Task<(TestResponse Step, string Code)> PhoneMfaStepAsync(PortalHost host, TestBrowser browser)
    {
        var phone = await MfaUser.GivePhoneAsync(host);
        var codeStep = await browser.FollowAsync(await PhonePageTests.StartAsync(browser, phone));
        var code = await host.PhoneCodeAsync(phone);
        var asked = await browser.PostFormAsync("/Phone/Code", codeStep.Html, [new("Input.Code", code)]);
        Assert.Equal("/Phone/Mfa", asked.Location?.ToString());
        var pending = asked.SetCookie(PendingPhone.CookieName);
        Assert.NotNull(pending);
        Assert.True(pending.HttpOnly && pending.Secure && pending.MaxAge <= PendingPhone.MfaLifetime);
        Assert.DoesNotContain(code, pending.Value.Value, StringComparison.Ordinal);
        return (await browser.FollowAsync(asked), code);
    }
}
