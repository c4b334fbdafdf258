using System.Net;
using System.Text.RegularExpressions;
using LambaPages.Tests.Infrastructure;
using OtpNet;

namespace LambaPages.Tests.Me;

/// <summary>The /Me pages as a browser uses them: forms, PRG, status messages and above all the error paths.</summary>
public sealed partial class MeSelfServicePageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Saves_the_profile_and_shows_the_new_name_on_the_account_page()
    {
        var host = await shared.ResetAsync();
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host, displayName: "Before"));
        var page = await browser.GetAsync("/Me/Profile");

        var saved = await browser.PostFormAsync("/Me/Profile", page.Html, ProfileForm(page.Html, ("Input.DisplayName", "Grace Hopper")));

        Assert.Equal(("/Me/Profile", HttpStatusCode.Redirect), (saved.Location?.ToString(), saved.Status));
        Assert.Equal("Profile saved.", Html.Status((await browser.FollowAsync(saved)).Html));
        Assert.Contains("Name Grace Hopper", Html.Text((await browser.GetAsync("/Me")).Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_a_taken_username_next_to_the_field_and_keeps_what_was_typed()
    {
        var host = await shared.ResetAsync();
        var taken = "taken-" + Guid.NewGuid().ToString("N")[..8];
        await MeArrange.RegisterAsync(host, username: taken);
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host));
        var page = await browser.GetAsync("/Me/Profile");

        var answer = await browser.PostFormAsync("/Me/Profile", page.Html,
            ProfileForm(page.Html, ("Input.Username", taken), ("Input.DisplayName", "Typed Name"), ("Input.Phone", "+15555550199")));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("That username is already taken. Choose another.", FieldError(answer.Html, "Input.Username"));
        Assert.Contains("id=\"error-summary\"", answer.Html, StringComparison.Ordinal);
        Assert.Equal((taken, "Typed Name", "+15555550199"),
            (Html.InputValue(answer.Html, "Input.Username"), Html.InputValue(answer.Html, "Input.DisplayName"), Html.InputValue(answer.Html, "Input.Phone")));
    }

    [Fact]
    public async Task Keeps_the_typed_new_email_but_not_the_password_when_the_password_is_wrong()
    {
        var host = await shared.ResetAsync();
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host));
        var newEmail = MeArrange.UniqueEmail("typed");
        var page = await browser.GetAsync("/Me/Email");

        var answer = await browser.PostFormAsync("/Me/Email", page.Html, [new("Input.NewEmail", newEmail), new("Input.Password", "Wr0ng-Secret-Value")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Your current password is not correct.", FieldError(answer.Html, "Input.Password"));
        Assert.Equal(newEmail, Html.InputValue(answer.Html, "Input.NewEmail"));
        Assert.DoesNotContain("Wr0ng-Secret-Value", answer.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    [Fact]
    public async Task Changes_the_email_with_the_code_and_shows_it_at_once()
    {
        var host = await shared.ResetAsync();
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host));
        var newEmail = MeArrange.UniqueEmail("new");
        var page = await browser.GetAsync("/Me/Email");

        var started = await browser.PostFormAsync("/Me/Email", page.Html, [new("Input.NewEmail", newEmail), new("Input.Password", PortalHost.Password)]);
        var verify = await browser.FollowAsync(started);
        var wrong = await browser.PostFormAsync("/Me/Email/Verify", verify.Html, [new("Input.Code", "000000")]);
        var right = await browser.PostFormAsync("/Me/Email/Verify", wrong.Html, [new("Input.Code", await MeArrange.LatestCodeAsync(host, newEmail))]);
        var me = await browser.FollowAsync(right);

        Assert.Equal("/Me/Email/Verify", started.Location?.ToString());
        Assert.Equal($"We sent a verification code to {newEmail}.", Html.Status(verify.Html));
        Assert.Matches("<label[^>]*>Verification code</label>", verify.Html);
        Assert.Matches("""autocomplete="one-time-code""", verify.Html);
        Assert.Equal("That code is not valid or has expired. Check the email or start again.", FieldError(wrong.Html, "Input.Code"));
        Assert.Equal("Email address changed.", Html.Status(me.Html));
        Assert.Contains($"Signed in as {newEmail}", Html.Text(me.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_wrong_current_password_without_echoing_any_password_or_signing_out()
    {
        var host = await shared.ResetAsync();
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host));
        var page = await browser.GetAsync("/Me/Security");

        var answer = await browser.PostFormAsync("/Me/Security", page.Html,
        [
            new("Input.CurrentPassword", "Wr0ng-Current-Value"), new("Input.NewPassword", "New-Secret-Value-1"), new("Input.ConfirmNewPassword", "New-Secret-Value-1"),
        ]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Your current password is not correct.", FieldError(answer.Html, "Input.CurrentPassword"));
        Assert.DoesNotContain("Wr0ng-Current-Value", answer.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("New-Secret-Value-1", answer.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    [Fact]
    public async Task Changes_the_password_says_how_many_sessions_ended_and_signs_out_the_other_browser()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        using var other = await SignedInBrowserAsync(host, email);
        using var browser = await SignedInBrowserAsync(host, email);
        var page = await browser.GetAsync("/Me/Security");

        var changed = await browser.PostFormAsync("/Me/Security", page.Html,
        [
            new("Input.CurrentPassword", PortalHost.Password), new("Input.NewPassword", "New-Secret-Value-1"), new("Input.ConfirmNewPassword", "New-Secret-Value-1"),
        ]);

        Assert.Equal("/Me/Security", changed.Location?.ToString());
        Assert.Equal("Password changed. 1 other session was signed out.", Html.Status((await browser.FollowAsync(changed)).Html));
        var bounced = await other.GetAsync("/Me");
        Assert.Equal(HttpStatusCode.Redirect, bounced.Status);
        Assert.StartsWith("/Login", bounced.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrols_an_authenticator_with_an_inline_qr_code_and_shows_the_recovery_codes_once()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host));
        var security = await browser.GetAsync("/Me/Security");

        var started = await browser.PostFormAsync("/Me/Security/Totp?handler=Start", security.Html, []);
        var enrol = await browser.FollowAsync(started);
        var secret = Html.TextOf(enrol.Html, "totp-secret")!;
        var code = new Totp(Base32Encoding.ToBytes(secret.Replace(" ", "", StringComparison.Ordinal))).ComputeTotp();
        var confirmed = await browser.PostFormAsync("/Me/Security/Totp", enrol.Html, [new("Input.Code", code)]);
        var codesPage = await browser.FollowAsync(confirmed);
        var reload = await browser.GetAsync("/Me/Security/Totp/RecoveryCodes");

        Assert.Equal("/Me/Security/Totp", started.Location?.ToString());
        Assert.Matches("""<svg role="img" aria-label="QR code for your authenticator app" """, enrol.Html);
        Assert.Matches("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$", secret);
        Assert.Equal("/Me/Security/Totp/RecoveryCodes", confirmed.Location?.ToString());
        var codes = RecoveryCode().Matches(codesPage.Html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Contains("Copy", codesPage.Html, StringComparison.Ordinal);
        Assert.Contains("Download", codesPage.Html, StringComparison.Ordinal);
        Assert.Equal("/Me/Security", reload.Location?.ToString());
        Assert.DoesNotContain(browser.Seen.Where(s => s.StartsWith('/') || s.StartsWith("http", StringComparison.Ordinal)), url => codes.Any(c => url.Contains(c, StringComparison.Ordinal)));
        Assert.DoesNotContain(host.Logs.Lines, line => codes.Any(c => line.Contains(c, StringComparison.Ordinal)) || line.Contains(secret.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keeps_the_user_on_the_disable_form_after_a_wrong_code()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var challenge = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test"));
        await browser.PostFormAsync("/Login/Mfa", challenge.Html, [new("Input.MfaCode", new Totp(Base32Encoding.ToBytes(PortalHost.MfaSecret)).ComputeTotp())]);
        var page = await browser.GetAsync("/Me/Security/Totp/Disable");

        var answer = await browser.PostFormAsync("/Me/Security/Totp/Disable", page.Html, [new("Input.Code", "zzzzz-zzzzz")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Turn off two-step verification", Html.H1(answer.Html));
        Assert.Equal("That code is not valid. Try a new one.", FieldError(answer.Html, "Input.Code"));
        Assert.Contains("Warning:", Html.Text(answer.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_this_device_from_the_sessions_page_signs_out_fully()
    {
        var host = await shared.ResetAsync();
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host));
        var page = await browser.GetAsync("/Me/Sessions");
        var currentId = CurrentSessionId().Match(page.Html).Groups[1].Value;

        var answer = await browser.PostFormAsync("/Me/Sessions?handler=End", page.Html, [new("SessionId", currentId)]);

        Assert.Contains("This device", page.Html, StringComparison.Ordinal);
        Assert.Equal("/Login", answer.Location?.ToString());
        Assert.True(answer.Deletes(host.SessionCookies.AccessCookieName));
        Assert.True(answer.Deletes(host.SessionCookies.RefreshCookieName));
        Assert.Equal("You have been signed out.", Html.Status((await browser.FollowAsync(answer)).Html));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Me")).Status);
    }

    [Fact]
    public async Task Hides_two_step_verification_when_the_mfa_feature_is_off()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["FeatureManagement:Mfa"] = "false" });
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host));

        var security = await browser.GetAsync("/Me/Security");
        var enrol = await browser.GetAsync("/Me/Security/Totp");

        Assert.Equal(HttpStatusCode.OK, security.Status);
        Assert.DoesNotContain("Set up an authenticator app", security.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, enrol.Status);
    }

    [Fact]
    public async Task Names_the_device_each_session_signed_in_from()
    {
        var host = await shared.ResetAsync();
        var email = await MeArrange.RegisterAsync(host);
        using var phone = host.NewBrowser();
        phone.Client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
        await phone.SignInAsync(email);
        using var laptop = host.NewBrowser();
        laptop.Client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0");
        await laptop.SignInAsync(email);

        var page = await laptop.GetAsync("/Me/Sessions");

        var text = Html.Text(page.Html);
        Assert.Contains("Firefox on Windows This device", text, StringComparison.Ordinal);
        Assert.Contains("Safari on iPhone", text, StringComparison.Ordinal);
        Assert.Contains("Sign out all other sessions", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_change_without_the_antiforgery_token()
    {
        var host = await shared.ResetAsync();
        using var browser = await SignedInBrowserAsync(host, await MeArrange.RegisterAsync(host));
        var page = await browser.GetAsync("/Me/Profile");

        var answer = await browser.PostFormAsync("/Me/Profile", page.Html, [new("Input.DisplayName", "Forged")], withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Theory]
    [InlineData("/Me", "Overview")]
    [InlineData("/Me/Profile", "Profile")]
    [InlineData("/Me/Email", "Email")]
    [InlineData("/Me/Security", "Password and security")]
    [InlineData("/Me/Sessions", "Sessions")]
    [InlineData("/Me/Memberships", "Memberships")]
    public async Task Marks_the_current_section_in_the_account_navigation(string path, string link)
    {
        var host = await shared.ResetAsync();
        using var browser = await SignedInBrowserAsync(host, "owner@acme.test");

        var page = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var current = Regex.Matches(page.Html, """<a[^>]*aria-current="page"[^>]*>([^<]*)</a>""").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([link], current);
    }

    [Fact]
    public async Task Offers_a_switch_for_each_membership_with_the_switchers_fields()
    {
        var host = await shared.ResetAsync();
        using var browser = await SignedInBrowserAsync(host, "owner@acme.test");

        var page = await browser.GetAsync("/Me/Memberships");

        Assert.Equal(2, Regex.Count(page.Html, """<form method="post" action="/SwitchContext">"""));
        Assert.Contains("""name="Input.ProjectId" value="prj_backoffice" """.TrimEnd(), page.Html, StringComparison.Ordinal);
        // Two switches, the header's sign-out and the footer's language switcher: each form carries its token.
        Assert.Equal(4, Regex.Count(page.Html, "name=\"__RequestVerificationToken\""));
        Assert.Contains("Current", Html.Text(page.Html), StringComparison.Ordinal);
    }

    private static async Task<TestBrowser> SignedInBrowserAsync(PortalHost host, string login)
    {
        var browser = host.NewBrowser();
        await browser.SignInAsync(login);
        return browser;
    }

    /// <summary>The profile form as loaded, with some fields changed.</summary>
    private static List<KeyValuePair<string, string>> ProfileForm(string html, params (string Name, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = Html.InputValue(html, "Input.DisplayName") ?? "",
            ["Input.Username"] = Html.InputValue(html, "Input.Username") ?? "",
            ["Input.Phone"] = Html.InputValue(html, "Input.Phone") ?? "",
            ["Input.Locale"] = Html.InputValue(html, "Input.Locale") ?? "",
            ["Input.TimeZone"] = "UTC",
        };
        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }

        return fields.ToList();
    }

    private static string? FieldError(string html, string field)
    {
        var match = Regex.Match(html, $"""<span[^>]*data-valmsg-for="{Regex.Escape(field)}"[^>]*>(.*?)</span>""", RegexOptions.Singleline);
        return match.Success ? Html.Text(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("<li><code>([a-z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex("""<h2 id="session-([^"]+)">[^<]*<span class="badge badge-current">This device</span>""")]
    private static partial Regex CurrentSessionId();
}
