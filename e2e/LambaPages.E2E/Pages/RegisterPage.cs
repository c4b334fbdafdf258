using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Register: create an account.</summary>
public sealed class RegisterPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Create an account", Exact = true, Level = 1 });

    public ILocator EmailField => page.GetByLabel("Email", new() { Exact = true });

    public ILocator PasswordField => page.GetByLabel("Password", new() { Exact = true });

    public ILocator DisplayNameField => page.GetByLabel("Display name (optional)", new() { Exact = true });

    public ILocator UsernameField => page.GetByLabel("Username (optional)", new() { Exact = true });

    public ILocator CreateButton => page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true });

    public ILocator ErrorSummary => page.Locator("#error-summary[role=alert]");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Register");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task RegisterAsync(string email, string password, string? displayName = null, string? username = null)
    {
        await EmailField.FillAsync(email);
        await PasswordField.FillAsync(password);
        if (displayName is not null)
        {
            await DisplayNameField.FillAsync(displayName);
        }

        if (username is not null)
        {
            await UsernameField.FillAsync(username);
        }

        await CreateButton.ClickAsync();
    }
}
