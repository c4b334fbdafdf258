using System.Net;
using LambaPages.Features.MagicLink;
using LambaPages.Tests.Infrastructure;

namespace LambaPages.Tests.MagicLink;

public sealed class MagicLinkPageTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Asks_for_an_email_and_confirms_neutrally_after_a_redirect()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/MagicLink");
        var answer = await browser.PostFormAsync("/MagicLink", page.Html, [new("Input.Email", "owner@acme.test")]);
        var confirmation = await browser.FollowAsync(answer);

        Assert.Contains("""<label for="Input_Email">Email</label>""", page.Html, StringComparison.Ordinal);
        Assert.Contains(">Email me a sign-in link</button>", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/MagicLink", answer.Location?.ToString());
        Assert.Equal("If an account exists for that address, we've sent a sign-in link.", Html.Status(confirmation.Html));
    }

    [Fact]
    public async Task Sends_a_link_to_this_portals_continue_page()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync("/MagicLink");

        await browser.PostFormAsync("/MagicLink", page.Html, [new("Input.Email", "owner@acme.test"), new("Input.ContinueUrl", "https://evil.example/steal")]);

        var link = await host.MagicLinkAsync("owner@acme.test");
        Assert.Equal("https://localhost/MagicLink/Continue", link.GetLeftPart(UriPartial.Path));
        Assert.StartsWith("?token=", link.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_a_field_error_for_a_malformed_email_without_calling_lamba()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync("/MagicLink");

        var answer = await browser.PostFormAsync("/MagicLink", page.Html, [new("Input.Email", "not-an-email")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Matches("""data-valmsg-for="Input.Email"[^>]*>Enter an email address like name@example.com.</span>""", answer.Html);
        Assert.Equal("not-an-email", Html.InputValue(answer.Html, "Input.Email"));
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/magic-link/start"));
    }

    [Fact]
    public async Task Opening_the_link_spends_nothing_and_continue_signs_in_with_a_clean_url()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await StartAsync(browser, "viewer@acme.test");
        var link = await host.MagicLinkAsync("viewer@acme.test");

        // A mail scanner, then the user: two GETs, nothing spent.
        using (var scanner = host.NewBrowser())
        {
            await scanner.GetAsync(link.PathAndQuery);
        }

        var continuePage = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/magic-link/verify"));
        Assert.Equal("Continue signing in", Html.H1(continuePage.Html));
        Assert.Contains("""action="/MagicLink/Continue" """.TrimEnd(), continuePage.Html, StringComparison.Ordinal);

        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["token"].ToString();
        var answer = await browser.PostFormAsync("/MagicLink/Continue", continuePage.Html, [new("token", token)]);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Me", answer.Location?.ToString());
        var me = await browser.FollowAsync(answer);
        Assert.Contains("Signed in as viewer@acme.test", Html.Text(me.Html), StringComparison.Ordinal);
        Assert.Equal(MagicLinkMessages.SignedIn, Html.Status(me.Html));
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keeps_the_token_out_of_the_logs_even_with_every_log_level_turned_up()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
        });
        using var browser = host.NewBrowser();
        await StartAsync(browser, "viewer@acme.test");
        var link = await host.MagicLinkAsync("viewer@acme.test");
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["token"].ToString();

        var continuePage = await browser.GetAsync(link.PathAndQuery);
        var answer = await browser.PostFormAsync("/MagicLink/Continue", continuePage.Html, [new("token", token)]);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Contains(host.Logs.Lines, line => line.Contains("/MagicLink/Continue", StringComparison.Ordinal));
        Assert.True(!host.Logs.Lines.Any(line => line.Contains(token, StringComparison.Ordinal)),
            string.Join("\n", host.Logs.Lines.Where(line => line.Contains(token, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Keeps_an_invitation_token_out_of_the_logs_on_register_and_login()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        });
        using var browser = host.NewBrowser();
        const string token = "inv-secret-4f9c2a7e1b";

        await browser.GetAsync("/Register?invitationToken=" + token);
        var login = await browser.GetAsync("/Login?invitationToken=" + token);
        await browser.PostFormAsync("/Login", login.Html,
            [new("Input.Login", "viewer@acme.test"), new("Input.Password", "wrong-password"), new("Input.InvitationToken", token), new("ReturnUrl", "")]);

        Assert.Contains(token, login.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explains_a_used_link_and_offers_a_new_one()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await StartAsync(browser, "viewer@acme.test");
        var link = await host.MagicLinkAsync("viewer@acme.test");
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["token"].ToString();
        var continuePage = await browser.GetAsync(link.PathAndQuery);
        await browser.PostFormAsync("/MagicLink/Continue", continuePage.Html, [new("token", token)]);

        using var other = host.NewBrowser();
        var again = await other.GetAsync(link.PathAndQuery);
        var refused = await other.PostFormAsync("/MagicLink/Continue", again.Html, [new("token", token)]);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("This sign-in link cannot be used", Html.H1(refused.Html));
        Assert.Contains("""<a href="/MagicLink">Request a new sign-in link</a>""", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, refused.Html, StringComparison.Ordinal);
        Assert.False(other.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Explains_an_expired_link()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await StartAsync(browser, "viewer@acme.test");
        var link = await host.MagicLinkAsync("viewer@acme.test");
        await host.AdvanceEmulatorClockAsync(TimeSpan.FromMinutes(16));
        var continuePage = await browser.GetAsync(link.PathAndQuery);
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["token"].ToString();

        var refused = await browser.PostFormAsync("/MagicLink/Continue", continuePage.Html, [new("token", token)]);

        Assert.Equal("This sign-in link cannot be used", Html.H1(refused.Html));
        Assert.Contains("expired", Html.Text(refused.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explains_a_link_without_a_token()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/MagicLink/Continue");

        Assert.Equal("This sign-in link cannot be used", Html.H1(page.Html));
        Assert.DoesNotContain(">Continue</button>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_continue_post_without_antiforgery()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var answer = await browser.PostFormAsync("/MagicLink/Continue", "", [new("token", "anything")], withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/magic-link/verify"));
    }

    internal static async Task StartAsync(TestBrowser browser, string email)
    {
        var page = await browser.GetAsync("/MagicLink");
        var answer = await browser.PostFormAsync("/MagicLink", page.Html, [new("Input.Email", email)]);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
    }
}
