using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/SwitchContext: every Workspace / Project / environment the user can enter.</summary>
public sealed class SwitchContextPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Switch context", Exact = true, Level = 1 });

    /// <summary>The row of one choice, e.g. "Acme / Storefront" in "prod".</summary>
    public ILocator Row(string workspaceAndProject, string environment) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = workspaceAndProject, Exact = true }) })
            .Filter(new() { Has = page.Locator($".badge-{environment}") });

    public ILocator SwitchButton(string workspaceAndProject, string environment) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Switch to {workspaceAndProject} ({environment})", Exact = true });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/SwitchContext");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task SwitchToAsync(string workspaceAndProject, string environment) =>
        await SwitchButton(workspaceAndProject, environment).ClickAsync();
}
