using System.Net;
using System.Reflection;
using LambaPages.Features;
using LambaPages.Hosting;
using Lamba.AspNetCore;
using Lamba.AspNetCore.Client;
using LambaPages.Features.Me;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement.Mvc;

namespace LambaPages.Tests.Hosting;

public sealed class PipelineTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task Sends_security_headers_and_a_correlation_id_on_every_page()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();

        var page = await browser.GetAsync("/Login");

        // Checked on the header sent, against literal expectations (not the constant against itself).
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(Guid.TryParse(page.Headers.GetValues(CorrelationId.HeaderName).Single(), out _));
    }

    [Fact]
    public async Task Writes_the_correlation_id_of_the_request_into_its_log_lines()
    {
        // Queries are logged at Debug (commands at Information): turned up here to see the page view's own line.
        await using var host = await PortalHost.StartAsync(settings: new Dictionary<string, string?> { ["Logging:LogLevel:LambaPages.Pipeline"] = "Debug" });
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var me = await browser.GetAsync("/Me");

        var id = me.Headers.GetValues(CorrelationId.HeaderName).Single();
        Assert.Contains(host.Logs.Lines, l => l.Contains("MeQuery handled", StringComparison.Ordinal) && l.Contains($"CorrelationId:{id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stamps_every_upstream_call_of_a_request_with_its_correlation_id()
    {
        var context = new DefaultHttpContext();
        CorrelationId.Set(context, "c0ffee00-0000-0000-0000-000000000001");
        var sent = new List<HttpRequestMessage>();
        using var handler = new CorrelationIdHandler(new HttpContextAccessor { HttpContext = context })
        {
            InnerHandler = new Answering(sent, HttpStatusCode.OK),
        };
        using var client = new HttpClient(handler);

        await client.GetAsync(new Uri("http://upstream.test/v1/me/context"));
        await client.PostAsync(new Uri("http://upstream.test/v1/auth/refresh"), null);

        Assert.Equal(["c0ffee00-0000-0000-0000-000000000001", "c0ffee00-0000-0000-0000-000000000001"],
            sent.Select(request => request.Headers.GetValues(CorrelationId.HeaderName).Single()));
    }

    [Fact]
    public async Task Every_Lamba_call_asks_for_json_and_tells_caches_not_to_keep_the_answer()
    {
        // Through the library's real registration: the handler must be in every Lamba client's pipeline.
        var sent = new List<HttpRequestMessage>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(new LambaOptions { AuthBaseUrl = new Uri("http://id.test/"), ApiBaseUrl = new Uri("http://api.test/") }));
        services.AddLambaApi<IMeApi>(LambaHost.Api, LambaAuth.None)
            .ConfigurePrimaryHttpMessageHandler(() => new Answering(sent, HttpStatusCode.NotFound));
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<Refit.ApiException>(() => provider.GetRequiredService<IMeApi>().GetContextAsync(CancellationToken.None));

        var request = Assert.Single(sent);
        Assert.Equal(["application/json"], request.Headers.GetValues("Accept"));
        Assert.Equal(["no-store"], request.Headers.GetValues("Cache-Control"));
    }

    [Fact]
    public async Task Shows_a_not_found_page_with_a_trace_id_to_signed_in_users()
    {
        var host = await shared.ResetAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");

        var page = await browser.GetAsync("/No/Such/Page");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Page not found", Html.H1(page.Html));
        Assert.Contains("Trace id:", Html.Text(page.Html), StringComparison.Ordinal);
    }

    [Fact]
    public void Gates_each_optional_area_behind_its_feature_flag()
    {
        var model = new PageApplicationModel(new Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor(), typeof(object).GetTypeInfo(), []);

        FeatureFlags.GatePage(model, FeatureFlags.AdminAudit);

        var gate = Assert.IsType<FeatureGateAttribute>(Assert.Single(model.Filters));
        Assert.Equal([FeatureFlags.AdminAudit], gate.Features);
        Assert.Equal(FeatureFlags.Registration, FeatureFlags.GatedFolders["/Register"]);
        Assert.Equal(FeatureFlags.AdminArea, FeatureFlags.GatedFolders["/Admin"]);
    }

    private sealed class Answering(List<HttpRequestMessage> sent, HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(request);
            return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request });
        }
    }
}
