using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Microsoft.Playwright;
using OtpNet;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>Self-service under /Me: profile, email, password, two-step verification, sessions, memberships.</summary>
[Collection(PortalCollectionDefinition.Name)]
public sealed partial class MeJourneys(AppFixture app, ITestOutputHelper output)
{
    private const string NewPassword = "A-new-Passw0rd-for-e2e";

    [Fact]
    public Task Edits_the_profile_and_sees_the_new_name_on_the_account_page() => Journey.RunAsync(app, output, async j =>
    {
        var taken = "taken-" + Guid.NewGuid().ToString("N")[..8];
        await RegisterAsync(username: taken);
        var email = await RegisterAsync(displayName: "Before Edit");
        var profile = new ProfilePage(j.Page);
        var layout = new Layout(j.Page);
        await SignInAsync(j, email);

        await profile.GotoAsync();
        await Expect(profile.AccountNav.GetByRole(AriaRole.Link, new() { Name = "Profile", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(profile.DisplayName).ToHaveValueAsync("Before Edit");
        await j.AssertAccessibleAsync();

        // A taken username is refused next to its field; what else was typed stays.
        await profile.DisplayName.FillAsync("Grace Hopper");
        await profile.Username.FillAsync(taken);
        await profile.SaveButton.ClickAsync();
        await Expect(profile.ErrorSummary).ToBeFocusedAsync();
        await Expect(profile.ErrorSummary).ToContainTextAsync("That username is already taken. Choose another.");
        await Expect(profile.DisplayName).ToHaveValueAsync("Grace Hopper");
        await j.AssertAccessibleAsync();

        await profile.Username.FillAsync("grace-" + Guid.NewGuid().ToString("N")[..6]);
        await profile.TimeZone.SelectOptionAsync("Europe/Paris");
        await profile.SaveButton.ClickAsync();
        await Expect(layout.Status).ToHaveTextAsync("Profile saved.");
        await Expect(profile.TimeZone).ToHaveValueAsync("Europe/Paris");
        await j.AssertAccessibleAsync();

        await new MePage(j.Page).GotoAsync();
        await Expect(j.Page.GetByRole(AriaRole.Main)).ToContainTextAsync("Grace Hopper");
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Changes_the_email_with_the_code_from_the_outbox() => Journey.RunAsync(app, output, async j =>
    {
        var email = await RegisterAsync();
        var newEmail = $"moved-{Guid.NewGuid():N}@example.test";
        var page = new EmailPage(j.Page);
        var layout = new Layout(j.Page);
        await SignInAsync(j, email);

        await page.GotoAsync();
        await j.AssertAccessibleAsync();
        await page.NewEmail.FillAsync(newEmail);
        await page.CurrentPassword.FillAsync("Wrong-password-42");
        await page.SendCodeButton.ClickAsync();
        await Expect(page.ErrorSummary).ToContainTextAsync("Your current password is not correct.");
        await Expect(page.NewEmail).ToHaveValueAsync(newEmail);
        await Expect(page.CurrentPassword).ToHaveValueAsync(string.Empty);
        await j.AssertAccessibleAsync();

        await page.CurrentPassword.FillAsync(Seed.Password);
        await page.SendCodeButton.ClickAsync();
        await Expect(page.VerifyHeading).ToBeVisibleAsync();
        await Expect(layout.Status).ToHaveTextAsync($"We sent a verification code to {newEmail}.");
        await Expect(page.Code).ToHaveAttributeAsync("autocomplete", "one-time-code");
        await j.AssertAccessibleAsync();

        await page.Code.FillAsync(await app.LatestOutboxAsync(newEmail, "code"));
        await page.VerifyButton.ClickAsync();
        await Expect(layout.Status).ToHaveTextAsync("Email address changed.");
        await new MePage(j.Page).ExpectSignedInAsAsync(newEmail);
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Changes_the_password_which_signs_out_the_other_browser_and_retires_the_old_password() => Journey.RunAsync(app, output, async j =>
    {
        var email = await RegisterAsync();
        var security = new SecurityPage(j.Page);
        var layout = new Layout(j.Page);
        await using var other = await OtherBrowserAsync(email);
        await SignInAsync(j, email);

        await security.GotoAsync();
        await Expect(security.CurrentPassword).ToHaveAttributeAsync("autocomplete", "current-password");
        await Expect(security.NewPassword).ToHaveAttributeAsync("autocomplete", "new-password");
        await j.AssertAccessibleAsync();

        await security.ChangePasswordAsync(Seed.Password, NewPassword);
        await Expect(layout.Status).ToHaveTextAsync("Password changed. 1 other session was signed out.");
        await j.AssertAccessibleAsync();

        // The other browser was signed in; its next page sends it to sign in again.
        await other.Page.GotoAsync("/Me");
        await Expect(other.Page).ToHaveURLAsync(new Regex("/Login"));

        // This browser stayed signed in; after signing out, only the new password works.
        await new MePage(j.Page).GotoAsync();
        await layout.SignOutAsync();
        var login = new LoginPage(j.Page);
        await login.SignInAsync(email, Seed.Password);
        await Expect(login.ErrorSummary).ToContainTextAsync("The email, username or password is incorrect.");
        await j.AssertAccessibleAsync();
        await login.SignInAsync(email, NewPassword);
        await login.ExpectSignedInAsync();
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Enrols_an_authenticator_then_signs_in_with_a_code_and_a_recovery_code_then_turns_it_off() => Journey.RunAsync(app, output, async j =>
    {
        var email = await RegisterAsync();
        var security = new SecurityPage(j.Page);
        var totp = new TotpPage(j.Page);
        var layout = new Layout(j.Page);
        var login = new LoginPage(j.Page);
        await SignInAsync(j, email);

        await security.GotoAsync();
        await security.SetUpAuthenticatorButton.ClickAsync();
        await Expect(totp.EnrolHeading).ToBeVisibleAsync();
        await Expect(totp.QrCode).ToBeVisibleAsync();
        await Expect(totp.ManualKey).ToHaveTextAsync(new Regex("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$"));
        await j.AssertAccessibleAsync();

        var secret = await totp.SecretAsync();
        await totp.Code.FillAsync("000000" == Code(secret) ? "111111" : "000000");
        await totp.TurnOnButton.ClickAsync();
        await Expect(totp.ErrorSummary).ToContainTextAsync("That code is not valid. Try a new one.");
        await Expect(totp.QrCode).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();

        var enrolmentCode = await app.FreshTotpAsync(secret);
        await totp.Code.FillAsync(enrolmentCode);
        await totp.TurnOnButton.ClickAsync();
        await Expect(totp.RecoveryHeading).ToBeVisibleAsync();
        await Expect(totp.RecoveryCodes).ToHaveCountAsync(10);
        var codes = await totp.RecoveryCodes.AllInnerTextsAsync();
        Assert.DoesNotContain(codes, code => j.Page.Url.Contains(code, StringComparison.Ordinal));
        var download = await j.Page.RunAndWaitForDownloadAsync(() => totp.DownloadButton.ClickAsync());
        Assert.Equal("lambapages-recovery-codes.txt", download.SuggestedFilename);
        var downloaded = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.All(codes, code => Assert.Contains(code, downloaded, StringComparison.Ordinal));
        await Expect(totp.CopyButton).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();

        // Shown once: coming back finds nothing and lands on the security page.
        await j.Page.GotoAsync("/Me/Security/Totp/RecoveryCodes");
        await Expect(security.Heading).ToBeVisibleAsync();
        await Expect(security.Summary).ToContainTextAsync("On (authenticator app)");
        await j.AssertAccessibleAsync();

        // Sign in with an authenticator code (a later one than the enrolment's: a code works once).
        await layout.SignOutAsync();
        await login.SignInAsync(email, Seed.Password);
        await login.EnterCodeAsync(await app.NextTotpAsync(secret));
        await login.ExpectSignedInAsync();
        await j.AssertAccessibleAsync();

        // ... and with a recovery code.
        await layout.SignOutAsync();
        await login.SignInAsync(email, Seed.Password);
        await Expect(login.MfaHeading).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await login.EnterCodeAsync(codes[0]);
        await login.ExpectSignedInAsync();

        // Turning it off needs a code; a spent one keeps the user on the form.
        await security.GotoAsync();
        await security.TurnOffLink.ClickAsync();
        await Expect(totp.DisableHeading).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await totp.DisableCode.FillAsync(codes[0]);
        await totp.DisableButton.ClickAsync();
        await Expect(totp.ErrorSummary).ToContainTextAsync("That code is not valid. Try a new one.");
        await Expect(totp.DisableHeading).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await totp.DisableCode.FillAsync(codes[1]);
        await totp.DisableButton.ClickAsync();
        await Expect(layout.Status).ToContainTextAsync("Two-step verification is off.");
        await Expect(security.Summary).ToContainTextAsync("Off");
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Signs_out_another_session_from_the_sessions_page() => Journey.RunAsync(app, output, async j =>
    {
        var email = await RegisterAsync();
        var sessions = new SessionsPage(j.Page);
        var layout = new Layout(j.Page);
        await using var other = await OtherBrowserAsync(email);
        await SignInAsync(j, email);

        await sessions.GotoAsync();
        await Expect(sessions.Sessions).ToHaveCountAsync(2);
        await Expect(sessions.ThisDevice).ToHaveCountAsync(1);
        await Expect(sessions.ThisDevice).ToContainTextAsync("Chrome on Linux");
        await j.AssertAccessibleAsync();

        await SessionsPage.SignOutButtonOf(sessions.Others.First).ClickAsync();
        await Expect(layout.Status).ToHaveTextAsync("That session was signed out.");
        await Expect(sessions.Sessions).ToHaveCountAsync(1);
        await j.AssertAccessibleAsync();

        await other.Page.GotoAsync("/Me");
        await Expect(other.Page).ToHaveURLAsync(new Regex("/Login"));
    });

    [Fact]
    public Task Lists_memberships_with_a_way_to_switch_to_each() => Journey.RunAsync(app, output, async j =>
    {
        var memberships = new MembershipsPage(j.Page);
        await SignInAsync(j, Seed.Owner);

        await memberships.GotoAsync();
        await Expect(memberships.Rows).ToHaveCountAsync(3);
        await Expect(memberships.SwitchButton("Back Office", "test")).ToBeVisibleAsync();
        await Expect(memberships.SwitchButton("Storefront", "prod")).ToBeVisibleAsync();
        await Expect(j.Page.GetByRole(AriaRole.Main)).ToContainTextAsync("No other sign-in providers are linked to your account.");
        await j.AssertAccessibleAsync();
    });

    private static async Task SignInAsync(Journey j, string email)
    {
        var login = new LoginPage(j.Page);
        await login.GotoAsync();
        await j.AssertAccessibleAsync();
        await login.SignInAsync(email, Seed.Password);
        await login.ExpectSignedInAsync();
        await j.AssertAccessibleAsync();
    }

    /// <summary>A second browser (own cookies) signed in as the same user.</summary>
    private async Task<OtherBrowser> OtherBrowserAsync(string email)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.PortalAddress.ToString() });
        var page = await context.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(email, Seed.Password);
        await login.ExpectSignedInAsync();
        return new OtherBrowser(context, page);
    }

    /// <summary>A fresh user of this journey's own (registered straight at the emulator, its register session closed again).</summary>
    private async Task<string> RegisterAsync(string? username = null, string? displayName = null)
    {
        var email = $"e2e-{Guid.NewGuid():N}@example.test";
        using var response = await app.EmulatorClient.PostAsJsonAsync(new Uri("v1/auth/register", UriKind.Relative),
            new { email, password = Seed.Password, username, displayName });
        Assert.True(response.IsSuccessStatusCode, $"register answered {(int)response.StatusCode}");
        using var outbox = JsonDocument.Parse(await app.ReadOutboxAsync(email));
        var link = outbox.RootElement.GetProperty("items")[0].GetProperty("link").GetString()!;
        using var verified = await app.EmulatorClient.PostAsJsonAsync(new Uri("v1/auth/register/verify", UriKind.Relative),
            new { token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]) });
        Assert.True(verified.IsSuccessStatusCode, $"register/verify answered {(int)verified.StatusCode}");
        var tokens = await verified.Content.ReadFromJsonAsync<JsonElement>();

        using var logout = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/auth/logout", UriKind.Relative))
        {
            Content = JsonContent.Create(new { refreshToken = tokens.GetProperty("refresh_token").GetString() }),
        };
        logout.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var loggedOut = await app.EmulatorClient.SendAsync(logout);
        Assert.True(loggedOut.IsSuccessStatusCode, $"logout answered {(int)loggedOut.StatusCode}");
        return email;
    }

    private static string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();

    private sealed record OtherBrowser(IBrowserContext Context, IPage Page) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Context.CloseAsync();
    }
}
