using System.Net;
using LambaPages.Tests.Infrastructure;
using LambaPages.Tests.MagicLink;
using LambaPages.Tests.Phone;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Shared.SignIn;

/// <summary>The portal's own limits on sign-in POSTs: a rejected attempt never reaches Lamba.</summary>
public sealed class RateLimitTests
{
    private static Dictionary<string, string?> Limits(int perClient, int perIdentifier) => new()
    {
        ["RateLimits:PerClientPermitLimit"] = perClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:PerIdentifierPermitLimit"] = perIdentifier.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:PerClientWindowSeconds"] = "60",
        ["RateLimits:PerIdentifierWindowSeconds"] = "60",
    };

    [Fact]
    public async Task Turns_away_a_third_login_for_one_account_with_a_page_that_says_when_to_retry()
    {
        await using var host = await PortalHost.StartAsync(settings: Limits(perClient: 100, perIdentifier: 2));
        using var browser = host.NewBrowser();
        await browser.SubmitLoginAsync("viewer@acme.test", "wrong-password-1");
        await browser.SubmitLoginAsync(" VIEWER@acme.test ", "wrong-password-2");

        var third = await browser.SubmitLoginAsync("viewer@acme.test");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.True(third.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromSeconds(60));
        Assert.Equal("Too many attempts", Html.H1(third.Html));
        Assert.Contains("Try again in 1 minute.", Html.Text(third.Html), StringComparison.Ordinal);
        Assert.Equal(2, await host.CallsAsync("POST /v1/auth/login/password"));
        Assert.False(browser.Cookies.ContainsKey("__Host-lamba_refresh_token"));
    }

    [Fact]
    public async Task Someone_hammering_a_form_writes_one_log_line_not_one_per_attempt()
    {
        await using var host = await PortalHost.StartAsync(settings: Limits(perClient: 100, perIdentifier: 1));
        using var browser = host.NewBrowser();
        await browser.SubmitLoginAsync("viewer@acme.test", "wrong-password");

        for (var attempt = 0; attempt < 8; attempt++)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.SubmitLoginAsync("viewer@acme.test", "wrong-password")).Status);
        }

        var lines = host.Logs.Lines.Where(line => line.Contains("Rate limited", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("Rate limited attempts on login: 1 since the last such line", line, StringComparison.Ordinal);
        Assert.DoesNotContain("viewer", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Limits_one_client_trying_many_accounts()
    {
        await using var host = await PortalHost.StartAsync(settings: Limits(perClient: 3, perIdentifier: 100));
        using var browser = host.NewBrowser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.SubmitLoginAsync($"guess{i}@acme.test", "wrong-password")).Status);
        }

        var fourth = await browser.SubmitLoginAsync("owner@acme.test");

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.Status);
        Assert.Equal(3, await host.CallsAsync("POST /v1/auth/login/password"));
    }

    [Fact]
    public async Task Never_limits_reading_the_sign_in_pages()
    {
        await using var host = await PortalHost.StartAsync(settings: Limits(perClient: 1, perIdentifier: 1));
        using var browser = host.NewBrowser();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Login")).Status);
        }
    }

    [Fact]
    public async Task Limits_magic_link_requests_per_email_without_calling_lamba()
    {
        await using var host = await PortalHost.StartAsync(settings: Limits(perClient: 100, perIdentifier: 1));
        using var browser = host.NewBrowser();
        await MagicLinkPageTests.StartAsync(browser, "owner@acme.test");

        var page = await browser.GetAsync("/MagicLink");
        var second = await browser.PostFormAsync("/MagicLink", page.Html, [new("Input.Email", "Owner@Acme.test")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal(1, await host.CallsAsync("POST /v1/auth/magic-link/start"));
        Assert.Equal(1, await host.OutboxCountAsync("owner@acme.test"));
    }

    [Fact]
    public async Task Limits_registrations_per_email()
    {
        await using var host = await PortalHost.StartAsync(settings: Limits(perClient: 100, perIdentifier: 1));
        using var browser = host.NewBrowser();
        var page = await browser.GetAsync("/Register");
        await browser.PostFormAsync("/Register", page.Html, [new("Input.Email", "owner@acme.test"), new("Input.Password", "correct horse battery")]);

        var second = await browser.PostFormAsync("/Register", page.Html, [new("Input.Email", "owner@acme.test"), new("Input.Password", "correct horse battery")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal(1, await host.CallsAsync("POST /v1/auth/register"));
    }

    [Fact]
    public async Task Limits_code_tries_for_the_pending_phone_number()
    {
        await using var host = await PortalHost.StartAsync(settings: Limits(perClient: 100, perIdentifier: 2));
        using var browser = host.NewBrowser();
        var phone = Emulator.NewPhone();
        var codeStep = await browser.FollowAsync(await PhonePageTests.StartAsync(browser, phone));
        await browser.PostFormAsync("/Phone/Code", codeStep.Html, [new("Input.Code", "000001")]);
        await browser.PostFormAsync("/Phone/Code", codeStep.Html, [new("Input.Code", "000002")]);

        var third = await browser.PostFormAsync("/Phone/Code", codeStep.Html, [new("Input.Code", "000003")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.Equal(2, await host.CallsAsync("POST /v1/auth/phone/verify"));
    }

    [Fact]
    public async Task Shows_lambas_own_rate_limit_with_when_to_retry()
    {
        await using var host = await PortalHost.StartAsync(o => o.AuthAttemptLimit = 1);
        using var browser = host.NewBrowser();
        await MagicLinkPageTests.StartAsync(browser, "owner@acme.test");

        var page = await browser.GetAsync("/MagicLink");
        var second = await browser.PostFormAsync("/MagicLink", page.Html, [new("Input.Email", "owner@acme.test")]);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Contains("Too many sign-in links requested. Try again in 1 minute.", Html.TextOf(second.Html, "error-summary"), StringComparison.Ordinal);
        Assert.Equal(2, await host.CallsAsync("POST /v1/auth/magic-link/start"));
    }

    [Fact]
    public async Task Every_sign_in_page_that_takes_a_post_declares_its_own_budget()
    {
        await using var host = await PortalHost.StartAsync();
        string[] signInFolders = ["/Login/", "/Register/", "/MagicLink/", "/Phone/"];

        var pages = host.Portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is { } page
                && signInFolders.Any(folder => page.ViewEnginePath.StartsWith(folder, StringComparison.Ordinal))
                && e.Metadata.GetMetadata<CompiledPageActionDescriptor>()?.HandlerMethods.Any(h => h.HttpMethod == "Post") == true)
            .Select(e => (Path: e.Metadata.GetMetadata<PageActionDescriptor>()!.ViewEnginePath, Limit: e.Metadata.GetMetadata<LambaPages.Hosting.SignInRateLimitAttribute>()))
            .DistinctBy(p => p.Path)
            .ToList();

        Assert.Contains(pages, p => p.Path == "/Login/Mfa");
        Assert.All(pages, p => Assert.True(p.Limit is not null, $"{p.Path} takes sign-in POSTs without a [SignInRateLimit]."));
        Assert.Equal(pages.Count, pages.Select(p => p.Limit!.Name).Distinct().Count());
    }
}
