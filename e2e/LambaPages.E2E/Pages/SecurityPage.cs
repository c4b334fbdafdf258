using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Me/Security: the password change and the way into two-step verification.</summary>
public sealed class SecurityPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Password and security", Exact = true, Level = 1 });

    public ILocator CurrentPassword => page.GetByLabel("Current password", new() { Exact = true });

    public ILocator NewPassword => page.GetByLabel("New password", new() { Exact = true });

    public ILocator ConfirmNewPassword => page.GetByLabel("Confirm new password", new() { Exact = true });

    public ILocator ChangePasswordButton => page.GetByRole(AriaRole.Button, new() { Name = "Change password", Exact = true });

    public ILocator SetUpAuthenticatorButton => page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app", Exact = true });

    public ILocator TurnOffLink => page.GetByRole(AriaRole.Link, new() { Name = "Turn off two-step verification", Exact = true });

    public ILocator Summary => page.GetByRole(AriaRole.Main).Locator("dl.summary");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Me/Security");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task ChangePasswordAsync(string current, string next)
    {
        await CurrentPassword.FillAsync(current);
        await NewPassword.FillAsync(next);
        await ConfirmNewPassword.FillAsync(next);
        await ChangePasswordButton.ClickAsync();
    }
}
