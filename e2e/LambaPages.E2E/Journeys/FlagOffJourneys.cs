using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>A sign-in method whose flag is off is gone: no link on the login page, and its page is not found.</summary>
[Collection(MagicLinkOffCollectionDefinition.Name)]
public sealed class FlagOffJourneys(MagicLinkOffAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public Task Turning_magic_links_off_removes_them_from_the_login_page() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);

        await login.GotoAsync();
        await Expect(login.MagicLinkLink).ToHaveCountAsync(0);
        await Expect(login.PhoneCodeLink).ToBeVisibleAsync();
        await Expect(login.CreateAccountLink).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();

        var response = await j.Page.GotoAsync("/MagicLink");
        Assert.Equal(404, response?.Status);
        await Expect(j.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Page not found", Level = 1 })).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();
    });
}
