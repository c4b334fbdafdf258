using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Login: the password step; /Login/Mfa: the two-step verification step it redirects to.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Exact = true, Level = 1 });

    public ILocator LoginField => page.GetByLabel("Email or username", new() { Exact = true });

    public ILocator PasswordField => page.GetByLabel("Password", new() { Exact = true });

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    /// <summary>The validation summary: role alert, focused on load (its id is part of the UI contract).</summary>
    public ILocator ErrorSummary => page.Locator("#error-summary[role=alert]");

    /// <summary>Rendered only while the Registration feature is on.</summary>
    public ILocator CreateAccountLink => page.GetByRole(AriaRole.Link, new() { Name = "Create an account", Exact = true });

    public ILocator MfaHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Two-step verification", Exact = true, Level = 1 });

    public ILocator CodeField => page.GetByLabel("Authentication code", new() { Exact = true });

    public ILocator VerifyButton => page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true });

    public ILocator MagicLinkLink => page.GetByRole(AriaRole.Link, new() { Name = "Email me a sign-in link", Exact = true });

    public ILocator PhoneCodeLink => page.GetByRole(AriaRole.Link, new() { Name = "Sign in with a phone code", Exact = true });

    public async Task GotoAsync(string? returnUrl = null)
    {
        await page.GotoAsync(returnUrl is null ? "/Login" : $"/Login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task SignInAsync(string login, string password)
    {
        await LoginField.FillAsync(login);
        await PasswordField.FillAsync(password);
        await SignInButton.ClickAsync();
    }

    public async Task EnterCodeAsync(string code)
    {
        await Expect(MfaHeading).ToBeVisibleAsync();
        await CodeField.FillAsync(code);
        await VerifyButton.ClickAsync();
    }

    /// <summary>Waits until the browser has left /Login and /Login/Mfa (a successful sign-in redirects).</summary>
    public async Task ExpectSignedInAsync() =>
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Login(/Mfa)?(\\?|$)", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
}
