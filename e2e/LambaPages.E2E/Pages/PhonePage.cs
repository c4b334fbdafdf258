using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Phone: the number, then /Phone/Code: the texted code.</summary>
public sealed class PhonePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in with a phone code", Exact = true, Level = 1 });

    public ILocator PhoneField => page.GetByLabel("Phone number", new() { Exact = true });

    public ILocator SendButton => page.GetByRole(AriaRole.Button, new() { Name = "Text me a code", Exact = true });

    public ILocator CodeHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Enter your code", Exact = true, Level = 1 });

    public ILocator CodeField => page.GetByLabel("Code", new() { Exact = true });

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    public ILocator SendNewCodeButton => page.GetByRole(AriaRole.Button, new() { Name = "Send a new code", Exact = true });

    public ILocator CoolDown => page.Locator("#resend-wait");

    public ILocator ErrorSummary => page.Locator("#error-summary[role=alert]");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Phone");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task RequestCodeAsync(string phone)
    {
        await PhoneField.FillAsync(phone);
        await SendButton.ClickAsync();
        await Expect(CodeHeading).ToBeVisibleAsync();
    }

    public async Task EnterCodeAsync(string code)
    {
        await CodeField.FillAsync(code);
        await SignInButton.ClickAsync();
    }
}
