using System.Text.RegularExpressions;
using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>The emulator's development UI in a real browser, as a developer uses it beside the portal.</summary>
[Collection(PortalCollectionDefinition.Name)]
public sealed class EmulatorUiJourneys(AppFixture app, ITestOutputHelper output)
{
    private static readonly (string Path, string Heading)[] UiPages =
    [
        ("", "Users"), ("ui/users/usr_viewer", "viewer@acme.test"), ("ui/outbox", "Outbox"), ("ui/faults", "Faults and clock"), ("ui/audit", "Audit log"),
        ("ui/webhooks", "Webhooks"),
    ];

    [Fact]
    public Task A_developer_finds_the_magic_link_in_the_emulator_outbox_and_signs_in_with_it() => Journey.RunAsync(app, output, async j =>
    {
        var magic = new MagicLinkPage(j.Page);
        var me = new MePage(j.Page);
        await magic.GotoAsync();
        await j.AssertAccessibleAsync();
        await magic.RequestLinkAsync(Seed.Viewer);
        await Expect(new Layout(j.Page).Status).ToBeVisibleAsync();
        await j.AssertAccessibleAsync();

        await j.Page.GotoAsync(EmulatorUrl("ui/outbox"));
        await j.Page.GetByLabel("Recipient (email or phone)", new() { Exact = true }).FillAsync(Seed.Viewer);
        await j.Page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        var message = j.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "magic-link" });
        await Expect(message).ToHaveCountAsync(1);
        await j.AssertAccessibleAsync();
        await message.GetByRole(AriaRole.Link, new() { Name = "Open the link", Exact = true }).ClickAsync();

        await Expect(magic.ContinueHeading).ToBeVisibleAsync();
        Assert.StartsWith(app.PortalAddress.ToString(), j.Page.Url, StringComparison.Ordinal);
        await j.AssertAccessibleAsync();
        await magic.ContinueButton.ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        await me.ExpectSignedInAsAsync(Seed.Viewer);
        await j.AssertAccessibleAsync();
    });

    [Fact]
    public Task Every_emulator_ui_page_is_accessible_and_the_clock_moves_from_the_keyboard() => Journey.RunAsync(app, output, async j =>
    {
        foreach (var (path, heading) in UiPages)
        {
            await j.Page.GotoAsync(EmulatorUrl(path));
            await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 })).ToBeVisibleAsync();
            await j.AssertAccessibleAsync();
        }

        await j.Page.GotoAsync(EmulatorUrl("ui/faults"));
        await j.Page.GetByLabel("Move forward by (seconds)", new() { Exact = true }).FillAsync("5");
        await j.Page.Keyboard.PressAsync("Enter");

        await Expect(j.Page.Locator("#status[role=status]")).ToHaveTextAsync("The clock moved forward 5 seconds.");
        await j.AssertAccessibleAsync();
    });

    private string EmulatorUrl(string path) => new Uri(app.Emulator.BaseAddress, path).ToString();
}
