using System.Text.RegularExpressions;
using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>Moving between Workspaces, Projects and environments, and seeing where you are.</summary>
[Collection(PortalCollectionDefinition.Name)]
public sealed class SwitchContextJourneys(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public Task The_owner_moves_from_storefront_test_to_prod_to_back_office_and_the_account_page_follows() => Journey.RunAsync(app, output, async j =>
    {
        var login = new LoginPage(j.Page);
        var me = new MePage(j.Page);
        var layout = new Layout(j.Page);
        var switcher = new SwitchContextPage(j.Page);

        await login.GotoAsync();
        await j.AssertAccessibleAsync();
        await login.SignInAsync(Seed.Owner, Seed.Password);
        await login.ExpectSignedInAsync();
        await me.GotoAsync();
        await Expect(layout.ContextText).ToContainTextAsync("Acme / Storefront");
        await Expect(layout.EnvironmentBadge).ToHaveTextAsync("test");
        await j.AssertAccessibleAsync();

        await layout.ChangeContextLink.ClickAsync();
        await Expect(switcher.Heading).ToBeVisibleAsync();
        await Expect(switcher.Row("Acme / Storefront", "test")).ToContainTextAsync("Current");
        await Expect(switcher.SwitchButton("Acme / Storefront", "test")).ToHaveCountAsync(0);
        await Expect(switcher.SwitchButton("Acme / Back Office", "test")).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();

        await switcher.SwitchToAsync("Acme / Storefront", "prod");
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        await Expect(layout.Status).ToHaveTextAsync("Switched to Acme / Storefront (prod).");
        await Expect(layout.EnvironmentBadge).ToHaveTextAsync("prod");
        await Expect(me.Main).ToContainTextAsync("prj_storefront");
        // prod must look different from test, not only read differently.
        var prodColour = await layout.EnvironmentBadge.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        await j.AssertAccessibleAsync();

        await layout.ChangeContextLink.ClickAsync();
        await Expect(switcher.Row("Acme / Storefront", "prod")).ToContainTextAsync("Current");
        await j.AssertAccessibleAsync();
        await switcher.SwitchToAsync("Acme / Back Office", "test");
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        await Expect(layout.Status).ToHaveTextAsync("Switched to Acme / Back Office (test).");
        await Expect(layout.ContextText).ToContainTextAsync("Acme / Back Office");
        await Expect(layout.EnvironmentBadge).ToHaveTextAsync("test");
        await Expect(me.Main).ToContainTextAsync("prj_backoffice");
        var testColour = await layout.EnvironmentBadge.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual(prodColour, testColour);
        await j.AssertAccessibleAsync();
    });
}
