using Microsoft.Playwright;

namespace LambaPages.E2E.Pages;

/// <summary>What every page shares: the current context, the environment badge, Sign out, the status message.</summary>
public sealed class Layout(IPage page)
{
    public ILocator SignOutButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true });

    /// <summary>The <c>role="status"</c> message (TempData "StatusMessage").</summary>
    public ILocator Status => page.GetByRole(AriaRole.Status);

    /// <summary>"Acme / Storefront" plus the environment badge, in the page header.</summary>
    public ILocator ContextText => page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Paragraph).Filter(new() { HasText = "Current context:" });

    /// <summary>The environment badge ("test" / "prod") inside the current context.</summary>
    public ILocator EnvironmentBadge => ContextText.GetByText(new System.Text.RegularExpressions.Regex("^(test|prod)$"));

    /// <summary>The compact context switcher in the header: a link to /SwitchContext that comes back here.</summary>
    public ILocator ChangeContextLink => page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Change context", Exact = true });

    public async Task SignOutAsync() => await SignOutButton.ClickAsync();
}
