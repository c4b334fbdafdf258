using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Admin/Audit: who did what, when, with a filter by actor and action.</summary>
public sealed class AdminAuditPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Exact = true, Level = 1 });

    public ILocator ActorField => page.GetByLabel("Actor", new() { Exact = true });

    public ILocator ActionField => page.GetByLabel("Action", new() { Exact = true });

    public ILocator Table => page.GetByRole(AriaRole.Table);

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Admin/Audit");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task FilterAsync(string? actor = null, string? action = null)
    {
        await ActorField.FillAsync(actor ?? "");
        await ActionField.FillAsync(action ?? "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
    }
}
