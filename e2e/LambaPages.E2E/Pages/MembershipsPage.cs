using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Me/Memberships: where the user can work, with a switch button per place, and linked identities.</summary>
public sealed class MembershipsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Memberships", Exact = true, Level = 1 });

    public ILocator Rows => page.GetByRole(AriaRole.Table).Locator("tbody tr");

    public ILocator SwitchButton(string projectName, string environment) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Switch to {projectName} ({environment})", Exact = true });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Me/Memberships");
        await Expect(Heading).ToBeVisibleAsync();
    }
}
