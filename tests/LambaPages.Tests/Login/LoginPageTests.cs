using System.Net;
using LambaPages.Features.Login;
using LambaPages.Features.Shared.SignIn;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Login;

public sealed class LoginPageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Shows_the_sign_in_form_with_labelled_fields()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/Login");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Sign in", Html.H1(page.Html));
        Assert.Contains("""<label for="Input_Login">Email or username</label>""", page.Html, StringComparison.Ordinal);
        Assert.Contains("""<label for="Input_Password">Password</label>""", page.Html, StringComparison.Ordinal);
        Assert.Contains("""autocomplete="username" """.TrimEnd(), page.Html, StringComparison.Ordinal);
        Assert.Contains("""autocomplete="current-password" """.TrimEnd(), page.Html, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_one_message_for_a_wrong_password_and_an_unknown_login()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var wrongPassword = await browser.SubmitLoginAsync("owner@acme.test", "not-the-password");
        var unknownLogin = await browser.SubmitLoginAsync("nobody@acme.test");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.Status);
        var summary = Html.TextOf(wrongPassword.Html, "error-summary");
        Assert.Contains(LoginMessages.WrongCredentials, summary, StringComparison.Ordinal);
        Assert.Equal(summary, Html.TextOf(unknownLogin.Html, "error-summary"));
        Assert.Contains("""<div role="alert" tabindex="-1" id="error-summary" """.TrimEnd(), wrongPassword.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_the_login_in_the_form_but_never_the_password()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await browser.SubmitLoginAsync("owner@acme.test", "wrong-Passw0rd-typed");

        Assert.Equal("owner@acme.test", Html.InputValue(answer.Html, "Input.Login"));
        Assert.True(string.IsNullOrEmpty(Html.InputValue(answer.Html, "Input.Password")));
        Assert.DoesNotContain("wrong-Passw0rd-typed", answer.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_field_errors_next_to_empty_fields()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await browser.SubmitLoginAsync("", "");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("Enter your email or username.", Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
        Assert.Matches("""data-valmsg-for="Input.Login"[^>]*>Enter your email or username.</span>""", answer.Html);
        Assert.Matches("""data-valmsg-for="Input.Password"[^>]*>Enter your password.</span>""", answer.Html);
        Assert.DoesNotContain("field is required", answer.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asks_for_an_authenticator_code_on_its_own_page_and_signs_in()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var password = await browser.SubmitLoginAsync("mfa@acme.test");

        Assert.Equal(HttpStatusCode.Redirect, password.Status);
        Assert.Equal("/Login/Mfa", password.Location?.ToString());
        var pending = password.SetCookie(PendingLogin.CookieName);
        Assert.NotNull(pending);
        Assert.True(pending.HttpOnly && pending.Secure);
        var secondStep = await browser.FollowAsync(password);
        Assert.Equal(HttpStatusCode.OK, secondStep.Status);
        Assert.Equal("Two-step verification", Html.H1(secondStep.Html));
        Assert.Contains("for <strong>mfa@acme.test</strong>", secondStep.Html, StringComparison.Ordinal);
        Assert.Contains("""<label for="Input_MfaCode">Authentication code</label>""", secondStep.Html, StringComparison.Ordinal);
        Assert.Contains("""autocomplete="one-time-code" inputmode="numeric" """.TrimEnd(), secondStep.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(PortalHost.Password, secondStep.Html, StringComparison.Ordinal);

        var verified = await browser.PostFormAsync("/Login/Mfa", secondStep.Html,
            [new("Input.MfaCode", LoginSliceTests.CurrentCode()), new("ReturnUrl", "")]);

        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.Equal("/Me", verified.Location?.ToString());
        Assert.True(verified.Deletes(PendingLogin.CookieName));
        var me = await browser.FollowAsync(verified);
        Assert.Contains("Signed in as mfa@acme.test", Html.Text(me.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carries_a_local_return_url_through_the_second_step()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var secondStep = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test", returnUrl: "/Me/Security"));

        var verified = await browser.PostFormAsync("/Login/Mfa", secondStep.Html,
            [new("Input.MfaCode", LoginSliceTests.CurrentCode()), new("ReturnUrl", Html.InputValue(secondStep.Html, "ReturnUrl") ?? "")]);

        Assert.Equal("/Me/Security", verified.Location?.ToString());
    }

    [Fact]
    public async Task Ignores_a_return_url_that_leaves_the_site_on_the_second_step()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var secondStep = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test"));

        var verified = await browser.PostFormAsync("/Login/Mfa", secondStep.Html,
            [new("Input.MfaCode", LoginSliceTests.CurrentCode()), new("ReturnUrl", "//evil.example/steal")]);

        Assert.Equal("/Me", verified.Location?.ToString());
    }

    [Fact]
    public async Task Rejects_a_wrong_code_and_stays_on_the_second_step()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var secondStep = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test"));
        var wrongCode = LoginSliceTests.WrongCode();

        var answer = await browser.PostFormAsync("/Login/Mfa", secondStep.Html, [new("Input.MfaCode", wrongCode), new("ReturnUrl", "")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Two-step verification", Html.H1(answer.Html));
        Assert.Contains(SignInMessages.WrongCode, Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
        Assert.Contains("""<div role="alert" tabindex="-1" id="error-summary" """.TrimEnd(), answer.Html, StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(Html.InputValue(answer.Html, "Input.MfaCode")));
        Assert.False(browser.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Keeps_the_pending_password_on_the_server_so_a_copied_cookie_is_useless_once_the_step_ends()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var secondStep = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test"));
        var pendingId = browser.Cookies[PendingLogin.CookieName];

        // Only a random id travels: 32 bytes, base64url. The password, even encrypted, stays on the server.
        Assert.Matches("^[A-Za-z0-9_-]{43}$", pendingId);
        var verified = await browser.PostFormAsync("/Login/Mfa", secondStep.Html,
            [new("Input.MfaCode", LoginSliceTests.CurrentCode()), new("ReturnUrl", "")]);
        Assert.Equal(HttpStatusCode.Redirect, verified.Status);

        using var copier = host.NewBrowser();
        var page = await copier.GetAsync("/Login");
        copier.PutCookie(PendingLogin.CookieName, pendingId);
        var replay = await copier.PostFormAsync("/Login/Mfa", page.Html,
            [new("Input.MfaCode", LoginSliceTests.CurrentCode()), new("ReturnUrl", "")]);

        Assert.Contains(LoginMessages.PendingExpired, Html.TextOf(replay.Html, "error-summary"), StringComparison.Ordinal);
        Assert.DoesNotContain("Input.MfaCode", replay.Html, StringComparison.Ordinal);
        Assert.False(copier.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Starts_over_when_the_second_step_has_no_pending_sign_in()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync("/Login");

        var reload = await browser.GetAsync("/Login/Mfa");
        var answer = await browser.PostFormAsync("/Login/Mfa", page.Html, [new("Input.MfaCode", "123456"), new("ReturnUrl", "")]);

        Assert.Equal("/Login", reload.Location?.ToString());
        Assert.Contains(LoginMessages.PendingExpired, Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
        Assert.Contains(""">Start again</a>""", answer.Html, StringComparison.Ordinal);
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/login/password"));
    }

    [Fact]
    public async Task Refuses_a_second_step_post_without_its_antiforgery_token()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var secondStep = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test"));

        var answer = await browser.PostFormAsync("/Login/Mfa", secondStep.Html,
            [new("Input.MfaCode", LoginSliceTests.CurrentCode()), new("ReturnUrl", "")], withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.False(browser.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Returns_to_a_local_return_url_after_sign_in()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await browser.SubmitLoginAsync("owner@acme.test", returnUrl: "/Me?from=test");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Me?from=test", answer.Location?.ToString());
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example")]
    public async Task Ignores_a_return_url_that_leaves_the_site(string returnUrl)
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await browser.SubmitLoginAsync("owner@acme.test", returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Me", answer.Location?.ToString());
    }

    [Fact]
    public async Task Says_when_to_try_again_once_the_account_is_locked()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SubmitLoginAsync("viewer@acme.test", "not-the-password");
        }

        var answer = await browser.SubmitLoginAsync("viewer@acme.test");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("Try again in 15 minutes.", Html.TextOf(answer.Html, "error-summary"), StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Offers_to_create_an_account_only_when_registration_is_on()
    {
        await using var on = await PortalHost.StartAsync();
        await using var off = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["FeatureManagement:Registration"] = "false" });
        using var onBrowser = on.NewBrowser();
        using var offBrowser = off.NewBrowser();

        var withLink = await onBrowser.GetAsync("/Login");
        var withoutLink = await offBrowser.GetAsync("/Login");

        Assert.Contains(">Create an account</a>", withLink.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Create an account", withoutLink.Html, StringComparison.Ordinal);
    }
}
