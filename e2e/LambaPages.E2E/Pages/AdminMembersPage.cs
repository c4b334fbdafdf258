using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Admin/Members: the Project's members, a search form and cursor paging.</summary>
public sealed class AdminMembersPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Members", Exact = true, Level = 1 });

    public ILocator SearchField => page.GetByLabel("Search members", new() { Exact = true });

    public ILocator Table => page.GetByRole(AriaRole.Table);

    /// <summary>The table row of the member with this email.</summary>
    public ILocator Row(string email) => Table.GetByRole(AriaRole.Row).Filter(new() { HasText = email });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Admin/Members");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task SearchAsync(string text)
    {
        await SearchField.FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
    }

    /// <summary>Opens the member's detail page from their row.</summary>
    public async Task OpenAsync(string email) => await Row(email).GetByRole(AriaRole.Link).First.ClickAsync();
}
