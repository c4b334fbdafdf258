using System.Net;
using Lamba.AspNetCore.Authorization;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using LambaPages.Tests.Admin;
using LambaPages.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LambaPages.Tests.Session;

/// <summary>What the refresh single flight and the permission cache share beyond one request (the cluster tier covers several instances).</summary>
public sealed class SharedStateTests(ITestOutputHelper output)
{
    private static readonly LambaTokens Switched = new("access-switched", "refresh-switched", DateTimeOffset.UtcNow.AddDays(30));

    [Fact]
    public async Task A_remembered_switch_answers_a_late_refresh_of_the_old_token_without_calling_Lamba()
    {
        var flights = new RefreshSingleFlight(TimeProvider.System);
        var calls = 0;

        flights.Remember("refresh-before-switch", RefreshOutcome.Refreshed(Switched));
        var late = await flights.RunAsync("refresh-before-switch", _ =>
        {
            calls++;
            return Task.FromResult(RefreshOutcome.Rejected("REFRESH_TOKEN_REUSED"));
        }, CancellationToken.None);

        Assert.Equal(0, calls);
        Assert.Same(Switched, late.Tokens);
    }

    [Fact]
    public async Task A_request_still_carrying_the_tokens_from_before_a_switch_adopts_the_new_pair_and_keeps_the_session()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("owner@acme.test");
        var beforeSwitch = browser.Cookies.ToDictionary();
        var page = await browser.GetAsync("/SwitchContext");
        var switched = await browser.PostFormAsync("/SwitchContext", page.Html,
        [
            new("Input.WorkspaceId", "wrk_acme"), new("Input.ProjectId", "prj_storefront"), new("Input.Environment", "prod"), new("ReturnUrl", ""),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, switched.Status);
        var before = await host.StatsAsync();

        // A tab that sent its request before the switch's cookies arrived: Lamba refuses its old access token.
        using var late = new HttpRequestMessage(HttpMethod.Get, "/Me");
        late.Headers.Add("Cookie", string.Join("; ", beforeSwitch.Select(c => $"{c.Key}={c.Value}")));
        using var client = host.CreateClient();
        using var answer = await client.SendAsync(late);

        var after = await host.StatsAsync();
        var reuses = after.GetProperty("reuseDetections").GetInt64() - before.GetProperty("reuseDetections").GetInt64();
        var revocations = after.GetProperty("revocations").GetInt64() - before.GetProperty("revocations").GetInt64();
        output.WriteLine($"Old cookies after a switch: {(int)answer.StatusCode}; reuse detections {reuses}, revocations {revocations}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(0, reuses);
        Assert.Equal(0, revocations);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Me")).Status);
    }

    [Fact]
    public async Task Forgetting_every_session_makes_the_next_view_ask_Lamba_again()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInAsync("admin@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Admin")).Status);
        var cached = await AdminArrange.CallsAsync(host, "GET /v1/me/authorization");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Admin")).Status);
        Assert.Equal(cached, await AdminArrange.CallsAsync(host, "GET /v1/me/authorization"));

        await host.Portal.Services.GetRequiredService<IPermissionInvalidation>().ForgetEverySessionAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Admin")).Status);

        Assert.Equal(cached + 1, await AdminArrange.CallsAsync(host, "GET /v1/me/authorization"));
    }
}
