using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Me/Sessions: one list item per session, "This device" on the current one.</summary>
public sealed class SessionsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sessions", Exact = true, Level = 1 });

    public ILocator Sessions => page.Locator("li.session");

    public ILocator ThisDevice => Sessions.Filter(new() { Has = page.GetByText("This device", new() { Exact = true }) });

    public ILocator Others => Sessions.Filter(new() { HasNot = page.GetByText("This device", new() { Exact = true }) });

    public ILocator SignOutAllOthersButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign out all other sessions", Exact = true });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Me/Sessions");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public static ILocator SignOutButtonOf(ILocator session) => session.GetByRole(AriaRole.Button);
}
