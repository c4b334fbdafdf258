using Microsoft.Playwright;

namespace LambaPages.E2E.Pages;

/// <summary>The admin links in the header: the "Admin" entry and the admin navigation (only the pages the user may open).</summary>
public sealed class AdminNav(IPage page)
{
    public ILocator AdminLink => page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true });

    public ILocator Navigation => page.GetByRole(AriaRole.Navigation, new() { Name = "Admin", Exact = true });

    public ILocator Link(string text) => Navigation.GetByRole(AriaRole.Link, new() { Name = text, Exact = true });
}
