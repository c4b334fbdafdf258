using Microsoft.Playwright;

namespace LambaPages.E2E.Pages;

/// <summary>/Admin/Members/Detail: one member, their roles as checkboxes, and the way to remove them.</summary>
public sealed class AdminMemberDetailPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Role(string name) => page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });

    public ILocator SaveRolesButton => page.GetByRole(AriaRole.Button, new() { Name = "Save roles", Exact = true });

    /// <summary>Ticks exactly these roles (by their names, e.g. "Support") and saves.</summary>
    public async Task SetRolesAsync(params string[] names)
    {
        foreach (var checkbox in await page.GetByRole(AriaRole.Checkbox).AllAsync())
        {
            var id = await checkbox.GetAttributeAsync("id");
            var label = await page.Locator($"label[for='{id}']").InnerTextAsync();
            await checkbox.SetCheckedAsync(names.Contains(label.Trim()));
        }

        await SaveRolesButton.ClickAsync();
    }
}
