using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>The emulator's hosted sign-in page (/connect/authorize), reached through "Continue with Lamba".</summary>
public sealed class HostedSignInPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Exact = true, Level = 1 });

    public ILocator LoginField => page.GetByLabel("Email or username", new() { Exact = true });

    public ILocator PasswordField => page.GetByLabel("Password", new() { Exact = true });

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    public ILocator MfaHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Two-step verification", Exact = true, Level = 1 });

    public ILocator CodeField => page.GetByLabel("Authenticator or recovery code", new() { Exact = true });

    public ILocator ContinueButton => page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true });

    public ILocator ErrorSummary => page.Locator(".error-summary[role=alert]");

    /// <summary>The "Continue with Lamba" button on the portal's own login page.</summary>
    public static ILocator ContinueWithLamba(IPage portalPage) => portalPage.GetByRole(AriaRole.Button, new() { Name = "Continue with Lamba", Exact = true });

    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connect/authorize"));
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
        await ContinueButton.ClickAsync();
    }
}
