using System.Net;
using System.Text.RegularExpressions;
using Lamba.AspNetCore.Client;
using LambaPages.Tests.Infrastructure;
using LambaPages.Tests.MagicLink;
using LambaPages.Tests.Me;
using LambaPages.Tests.Phone;
using OtpNet;

namespace LambaPages.Tests;

/// <summary>
/// Nothing secret reaches a log sink, even when configuration turns every category up to Trace (MVC then traces
/// handler arguments, HttpClient every request, Polly every attempt): tokens, passwords, codes, link tokens and cookie
/// values, gathered over the journeys that carry them.
/// </summary>
public sealed partial class LeakTests
{
    /// <summary>Every category at Trace, as a careless production config could set it.</summary>
    private static readonly Dictionary<string, string?> EverythingAtTrace = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
        ["Logging:LogLevel:Microsoft.Extensions.Http"] = "Trace",
        ["Logging:LogLevel:System"] = "Trace",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
        ["Logging:LogLevel:Polly"] = "Trace",
        ["Logging:LogLevel:LambaPages"] = "Trace",
        ["Logging:LogLevel:Lamba"] = "Trace",
    };

    [Fact]
    public async Task Never_writes_a_token_a_password_a_code_or_a_cookie_into_the_logs_even_with_every_category_at_trace()
    {
        await using var host = await PortalHost.StartAsync(settings: EverythingAtTrace);
        var secrets = new Secrets(host);

        await SignInWithPasswordAndMfaAsync(host, secrets);
        await ChangePasswordEmailAndMfaAsync(host, secrets);
        await SignInWithMagicLinkAndPhoneAsync(host, secrets);
        // Last: it moves the emulator's clock, which authenticator codes computed here would no longer match.
        await SwitchContextAndRefreshAsync(host, secrets);

        var lines = host.Logs.Lines;
        // The journeys really were traced: MVC's handler arguments at Trace. The Lamba clients have no factory logging
        // handlers (which would write each call's headers at Trace), so not one line comes from them.
        Assert.Contains(lines, line => line.StartsWith("Trace Microsoft.AspNetCore.Mvc", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(" System.Net.Http.HttpClient.", StringComparison.Ordinal));
        Assert.True(secrets.Count >= 20, $"Only {secrets.Count} secrets gathered.");
        foreach (var line in lines)
        {
            var found = secrets.FoundIn(line);
            Assert.True(found is null, $"A {found} leaked into: {Shorten(line)}");
            // Any JWT at all (the pre-switch access token included) would be an access token.
            Assert.False(Jwt().IsMatch(line), $"A JWT leaked into: {Shorten(line)}");
        }
    }

    [Fact]
    public async Task Never_puts_a_token_a_password_or_a_code_into_a_page_or_a_redirect()
    {
        await using var host = await PortalHost.StartAsync(settings: EverythingAtTrace);
        using var browser = host.NewBrowser();

        var secondStep = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test", returnUrl: "/Me"));
        var code = LoginCodeNow();
        var signedIn = await browser.PostFormAsync("/Login/Mfa", secondStep.Html, [new("Input.MfaCode", code), new("ReturnUrl", "/Me")]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.FollowAsync(signedIn)).Status);

        var secrets = new[]
        {
            PortalHost.Password,
            code,
            host.SessionCookies.UnprotectAccess(browser.Cookies[LambaOptions.DefaultSessionCookie])!.Token,
            host.SessionCookies.UnprotectRefresh(browser.Cookies[LambaOptions.DefaultRefreshCookie])!.Token,
        };
        foreach (var text in browser.Seen)
        {
            Assert.DoesNotContain(secrets, secret => text.Contains(secret, StringComparison.Ordinal));
            Assert.False(Jwt().IsMatch(text), $"A JWT leaked into: {Shorten(text)}");
        }
    }

    private static async Task SignInWithPasswordAndMfaAsync(PortalHost host, Secrets secrets)
    {
        using var browser = host.NewBrowser();
        secrets.Add("password", PortalHost.Password);
        var secondStep = await browser.FollowAsync(await browser.SubmitLoginAsync("mfa@acme.test", returnUrl: "/Me"));
        secrets.Observe(browser);
        var code = secrets.Add("MFA code", LoginCodeNow());
        var signedIn = await browser.PostFormAsync("/Login/Mfa", secondStep.Html, [new("Input.MfaCode", code), new("ReturnUrl", "/Me")]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        await ExpectOkAsync(browser, "/Me", secrets);
        await LogoutAsync(browser, secrets);
    }

    private static async Task SwitchContextAndRefreshAsync(PortalHost host, Secrets secrets)
    {
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        secrets.Observe(browser);
        var page = await browser.GetAsync("/SwitchContext");
        var switched = await browser.PostFormAsync("/SwitchContext", page.Html,
        [
            new("Input.WorkspaceId", "wrk_acme"), new("Input.ProjectId", "prj_storefront"), new("Input.Environment", "prod"), new("ReturnUrl", "/Me"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, switched.Status);
        secrets.Observe(browser);
        await ExpectOkAsync(browser, "/Admin/Members", secrets);

        // Past the access token's life: the next page refreshes, and the rotated pair is a secret too.
        await host.AdvanceEmulatorClockAsync(TimeSpan.FromMinutes(16));
        await ExpectOkAsync(browser, "/Me", secrets);
        await LogoutAsync(browser, secrets);
    }

    private static async Task ChangePasswordEmailAndMfaAsync(PortalHost host, Secrets secrets)
    {
        using var browser = host.NewBrowser();
        await browser.SignInAsync(await MeArrange.RegisterAsync(host));
        secrets.Observe(browser);

        var security = await browser.GetAsync("/Me/Security");
        var newPassword = secrets.Add("password", "Leak-Test-New-Password-" + Guid.NewGuid().ToString("N")[..8]);
        var changed = await browser.PostFormAsync("/Me/Security", security.Html,
            [new("Input.CurrentPassword", PortalHost.Password), new("Input.NewPassword", newPassword), new("Input.ConfirmNewPassword", newPassword)]);
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);
        secrets.Observe(browser);

        var newEmail = MeArrange.UniqueEmail("leak");
        var email = await browser.GetAsync("/Me/Email");
        var started = await browser.PostFormAsync("/Me/Email", email.Html, [new("Input.NewEmail", newEmail), new("Input.Password", newPassword)]);
        var verify = await browser.FollowAsync(started);
        var emailCode = secrets.Add("e-mail code", await MeArrange.LatestCodeAsync(host, newEmail));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/Me/Email/Verify", verify.Html, [new("Input.Code", emailCode)])).Status);
        secrets.Observe(browser);

        var enrolStart = await browser.PostFormAsync("/Me/Security/Totp?handler=Start", (await browser.GetAsync("/Me/Security")).Html, []);
        secrets.Observe(browser);
        var enrol = await browser.FollowAsync(enrolStart);
        var totpSecret = secrets.Add("TOTP secret", Html.TextOf(enrol.Html, "totp-secret")!.Replace(" ", "", StringComparison.Ordinal));
        var confirmCode = secrets.Add("TOTP code", new Totp(Base32Encoding.ToBytes(totpSecret)).ComputeTotp());
        var confirmed = await browser.PostFormAsync("/Me/Security/Totp", enrol.Html, [new("Input.Code", confirmCode)]);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.Status);
        secrets.Observe(browser);
        var codes = await browser.FollowAsync(confirmed);
        foreach (Match recovery in RecoveryCode().Matches(codes.Html))
        {
            secrets.Add("recovery code", recovery.Groups[1].Value);
        }

        await LogoutAsync(browser, secrets);
    }

    private static async Task SignInWithMagicLinkAndPhoneAsync(PortalHost host, Secrets secrets)
    {
        using (var browser = host.NewBrowser())
        {
            await MagicLinkPageTests.StartAsync(browser, "viewer@acme.test");
            secrets.Observe(browser);
            var link = await host.MagicLinkAsync("viewer@acme.test");
            var token = secrets.Add("magic-link token", Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["token"].ToString());
            var continuePage = await browser.GetAsync(link.PathAndQuery);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/MagicLink/Continue", continuePage.Html, [new("token", token)])).Status);
            await ExpectOkAsync(browser, "/Me", secrets);
            await LogoutAsync(browser, secrets);
        }

        using (var browser = host.NewBrowser())
        {
            var phone = Emulator.NewPhone();
            var codeStep = await browser.FollowAsync(await PhonePageTests.StartAsync(browser, phone));
            secrets.Observe(browser);
            var code = secrets.Add("phone code", await host.PhoneCodeAsync(phone));
            Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/Phone/Code", codeStep.Html, [new("Input.Code", code)])).Status);
            await ExpectOkAsync(browser, "/Me", secrets);
            await LogoutAsync(browser, secrets);
        }
    }

    private static async Task ExpectOkAsync(TestBrowser browser, string url, Secrets secrets)
    {
        var page = await browser.GetAsync(url);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {url} answered {(int)page.Status}.");
        secrets.Observe(browser);
    }

    private static async Task LogoutAsync(TestBrowser browser, Secrets secrets)
    {
        var me = await browser.GetAsync("/Me");
        secrets.Observe(browser);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/Logout", me.Html, [])).Status);
    }

    /// <summary>mfa@acme.test's authenticator code right now.</summary>
    private static string LoginCodeNow() => new Totp(Base32Encoding.ToBytes(PortalHost.MfaSecret)).ComputeTotp();

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.")]
    private static partial Regex Jwt();

    [GeneratedRegex("<li><code>([a-z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCode();

    /// <summary>
    /// The secrets a journey handled, each with its kind: what was typed or mailed, every cookie value the browser held
    /// and the tokens sealed inside the session cookies. Short codes count only as whole words, so a 6-digit code is
    /// not "found" inside a trace id.
    /// </summary>
    private sealed class Secrets(PortalHost host)
    {
        private readonly Dictionary<string, string> kinds = new(StringComparer.Ordinal);

        public int Count => kinds.Count;

        public string Add(string kind, string secret)
        {
            Assert.False(string.IsNullOrWhiteSpace(secret), $"An empty {kind}.");
            kinds.TryAdd(secret, kind);
            return secret;
        }

        /// <summary>Every cookie the browser holds now, and the access and refresh tokens inside the session cookies.</summary>
        public void Observe(TestBrowser browser)
        {
            foreach (var (name, value) in browser.Cookies)
            {
                Add($"cookie value ({name})", value);
            }

            if (browser.Cookies.TryGetValue(LambaOptions.DefaultSessionCookie, out var access))
            {
                Add("access token", host.SessionCookies.UnprotectAccess(access)!.Token);
            }

            if (browser.Cookies.TryGetValue(LambaOptions.DefaultRefreshCookie, out var refresh))
            {
                Add("refresh token", host.SessionCookies.UnprotectRefresh(refresh)!.Token);
            }
        }

        public string? FoundIn(string line) => kinds.FirstOrDefault(k => k.Key.Length > 12
            ? line.Contains(k.Key, StringComparison.Ordinal)
            : Regex.IsMatch(line, $@"(?<![0-9A-Za-z]){Regex.Escape(k.Key)}(?![0-9A-Za-z])", RegexOptions.None, TimeSpan.FromSeconds(1))).Value;
    }
}
