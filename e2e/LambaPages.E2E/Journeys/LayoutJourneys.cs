using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambaPages.E2E.Infrastructure;
using LambaPages.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LambaPages.E2E.Journeys;

/// <summary>
/// Every page at a phone's 360 px and a laptop's 1280 px (one visit, both viewports), in English (left to right) and
/// Arabic (right to left): the document never scrolls sideways and axe finds no WCAG 2.2 AA violation. A full-page
/// screenshot of each goes to <c>e2e-artifacts/layout/{width}-{dir}/</c> for reviewers when <c>layoutScreenshots</c>
/// asks for them (taking them all was about a fifth of the sweep), and of any page that fails a check, always. Then a
/// German journey: the profile's language and time zone change what the portal says and how it dates things.
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

    /// <summary>
    /// Pages only a step of a journey reaches, in the order <see cref="CheckStepPagesAsync"/> walks them: the recovery
    /// codes shown once, the new-email code, a refusal rendered in place, turning two-step verification off, and the
    /// second step of each sign-in route.
    /// </summary>
    private static readonly string[] StepPages =
    [
        "/Me/Security/Totp (QR code)", "/Me/Security/Totp/RecoveryCodes", "/Me/Email/Verify", "/Admin/Roles (denied)", "/Me/Security/Totp/Disable",
        "/Login/Mfa", "/MagicLink/Mfa", "/Phone/Code", "/Phone/Mfa",
    ];

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public Task Every_page_fits_the_screen_and_passes_axe(string language) => Journey.RunAsync(app, output, async j =>
    {
        var sweep = new Sweep(language == "ar" ? "rtl" : "ltr");
        sweep.DeleteOldScreenshots();
        var checkedPages = new List<string>();

        // Before sign-in the footer's switcher keeps the language in a cookie.
        await j.GotoAsync("/Login");
        await ChooseLanguageAsync(j, language);
        foreach (var path in AnonymousPages)
        {
            checkedPages.Add(await CheckAsync(j, path, path, sweep));
        }

        // Signed in, the same switcher saves it in the profile.
        await SignInAsync(j);
        await ChooseLanguageAsync(j, language);
        var member = await OtherMemberIdAsync(j);
        foreach (var path in SignedInPages)
        {
            checkedPages.Add(await CheckAsync(j, path.Replace("{member}", member, StringComparison.Ordinal), path, sweep));
        }

        // Lamba unreachable: the error page says so (and fits the screen too).
        await app.PostJsonToEmulatorAsync("_emulator/faults", new { route = "GET /v1/me/context", status = 503, count = 20 });
        checkedPages.Add(await CheckAsync(j, "/Me", "/Me (Lamba unreachable)", sweep));
        (await app.EmulatorClient.DeleteAsync(new Uri("_emulator/faults", UriKind.Relative))).EnsureSuccessStatusCode();

        // Then the pages only a step of a journey reaches (this walk ends signed out).
        checkedPages.AddRange(await CheckStepPagesAsync(j, language, sweep));

        var screenshots = PlaywrightSettings.Current.LayoutScreenshots ? $"screenshots in {sweep.Folders}" : "no screenshots (layoutScreenshots is off)";
        output.WriteLine($"{checkedPages.Count} pages checked at {string.Join(" and ", Sweep.Widths)} px, {sweep.Dir}; {screenshots}:");
        foreach (var page in checkedPages)
        {
            output.WriteLine("  " + page);
        }

        Assert.Equal(AnonymousPages.Length + SignedInPages.Length + StepPages.Length + 1, checkedPages.Count);
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

    /// <summary>
    /// Walks to each of <see cref="StepPages"/> as a user would (starting signed in as the owner, ending signed out)
    /// and checks it where it stands. Only the password route's code is submitted, so each TOTP code is used once.
    /// </summary>
    private async Task<List<string>> CheckStepPagesAsync(Journey j, string language, Sweep sweep)
    {
        var checkedPages = new List<string>();
        async Task CheckHereAsync(string expectedPath, string name)
        {
            await Expect(j.Page).ToHaveURLAsync(new Regex(Regex.Escape(expectedPath) + "$"));
            checkedPages.Add(await CheckLoadedAsync(j, name, sweep));
        }

        // The owner turns on an authenticator: the QR code, then the recovery codes page, shown once.
        await j.GotoAsync("/Me/Security/Totp");
        await j.Page.Locator("main form[action*='handler=Start'] button").ClickAsync();
        await Expect(j.Page.Locator("#totp-secret")).ToBeVisibleAsync();
        checkedPages.Add(await CheckLoadedAsync(j, Step("/Me/Security/Totp (QR code)"), sweep));
        var secret = (await j.Page.Locator("#totp-secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await j.Page.Locator("#Input_Code").FillAsync(await app.FreshTotpAsync(secret));
        await j.Page.Locator("#Input_Code").PressAsync("Enter");
        await CheckHereAsync("/Me/Security/Totp/RecoveryCodes", Step("/Me/Security/Totp/RecoveryCodes"));
        checkedPages.Add(await CheckAsync(j, "/Me/Email/Verify", Step("/Me/Email/Verify"), sweep));
        await SignOutAsync(j, language);

        // The MFA user (a viewer): the password route's second step, then a refused admin page and the off switch.
        await SignInAsync(j, Seed.Mfa, expectedPath: "/Login/Mfa");
        await CheckHereAsync("/Login/Mfa", Step("/Login/Mfa"));
        await j.Page.Locator("#Input_MfaCode").FillAsync(await app.FreshTotpAsync());
        await j.Page.Locator("#Input_MfaCode").PressAsync("Enter");
        await Expect(j.Page).ToHaveURLAsync(new Regex("/Me$"));
        await ChooseLanguageAsync(j, language);
        var refused = await j.GotoAsync("/Admin/Roles");
        Assert.Equal(403, refused?.Status);
        checkedPages.Add(await CheckLoadedAsync(j, Step("/Admin/Roles (denied)"), sweep));
        checkedPages.Add(await CheckAsync(j, "/Me/Security/Totp/Disable", Step("/Me/Security/Totp/Disable"), sweep));

        // A phone on the profile, for the phone route below.
        var phone = "+1415" + Random.Shared.Next(2_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await j.GotoAsync("/Me/Profile");
        await j.Page.Locator("#Input_Phone").FillAsync(phone);
        await j.Page.Locator("#Input_Phone").PressAsync("Enter");
        await Expect(j.Page.Locator("[role=status]:not(.status-empty)")).ToBeVisibleAsync();
        await SignOutAsync(j, language);

        // The magic link's second step.
        await j.GotoAsync("/MagicLink");
        await j.Page.Locator("#Input_Email").FillAsync(Seed.Mfa);
        await j.Page.Locator("#Input_Email").PressAsync("Enter");
        await Expect(j.Page.Locator("[role=status]:not(.status-empty)")).ToBeVisibleAsync();
        await j.Page.GotoAsync(await app.LatestOutboxAsync(Seed.Mfa, "link"));
        await j.Page.Locator("main form button[type=submit]").ClickAsync();
        await CheckHereAsync("/MagicLink/Mfa", Step("/MagicLink/Mfa"));

        // The phone route: the texted code, then its second step.
        await j.GotoAsync("/Phone");
        await j.Page.Locator("#Input_Phone").FillAsync(phone);
        await j.Page.Locator("#Input_Phone").PressAsync("Enter");
        await CheckHereAsync("/Phone/Code", Step("/Phone/Code"));
        await j.Page.Locator("#Input_Code").FillAsync(await app.LatestOutboxAsync(phone, "code"));
        await j.Page.Locator("#Input_Code").PressAsync("Enter");
        await CheckHereAsync("/Phone/Mfa", Step("/Phone/Mfa"));
        return checkedPages;
    }

    /// <summary>A name of <see cref="StepPages"/>, so the walk and the list cannot drift apart.</summary>
    private static string Step(string name) => StepPages.Contains(name, StringComparer.Ordinal) ? name
        : throw new ArgumentException(name + " is not in StepPages.", nameof(name));

    /// <summary>Loads a page, then fails on sideways scrolling or a WCAG 2.2 AA finding; returns the page's name.</summary>
    private static async Task<string> CheckAsync(Journey j, string path, string name, Sweep sweep)
    {
        await j.GotoAsync(path);
        return await CheckLoadedAsync(j, name, sweep);
    }

    /// <summary>
    /// The checks of <see cref="CheckAsync"/> on the page as it stands, at each of <see cref="Sweep.Widths"/> in turn
    /// (one visit, two viewports); returns the page's name.
    /// </summary>
    private static async Task<string> CheckLoadedAsync(Journey j, string name, Sweep sweep)
    {
        await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("dir", sweep.Dir);
        var file = FileName().Replace(name.Trim('/'), "-").Trim('-') + ".png";

        // Starting from the width the page is already at saves one viewport change per page; either order checks both.
        var current = j.Page.ViewportSize?.Width;
        foreach (var width in Sweep.Widths.OrderBy(w => w == current ? 0 : 1))
        {
            if (width != current)
            {
                await j.Page.SetViewportSizeAsync(width, 800);
            }

            string Screenshot() => Path.Combine(sweep.Folder(width.ToString(CultureInfo.InvariantCulture)), file);
            try
            {
                await CheckAtThisWidthAsync(j, name, sweep);
            }
            catch
            {
                // A failing page always leaves its picture, screenshots asked for or not.
                await TryScreenshotAsync(j, Screenshot());
                throw;
            }

            if (PlaywrightSettings.Current.LayoutScreenshots)
            {
                await j.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot(), FullPage = true });
            }
        }

        return name;
    }

    /// <summary>Best effort: a page that cannot be pictured must not hide the failure being reported.</summary>
    private static async Task TryScreenshotAsync(Journey j, string path)
    {
        try
        {
            await j.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
        catch (PlaywrightException)
        {
            // Journey's own failure evidence (trace, screenshot) still follows.
        }
    }

    /// <summary>No sideways scrolling and no WCAG 2.2 AA violation at the viewport's current width.</summary>
    private static async Task CheckAtThisWidthAsync(Journey j, string name, Sweep sweep)
    {
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
        Assert.True(scroll <= client, $"{name} scrolls sideways at {client} px ({sweep.Dir}): the document is {scroll} px wide. Widest: {overflow.GetProperty("wide")}");
        await j.AssertWcag22AaAsync();
    }

    private static async Task ChooseLanguageAsync(Journey j, string language)
    {
        await j.Page.Locator("#language").SelectOptionAsync(language);
        await j.Page.Locator(".language-switcher button[type=submit]").ClickAsync();
        await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await j.AssertWcag22AaAsync();
    }

    /// <summary>By field ids, not labels: the login page may already speak Arabic.</summary>
    private static async Task SignInAsync(Journey j, string login = Seed.Owner, string expectedPath = "/Me")
    {
        await j.GotoAsync("/Login");
        await j.AssertAccessibleAsync();
        await j.Page.Locator("#Input_Login").FillAsync(login);
        await j.Page.Locator("#Input_Password").FillAsync(Seed.Password);
        await j.Page.Locator("main form button[type=submit]").First.ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex(Regex.Escape(expectedPath) + "$"));
        await j.AssertAccessibleAsync();
    }

    /// <summary>
    /// Through the /Logout page's form (a POST): at 360 px the header's button sits in the collapsed menu. Sign-out
    /// clears every portal cookie, the language too (nothing of the user stays on the browser), so the login page it
    /// lands on is given the language again, as a visitor would.
    /// </summary>
    private static async Task SignOutAsync(Journey j, string language)
    {
        await j.GotoAsync("/Logout");
        await j.Page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(j.Page.Locator("form.sign-out")).ToHaveCountAsync(0);
        await ChooseLanguageAsync(j, language);
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

    /// <summary>One text direction's sweep: every page at a phone's and a laptop's width, a screenshot folder per width.</summary>
    private sealed record Sweep(string Dir)
    {
        public static readonly int[] Widths = [360, 1280];

        /// <summary>Where the screenshots go, for the report: <c>e2e-artifacts/layout/{360,1280}-{dir}</c>.</summary>
        public string Folders => PathOf($"{{{string.Join(',', Widths)}}}");

        /// <summary>The folders show the latest sweep only: every page when asked for, else the failing ones.</summary>
        public void DeleteOldScreenshots()
        {
            foreach (var width in Widths)
            {
                var folder = PathOf(width.ToString(CultureInfo.InvariantCulture));
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        /// <summary><c>e2e-artifacts/layout/{width}-{dir}</c>, created when missing.</summary>
        public string Folder(string width) => Directory.CreateDirectory(PathOf(width)).FullName;

        private string PathOf(string width) => Path.Combine(PlaywrightSettings.Current.ArtifactsPath, "layout", $"{width}-{Dir}");
    }
}
