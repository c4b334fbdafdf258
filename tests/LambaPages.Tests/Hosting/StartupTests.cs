using System.Net;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace LambaPages.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Refuses_to_start_outside_development_without_lamba_urls()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lambapages-tests-" + Guid.NewGuid().ToString("N"));
        await using var portal = new PortalFactory(new Dictionary<string, string?> { ["LAMBA_DATA_DIR"] = dataDirectory }, new CapturedLogs(), "Production");

        var failure = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(failure.GetBaseException());
        Assert.Contains("LAMBA_CUSTOMER_AUTH_BASE_URL", validation.Message, StringComparison.Ordinal);
        Assert.Contains("Development", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_an_environment_other_than_test_or_prod()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lambapages-tests-" + Guid.NewGuid().ToString("N"));
        await using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["LAMBA_CUSTOMER_AUTH_BASE_URL"] = "https://id.example.test",
            ["LAMBA_CUSTOMER_API_BASE_URL"] = "https://api.example.test",
            ["LAMBA_CUSTOMER_ENV"] = "staging",
            ["LAMBA_DATA_DIR"] = dataDirectory,
        }, new CapturedLogs());

        var failure = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("LAMBA_CUSTOMER_ENV must be 'test' or 'prod'", failure.GetBaseException().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starts_the_embedded_emulator_in_development_and_enters_the_demo_context()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lambapages-tests-" + Guid.NewGuid().ToString("N"));
        var logs = new CapturedLogs();
        await using var portal = new PortalFactory(new Dictionary<string, string?> { ["LAMBA_DATA_DIR"] = dataDirectory }, logs, "Development");
        using var browser = new TestBrowser(portal.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        }));

        var signIn = await browser.SubmitLoginAsync("owner@acme.test");
        Assert.True(signIn.Status == HttpStatusCode.Redirect, $"Sign-in answered {signIn.Status}. Portal log:\n{string.Join('\n', logs.Lines)}");
        var me = await browser.GetAsync("/Me");

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Contains("Acme / Storefront", Html.Text(me.Html), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "emulator.db")));
        var banner = Assert.Single(logs.Lines, l => l.Contains("THIS IS A LOCAL EMULATOR, NOT LAMBA", StringComparison.Ordinal));
        Assert.Contains("http://127.0.0.1:", banner, StringComparison.Ordinal);
        Assert.Contains("mfa@acme.test", banner, StringComparison.Ordinal);
    }
}
