using LambaPages.E2E.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LambaPages.E2E.SelfTests;

/// <summary>The plumbing under every journey: Chromium launches, the emulator and the portal answer on real ports.</summary>
[Collection(PortalCollectionDefinition.Name)]
public sealed class FixtureSelfTests(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task Chromium_loads_the_emulator_over_real_http()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(app.Emulator.BaseAddress.ToString());

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("http://127.0.0.1:", app.Emulator.BaseAddress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_loads_the_portal_login_page_on_a_loopback_port()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        app.PortalLogs.Drain();

        try
        {
            var response = await page.GotoAsync(new Uri(app.PortalAddress, "Login").ToString());

            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
        }
        catch (Exception)
        {
            // A failure here is usually the portal's (a 500 with an empty body); its log says why.
            foreach (var line in app.PortalLogs.Drain())
            {
                output.WriteLine(line);
            }

            throw;
        }

        Assert.StartsWith("http://127.0.0.1:", app.PortalAddress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_portal_is_pointed_at_the_fixture_emulator_in_the_Testing_environment()
    {
        var config = app.Portal.Services.GetRequiredService<IConfiguration>();
        var environment = app.Portal.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>();

        Assert.Equal("Testing", environment.EnvironmentName);
        Assert.Equal(app.Emulator.BaseAddress.ToString(), config["LAMBA_CUSTOMER_AUTH_BASE_URL"]);
        Assert.Equal(app.Emulator.BaseAddress.ToString(), config["LAMBA_CUSTOMER_API_BASE_URL"]);
        Assert.Equal("wrk_acme", config["LAMBA_CUSTOMER_WORKSPACE_ID"]);
        Assert.Equal("prj_storefront", config["LAMBA_CUSTOMER_PROJECT_ID"]);
        Assert.Equal("test", config["LAMBA_CUSTOMER_ENV"]);
    }
}
