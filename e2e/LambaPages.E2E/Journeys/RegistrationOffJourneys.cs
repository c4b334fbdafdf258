using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>A switched-off feature leaves no link behind (its own fixture: flags are read per app).</summary>
[Collection(RegistrationOffCollectionDefinition.Name)]
public sealed class RegistrationOffJourneys(RegistrationOffAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public Task With_registration_off_the_sign_in_page_offers_no_account_creation() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);

        await login.GotoAsync();
        await Expect(login.SignInButton).ToBeVisibleAsync();
        await Expect(login.CreateAccountLink).ToHaveCountAsync(0);
        await j.AssertAccessibleAsync();
    });
}
