using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Pages;

/// <summary>/Admin/Invitations: invite by email with roles and an expiry; the pending invitations.</summary>
public sealed class AdminInvitationsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Invitations", Exact = true, Level = 1 });

    public ILocator EmailField => page.GetByLabel("Email address", new() { Exact = true });

    public ILocator ExpiryField => page.GetByLabel("Expires after (days)", new() { Exact = true });

    public ILocator Role(string name) => page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true });

    public ILocator SendButton => page.GetByRole(AriaRole.Button, new() { Name = "Send invitation", Exact = true });

    public ILocator Pending => page.GetByRole(AriaRole.Table);

    public async Task GotoAsync()
    {
        await page.GotoAsync("/Admin/Invitations");
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task InviteAsync(string email, params string[] roles)
    {
        await EmailField.FillAsync(email);
        foreach (var role in roles)
        {
            await Role(role).CheckAsync();
        }

        await SendButton.ClickAsync();
    }
}
