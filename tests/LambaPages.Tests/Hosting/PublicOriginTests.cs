using System.Net;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LambaPages.Tests.Hosting;

/// <summary>LAMBA_PUBLIC_ORIGIN: the emailed magic link points at the configured origin, whatever Host the request claims.</summary>
public sealed class PublicOriginTests
{
    private const string PublicOrigin = "https://portal.example.test";

    [Fact]
    public async Task A_forged_host_header_does_not_change_the_emailed_link_when_the_public_origin_is_set()
    {
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["LAMBA_PUBLIC_ORIGIN"] = PublicOrigin + "/" });
        using var forged = ForgedHostBrowser(host);

        var answer = await RequestLinkAsync(forged, "viewer@acme.test");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        var link = await host.MagicLinkAsync("viewer@acme.test");
        Assert.Equal(PublicOrigin + "/MagicLink/Continue", link.GetLeftPart(UriPartial.Path));
        Assert.DoesNotContain("evil.example", link.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_public_origin_a_forged_host_gets_no_link_at_all()
    {
        await using var host = await PortalHost.StartAsync();
        using var forged = ForgedHostBrowser(host);

        var answer = await RequestLinkAsync(forged, "viewer@acme.test");

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal("Something went wrong", Html.H1(answer.Html));
        Assert.Equal(0, await host.CallsAsync("POST /v1/auth/magic-link/start"));
        Assert.Equal(0, await host.OutboxCountAsync("viewer@acme.test"));
    }

    [Fact]
    public async Task Refuses_to_start_outside_development_without_a_public_origin_while_magic_links_are_on()
    {
        await using var portal = new PortalFactory(Production(origin: null), new CapturedLogs(), "Production");

        var failure = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("LAMBA_PUBLIC_ORIGIN is required when the MagicLink feature is on", failure.GetBaseException().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("portal.example.test")]
    [InlineData("ftp://portal.example.test")]
    [InlineData("https://portal.example.test/app")]
    [InlineData("https://user@portal.example.test")]
    public async Task Refuses_a_public_origin_that_is_not_an_absolute_http_origin(string origin)
    {
        await using var portal = new PortalFactory(Production(origin), new CapturedLogs(), "Production");

        var failure = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("LAMBA_PUBLIC_ORIGIN must be an absolute http(s) origin", failure.GetBaseException().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starts_outside_development_with_a_valid_public_origin()
    {
        await using var portal = new PortalFactory(Production(PublicOrigin), new CapturedLogs(), "Production");

        using var client = portal.CreateClient();

        Assert.NotNull(client);
    }

    private static Dictionary<string, string?> Production(string? origin) => new()
    {
        ["LAMBA_CUSTOMER_AUTH_BASE_URL"] = "https://id.example.test",
        ["LAMBA_CUSTOMER_API_BASE_URL"] = "https://api.example.test",
        ["LAMBA_PUBLIC_ORIGIN"] = origin,
        ["LAMBA_DATA_DIR"] = Path.Combine(Path.GetTempPath(), "lambapages-tests-" + Guid.NewGuid().ToString("N")),
    };

    /// <summary>A browser whose requests claim Host: evil.example.</summary>
    private static TestBrowser ForgedHostBrowser(PortalHost host) => new(host.Portal.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://evil.example"),
        AllowAutoRedirect = false,
        HandleCookies = false,
    }));

    private static async Task<TestResponse> RequestLinkAsync(TestBrowser browser, string email)
    {
        var page = await browser.GetAsync("/MagicLink");
        return await browser.PostFormAsync("/MagicLink", page.Html, [new("Input.Email", email)]);
    }
}
