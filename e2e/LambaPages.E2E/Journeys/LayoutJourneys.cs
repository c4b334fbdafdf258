using System.Text.Json;
using System.Text.RegularExpressions;
using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>
/// Every page at a phone's 360 px and a laptop's 1280 px, in English (left to right) and Arabic (right to left): the
/// document never scrolls sideways, axe finds no WCAG 2.2 AA violation, and a screenshot of each is kept in
/// <c>e2e-artifacts/layout/{width}-{dir}/</c> for reviewers. Then a German journey: the profile's language and time
/// zone change what the portal says and how it dates things.
/// </summary>
[Collection(PortalCollectionDefinition.Name)]
public sealed partial class LayoutJourneys(AppFixture app, ITestOutputHelper output)
{
    /// <summary>What an anonymous visitor can open (the error page stands for every unknown address).</summary>
    private static readonly string[] AnonymousPages =
    [
        "/Login", "/Register", "/Register/CheckEmail", "/Register/Verify?token=not-a-token", "/MagicLink",
        "/MagicLink/Continue?token=not-a-token", "/Phone", "/no-such-page",
    ];

    /// <summary>What the owner (every admin permission) can open; {member} is another member's user id.</summary>
    private static readonly string[] SignedInPages =
    [
        "/Me", "/Me/Profile", "/Me/Email", "/Me/Security", "/Me/Security/Totp", "/Me/Sessions", "/Me/Memberships",
        "/SwitchContext", "/Logout", "/Admin", "/Admin/Members", "/Admin/Members?search=nobody-matches-this",
        "/Admin/Members/Detail?userId={member}", "/Admin/Members/Remove?userId={member}", "/Admin/Invitations",
        "/Admin/Roles", "/Admin/Sessions", "/Admin/Sessions?userId={member}", "/Admin/Audit",
        "/Admin/Audit?actor=nobody-did-this",
    ];

    [Theory]
    [InlineData(360, "en")]
    [InlineData(360, "ar")]
    [InlineData(1280, "en")]
    [InlineData(1280, "ar")]
    public Task Every_page_fits_the_screen_and_passes_axe(int width, string language) => Journey.RunAsync(app, output, async j =>
    {
        var dir = language == "ar" ? "rtl" : "ltr";
        var shots = Path.Combine(PlaywrightSettings.Current.ArtifactsPath, "layout", $"{width}-{dir}");
        Directory.CreateDirectory(shots);
        await j.Page.SetViewportSizeAsync(width, 800);
        var checkedPages = new List<string>();

        // Before sign-in the footer's switcher keeps the language in a cookie.
        await j.GotoAsync("/Login");
        await ChooseLanguageAsync(j, language);
        foreach (var path in AnonymousPages)
        {
            checkedPages.Add(await CheckAsync(j, path, path, dir, shots));
        }

        // Signed in, the same switcher saves it in the profile.
        await SignInAsync(j);
        await ChooseLanguageAsync(j, language);
        var member = await OtherMemberIdAsync(j);
        foreach (var path in SignedInPages)
        {
            checkedPages.Add(await CheckAsync(j, path.Replace("{member}", member, StringComparison.Ordinal), path, dir, shots));
        }

        // Lamba unreachable: the error page says so (and fits the screen too).
        await app.PostJsonToEmulatorAsync("_emulator/faults", new { route = "GET /v1/me/context", status = 503, count = 20 });
        checkedPages.Add(await CheckAsync(j, "/Me", "/Me (Lamba unreachable)", dir, shots));
        (await app.EmulatorClient.DeleteAsync(new Uri("_emulator/faults", UriKind.Relative))).EnsureSuccessStatusCode();

        output.WriteLine($"{checkedPages.Count} pages checked at {width} px, {dir}; screenshots in {shots}:");
        foreach (var shot in checkedPages)
        {
            output.WriteLine("  " + shot);
        }

        Assert.Equal(AnonymousPages.Length + SignedInPages.Length + 1, checkedPages.Count);
    });

