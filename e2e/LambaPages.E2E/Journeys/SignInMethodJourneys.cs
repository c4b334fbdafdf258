using System.Text.RegularExpressions;
using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>Every way in besides the password: register, magic link, phone code.</summary>
[Collection(PortalCollectionDefinition.Name)]
public sealed partial class SignInMethodJourneys(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public Task A_visitor_registers_follows_the_emailed_link_and_lands_signed_in_on_their_account_in_storefront_test() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);
        var register = new RegisterPage(j.Page);
        var me = new MePage(j.Page);
        var layout = new Layout(j.Page);
        var email = $"ada-{Guid.NewGuid():N}@example.test";

        await login.GotoAsync();
        await j.AssertAccessibleAsync();
        await login.CreateAccountLink.ClickAsync();
        await Expect(register.Heading).ToBeVisibleAsync();
        await Expect(register.EmailField).ToHaveAttributeAsync("autocomplete", "email");
        await Expect(register.PasswordField).ToHaveAttributeAsync("autocomplete", "new-password");
        await Expect(register.DisplayNameField).ToHaveAttributeAsync("autocomplete", "name");
        await j.AssertAccessibleAsync();

        // A too-short password first: the error is announced, focused, and what was typed (but the password) stays.
        await register.RegisterAsync(email, "short", displayName: "Ada");
        await Expect(register.ErrorSummary).ToBeFocusedAsync();
        await Expect(register.ErrorSummary).ToContainTextAsync("Use at least 10 characters.");
        await Expect(register.EmailField).ToHaveValueAsync(email);
        await Expect(register.PasswordField).ToHaveValueAsync(string.Empty);
        await j.AssertAccessibleAsync();

        await register.PasswordField.FillAsync("correct horse battery staple");
        await register.CreateButton.ClickAsync();

        // The same "check your email" for a new and a taken address; the emailed link finishes sign-up.
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Register/CheckEmail$"));
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Name = "Check your email", Level = 1 })).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await j.Page.GotoAsync(await app.LatestOutboxAsync(email, "link"));
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Name = "Finish creating your account", Level = 1 })).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();

        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        await Expect(layout.Status).ToHaveTextAsync("Welcome! Your account is ready.");
        await me.ExpectSignedInAsAsync(email);
        await Expect(layout.ContextText).ToContainTextAsync($"{Seed.WorkspaceName} / {Seed.ProjectName}");
        await Expect(layout.EnvironmentBadge).ToHaveTextAsync("test");
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task A_user_signs_in_with_an_emailed_link_that_works_only_once() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);
        var magic = new MagicLinkPage(j.Page);
        var me = new MePage(j.Page);
        var layout = new Layout(j.Page);

        await login.GotoAsync();
        await j.AssertAccessibleAsync();
        await login.MagicLinkLink.ClickAsync();
        await Expect(magic.Heading).ToBeVisibleAsync();
        await Expect(magic.EmailField).ToHaveAttributeAsync("autocomplete", "email");
        await j.AssertAccessibleAsync();

        await magic.RequestLinkAsync(Seed.Viewer);
        await Expect(layout.Status).ToHaveTextAsync("If an account exists for that address, we've sent a sign-in link.");
        await j.AssertAccessibleAsync();

        var link = await app.LatestOutboxAsync(Seed.Viewer, "link");
        Assert.StartsWith(new Uri(app.PortalAddress, "MagicLink/Continue?token=").ToString(), link, StringComparison.Ordinal);

        await j.Page.GotoAsync(link);
        await Expect(magic.ContinueHeading).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await magic.ContinueButton.ClickAsync();

        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        Assert.DoesNotContain("token", j.Page.Url, StringComparison.OrdinalIgnoreCase);
        await me.ExpectSignedInAsAsync(Seed.Viewer);
        await j.AssertAccessibleAsync();

        // The same link again, in a browser with no session: refused, with a way to get a new one.
        await j.Context.ClearCookiesAsync();
        await j.Page.GotoAsync(link);
        await Expect(magic.ContinueHeading).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await magic.ContinueButton.ClickAsync();
        await Expect(magic.UnusableHeading).ToBeVisibleAsync();
        await Expect(magic.RequestNewLink).ToBeVisibleAsync();
        Assert.DoesNotContain("token", j.Page.Url, StringComparison.OrdinalIgnoreCase);
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task A_new_phone_number_signs_in_with_a_texted_code_and_gets_an_account() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);
        var phonePage = new PhonePage(j.Page);
        var layout = new Layout(j.Page);
        var phone = "+1415" + Random.Shared.Next(2_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        await login.GotoAsync();
        await j.AssertAccessibleAsync();
        await login.PhoneCodeLink.ClickAsync();
        await Expect(phonePage.Heading).ToBeVisibleAsync();
        await Expect(phonePage.PhoneField).ToHaveAttributeAsync("autocomplete", "tel");
        await j.AssertAccessibleAsync();

        // A local number first: the format is explained with an example.
        await phonePage.PhoneField.FillAsync("415 555 0123");
        await phonePage.SendButton.ClickAsync();
        await Expect(phonePage.ErrorSummary).ToContainTextAsync("Enter the number in international format, e.g. +14155550123");
        await j.AssertAccessibleAsync();

        await phonePage.RequestCodeAsync(phone);
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Phone/Code$"));
        Assert.DoesNotContain(phone[1..], j.Page.Url, StringComparison.Ordinal);
        await Expect(layout.Status).ToHaveTextAsync("If that number can be used to sign in, we've sent a 6-digit code to it.");
        await Expect(phonePage.CodeField).ToHaveAttributeAsync("autocomplete", "one-time-code");
        await Expect(phonePage.CodeField).ToHaveAttributeAsync("inputmode", "numeric");
        await Expect(phonePage.CoolDown).ToContainTextAsync(new Regex("You can request a new code in [0-9]+ seconds?\\."));
        await Expect(phonePage.SendNewCodeButton).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();

        await phonePage.EnterCodeAsync("000000" == await app.LatestOutboxAsync(phone, "code") ? "111111" : "000000");
        await Expect(phonePage.ErrorSummary).ToContainTextAsync("That code is not valid or has expired.");
        await j.AssertAccessibleAsync();

        await phonePage.EnterCodeAsync(await app.LatestOutboxAsync(phone, "code"));
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        await Expect(new MePage(j.Page).Heading).ToBeVisibleAsync();
        await Expect(layout.ContextText).ToContainTextAsync($"{Seed.WorkspaceName} / {Seed.ProjectName}");
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task An_mfa_user_signs_in_by_magic_link_and_is_asked_for_the_authenticator_code() => Journey.RunAsync(app, output, async j =>
    {
        var magic = new MagicLinkPage(j.Page);
        var me = new MePage(j.Page);

        await magic.GotoAsync();
        await j.AssertAccessibleAsync();
        await magic.RequestLinkAsync(Seed.Mfa);
        var link = await app.LatestOutboxAsync(Seed.Mfa, "link");

        await j.Page.GotoAsync(link);
        await Expect(magic.ContinueHeading).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
        await magic.ContinueButton.ClickAsync();

        // The link is right but not enough: the second step, on its own page, with the token out of the URL.
        await Expect(j.Page).ToHaveURLAsync(new Regex("/MagicLink/Mfa$"));
        await Expect(magic.MfaHeading).ToBeVisibleAsync();
        await Expect(magic.CodeField).ToHaveAttributeAsync("autocomplete", "one-time-code");
        await Expect(magic.CodeField).ToHaveAttributeAsync("inputmode", "numeric");
        Assert.DoesNotContain("token", j.Page.Url, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await j.Context.CookiesAsync(), c => c.Name.Contains("access_token", StringComparison.Ordinal));
        await j.AssertAccessibleAsync();

        await magic.EnterCodeAsync("000000" == await app.FreshTotpAsync() ? "111111" : "000000");
        await Expect(magic.ErrorSummary).ToBeFocusedAsync();
        await Expect(magic.ErrorSummary).ToContainTextAsync("That code is not valid. Try a new one.");
        await Expect(magic.CodeField).ToHaveValueAsync(string.Empty);
        await j.AssertAccessibleAsync();

        await magic.EnterCodeAsync(await app.FreshTotpAsync());
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        await me.ExpectSignedInAsAsync(Seed.Mfa);
        await j.AssertAccessibleAsync();
    });
}
