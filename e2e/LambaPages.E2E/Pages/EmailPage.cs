using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Me/Email and its second step /Me/Email/Verify.</summary>
public sealed class EmailPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Change email", Exact = true, Level = 1 });

    public ILocator NewEmail => page.GetByLabel("New email address", new() { Exact = true });

    public ILocator CurrentPassword => page.GetByLabel("Current password", new() { Exact = true });

    public ILocator SendCodeButton => page.GetByRole(AriaRole.Button, new() { Name = "Send verification code", Exact = true });

    public ILocator VerifyHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Verify your new email", Exact = true, Level = 1 });

    public ILocator Code => page.GetByLabel("Verification code", new() { Exact = true });

    public ILocator VerifyButton => page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true });

    public ILocator ErrorSummary => page.Locator("#error-summary[role=alert]");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Me/Email");
        await Expect(Heading).ToBeVisibleAsync();
    }
}
