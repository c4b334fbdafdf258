using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/MagicLink (ask for a link), /MagicLink/Continue (the page the link opens) and /MagicLink/Mfa.</summary>
public sealed class MagicLinkPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in with an email link", Exact = true, Level = 1 });

    public ILocator EmailField => page.GetByLabel("Email", new() { Exact = true });

    public ILocator SendButton => page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link", Exact = true });

    public ILocator ContinueHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Continue signing in", Exact = true, Level = 1 });

    public ILocator ContinueButton => page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true });

    public ILocator UnusableHeading => page.GetByRole(AriaRole.Heading, new() { Name = "This sign-in link cannot be used", Exact = true, Level = 1 });

    public ILocator RequestNewLink => page.GetByRole(AriaRole.Link, new() { Name = "Request a new sign-in link", Exact = true });

    /// <summary>The shared second step, on /MagicLink/Mfa when the account has MFA.</summary>
    public ILocator MfaHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Two-step verification", Exact = true, Level = 1 });

    public ILocator CodeField => page.GetByLabel("Authentication code", new() { Exact = true });

    public ILocator VerifyButton => page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true });

    public ILocator ErrorSummary => page.Locator("#error-summary[role=alert]");

    public async Task EnterCodeAsync(string code)
    {
        await Expect(MfaHeading).ToBeVisibleAsync();
        await CodeField.FillAsync(code);
        await VerifyButton.ClickAsync();
    }

    public async Task GotoAsync()
    {
        await page.GotoAsync("/MagicLink");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task RequestLinkAsync(string email)
    {
        await EmailField.FillAsync(email);
        await SendButton.ClickAsync();
    }
}
