using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Me: who is signed in and in which Workspace / Project / environment.</summary>
public sealed class MePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Your account", Exact = true, Level = 1 });

    public ILocator Main => page.GetByRole(AriaRole.Main);

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Me");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task ExpectSignedInAsAsync(string email) =>
        await Expect(Main).ToContainTextAsync($"Signed in as {email}");
}