    [Fact]
    public Task A_german_user_edits_the_profile_and_sees_german_dates_in_their_time_zone() => Journey.RunAsync(app, output, async j =>
    {
        var profile = new ProfilePage(j.Page);
        await SignInAsync(j);

        await profile.GotoAsync();
        await j.AssertAccessibleAsync();
        await profile.Language.FillAsync("de");
        await profile.TimeZone.SelectOptionAsync("Europe/Berlin");
        await profile.SaveButton.ClickAsync();

        // The next page already speaks the new language.
        await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(new Layout(j.Page).Status).ToHaveTextAsync("Profil gespeichert.");
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Name = "Profil", Exact = true, Level = 1 })).ToBeVisibleAsync();
        await Expect(j.Page.GetByLabel("Sprache", new() { Exact = true })).ToHaveValueAsync("de");
        await j.AssertAccessibleAsync();

        await j.GotoAsync("/Me/Sessions");
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Name = "Sitzungen", Exact = true, Level = 1 })).ToBeVisibleAsync();
        var signedIn = j.Page.Locator(".session time").First;
        await Expect(signedIn).ToHaveTextAsync(GermanRelative());
        await Expect(signedIn).ToHaveAttributeAsync("title", GermanExactInBerlin());
        await Expect(signedIn).ToHaveAttributeAsync("datetime", new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
        await j.AssertAccessibleAsync();

        await j.GotoAsync("/Admin/Audit");
        await Expect(j.Page.GetByRole(AriaRole.Heading, new() { Name = "Prüfprotokoll", Exact = true, Level = 1 })).ToBeVisibleAsync();
        var when = j.Page.GetByRole(AriaRole.Table).Locator("time").First;
        await Expect(when).ToHaveTextAsync(GermanRelative());
        await Expect(when).ToHaveAttributeAsync("title", GermanExactInBerlin());
        await j.AssertAccessibleAsync();
    });

    /// <summary>Loads a page, then fails on sideways scrolling or a WCAG 2.2 AA finding; returns the screenshot's path.</summary>
    private static async Task<string> CheckAsync(Journey j, string path, string name, string dir, string shots)
    {
        await j.GotoAsync(path);
        await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("dir", dir);
        var overflow = await j.Page.EvaluateAsync<JsonElement>(
            """
            () => {
              const root = document.documentElement;
              const wide = [...document.querySelectorAll('body *')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > root.clientWidth + 1 || r.left < -1); })
                .filter(e => !e.closest('.table-scroll') && !e.closest('.visually-hidden') && !e.classList.contains('skip-link'))
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
              return { scroll: root.scrollWidth, client: root.clientWidth, wide };
            }
            """);
        var scroll = overflow.GetProperty("scroll").GetInt32();
        var client = overflow.GetProperty("client").GetInt32();
        Assert.True(scroll <= client, $"{name} scrolls sideways at {client} px ({dir}): the document is {scroll} px wide. Widest: {overflow.GetProperty("wide")}");
        await j.AssertWcag22AaAsync();

        var file = Path.Combine(shots, FileName().Replace(name.Trim('/'), "-").Trim('-') + ".png");
        await j.Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        return file;
    }

    private static async Task ChooseLanguageAsync(Journey j, string language)
    {
        await j.Page.Locator("#language").SelectOptionAsync(language);
        await j.Page.Locator(".language-switcher button[type=submit]").ClickAsync();
        await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await j.AssertWcag22AaAsync();
    }

    /// <summary>By field ids, not labels: the login page may already speak Arabic.</summary>
    private static async Task SignInAsync(Journey j)
    {
        await j.GotoAsync("/Login");
        await j.AssertAccessibleAsync();
        await j.Page.Locator("#Input_Login").FillAsync(Seed.Owner);
        await j.Page.Locator("#Input_Password").FillAsync(Seed.Password);
        await j.Page.Locator("main form button[type=submit]").First.ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        await j.AssertAccessibleAsync();
    }

    private static async Task<string> OtherMemberIdAsync(Journey j)
    {
        await j.GotoAsync("/Admin/Members?search=" + Uri.EscapeDataString(Seed.Viewer));
        var href = await j.Page.Locator("a[href*='/Admin/Members/Detail']").First.GetAttributeAsync("href");
        await j.AssertAccessibleAsync();
        return Regex.Match(href ?? "", "userId=([^&]+)").Groups[1].Value;
    }

    private static Regex GermanRelative() => new(@"^(gerade eben|vor \d+ (Minute|Minuten|Stunde|Stunden|Tag|Tagen))$");

    private static Regex GermanExactInBerlin() => new(@"^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+\.? \d{4}, \d\d:\d\d Europe/Berlin$");

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex FileName();
}
