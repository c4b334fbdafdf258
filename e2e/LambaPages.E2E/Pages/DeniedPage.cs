using Microsoft.Playwright;

namespace LambaPages.E2E.Pages;

/// <summary>The 403 page: names the missing permission and the current Project, with a way to switch.</summary>
public sealed class DeniedPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Access denied", Exact = true, Level = 1 });

    public ILocator Reason => page.Locator("#denied-reason");

    public ILocator SwitchLink => page.GetByRole(AriaRole.Link, new() { Name = "switch to another Project", Exact = true });
}
