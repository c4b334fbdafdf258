using System.Net;
using LambaPages.Localization;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.Localization;

/// <summary>The culture comes from the profile's language, then Accept-Language, then English; Arabic pages are right to left.</summary>
public sealed class LocalizationPageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Speaks_english_when_the_browser_asks_for_nothing()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/Register");

        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", page.Html, StringComparison.Ordinal);
        Assert.Equal("Create an account", Html.H1(page.Html));
    }

    [Theory]
    [InlineData("de-AT,de;q=0.9,en;q=0.5", "de", "ltr", "Konto erstellen")]
    [InlineData("ar", "ar", "rtl", "إنشاء حساب")]
    [InlineData("pt-BR", "en", "ltr", "Create an account")]
    public async Task Follows_accept_language_before_sign_in(string acceptLanguage, string lang, string dir, string heading)
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var page = await browser.GetAsync("/Register");

        Assert.Contains($"<html lang=\"{lang}\" dir=\"{dir}\">", page.Html, StringComparison.Ordinal);
        Assert.Equal(heading, Html.H1(page.Html));
    }

    [Fact]
    public async Task The_footer_switcher_keeps_the_choice_before_sign_in_and_never_acts_on_a_get()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var register = await browser.GetAsync("/Register");

        var viaGet = await browser.GetAsync("/Language?language=de&returnUrl=/Register");
        var chosen = await browser.PostFormAsync("/Language", register.Html, [new("language", "de"), new("returnUrl", "/Register")]);
        var offSite = await browser.PostFormAsync("/Language", register.Html, [new("language", "ar"), new("returnUrl", "https://evil.example/")]);

        Assert.Equal(HttpStatusCode.NotFound, viaGet.Status);
        Assert.Equal(HttpStatusCode.Redirect, chosen.Status);
        Assert.Equal("/Register", chosen.Location?.ToString());
        Assert.Equal("/", offSite.Location?.ToString());
        browser.PutCookie(UserPreferences.CookieName, chosen.SetCookie(UserPreferences.CookieName)!.Value.Value!);
        var german = await browser.GetAsync("/Register");
        Assert.Equal("Konto erstellen", Html.H1(german.Html));
    }

    [Fact]
    public async Task The_switcher_refuses_a_post_without_antiforgery()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var forged = await browser.PostFormAsync("/Language", "", [new("language", "de")], withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Null(forged.SetCookie(UserPreferences.CookieName));
    }

    [Fact]
    public async Task A_signed_in_user_sees_the_profile_language_and_times_in_the_profile_time_zone()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        // The profile wins over the browser's own wish.
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        await browser.SignInAsync("viewer@acme.test");

        var saved = await SaveProfileLanguageAsync(browser, "de", "Europe/Berlin");
        var after = await browser.FollowAsync(saved);
        var sessions = await browser.GetAsync("/Me/Sessions");

        Assert.Contains("<html lang=\"de\" dir=\"ltr\">", after.Html, StringComparison.Ordinal);
        Assert.Equal("Profil", Html.H1(after.Html));
        Assert.Equal("Profil gespeichert.", Html.Status(after.Html));
        Assert.Equal("Sitzungen", Html.H1(sessions.Html));
        Assert.Matches("""<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" title="\d{1,2}\. [A-Z][a-zä]+\.? \d{4}, \d\d:\d\d Europe/Berlin">(gerade eben|vor \d+ (Minute|Minuten))</time>""", sessions.Html);
    }

    [Fact]
    public async Task Reads_the_profile_once_then_keeps_the_language_for_the_session_without_asking_lamba_again()
    {
        var (host, browser) = await GermanViewerAsync();
        using var _ = browser;
        var profileReads = ProfileReads(await host.StatsAsync());

        var views = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            views.Add(Html.H1((await browser.GetAsync("/Me")).Html));
        }

        Assert.All(views, heading => Assert.Equal("Ihr Konto", heading));
        Assert.Equal(profileReads, ProfileReads(await host.StatsAsync()));

        static long ProfileReads(System.Text.Json.JsonElement stats) =>
            stats.GetProperty("calls").TryGetProperty("GET /v1/me/profile", out var count) ? count.GetInt64() : 0;
    }

    [Fact]
    public async Task The_in_place_denied_page_speaks_the_users_language()
    {
        var (_, browser) = await GermanViewerAsync();
        using var __ = browser;

        // Refused by the authorization middleware itself (a viewer holds no admin permission), rendered in place.
        var denied = await browser.GetAsync("/Admin/Members");

        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Contains("<html lang=\"de\" dir=\"ltr\">", denied.Html, StringComparison.Ordinal);
        Assert.Equal("Zugriff verweigert", Html.H1(denied.Html));
    }

    [Fact]
    public async Task The_next_person_to_sign_in_on_the_browser_does_not_inherit_the_language()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        await browser.GetAsync("/Me");
        var stamped = browser.Cookies[UserPreferences.CookieName];
        // Another session's German preferences, as a shared browser would still hold them.
        browser.PutCookie(UserPreferences.CookieName, "ses_someone_else|de|Europe%2FBerlin");

        var me = await browser.GetAsync("/Me");

        Assert.NotEqual("", stamped.Split('|')[0]);
        Assert.Equal("Your account", Html.H1(me.Html));
        Assert.NotEqual("ses_someone_else", browser.Cookies[UserPreferences.CookieName].Split('|')[0]);
    }

    [Fact]
    public async Task Says_lamba_could_not_be_reached_and_what_to_do_next()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        await browser.GetAsync("/Me");
        await host.AddFaultAsync("GET /v1/me/context", 503, count: 10);

        var failed = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.BadGateway, failed.Status);
        var text = Html.Text(failed.Html);
        Assert.Contains("could not be reached or did not answer in time. Nothing was changed.", text, StringComparison.Ordinal);
        Assert.Contains("Try again in a moment; you are still signed in.", text, StringComparison.Ordinal);
    }

    /// <summary>The viewer, signed in, after choosing German on the profile page and one view (which stamps the cookie with it).</summary>
    private async Task<(PortalHost Host, TestBrowser Browser)> GermanViewerAsync()
    {
        var host = await shared.ResetAsync();
        var browser = host.NewBrowser();
        await browser.SignInAsync("viewer@acme.test");
        await SaveProfileLanguageAsync(browser, "de", "Europe/Berlin");
        await browser.GetAsync("/Me");
        return (host, browser);
    }

    /// <summary>Changes the signed-in user's language and time zone on the profile page, keeping the rest as it is.</summary>
    private static async Task<TestResponse> SaveProfileLanguageAsync(TestBrowser browser, string locale, string timeZone)
    {
        var profile = await browser.GetAsync("/Me/Profile");
        return await browser.PostFormAsync("/Me/Profile", profile.Html,
        [
            new("Input.DisplayName", Html.InputValue(profile.Html, "Input.DisplayName") ?? ""),
            new("Input.Username", Html.InputValue(profile.Html, "Input.Username") ?? ""),
            new("Input.Phone", Html.InputValue(profile.Html, "Input.Phone") ?? ""),
            new("Input.Locale", locale),
            new("Input.TimeZone", timeZone),
        ]);
    }
}
