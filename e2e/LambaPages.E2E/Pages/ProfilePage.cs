using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Me/Profile: display name, username, phone, language and time zone.</summary>
public sealed class ProfilePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Profile", Exact = true, Level = 1 });

    public ILocator DisplayName => page.GetByLabel("Display name", new() { Exact = true });

    public ILocator Username => page.GetByLabel("Username", new() { Exact = true });

    public ILocator Phone => page.GetByLabel("Phone", new() { Exact = true });

    public ILocator Language => page.GetByLabel("Language", new() { Exact = true });

    public ILocator TimeZone => page.GetByLabel("Time zone", new() { Exact = true });

    public ILocator SaveButton => page.GetByRole(AriaRole.Button, new() { Name = "Save profile", Exact = true });

    public ILocator ErrorSummary => page.Locator("#error-summary[role=alert]");

    /// <summary>The account area's own navigation (Overview, Profile, ... with aria-current on the active link).</summary>
    public ILocator AccountNav => page.GetByRole(AriaRole.Navigation, new() { Name = "Account" });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Me/Profile");
        await Expect(Heading).ToBeVisibleAsync();
    }
}
