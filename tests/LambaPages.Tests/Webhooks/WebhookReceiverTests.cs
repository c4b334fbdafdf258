using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lamba.AspNetCore.Authorization;
using LambaPages.Tests.Admin;
using LambaPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LambaPages.Tests.Webhooks;

/// <summary>POST /webhooks/lamba: signed events from Lamba that make a role change felt at once.</summary>
public sealed class WebhookReceiverTests(ITestOutputHelper output)
{
    private const string Secret = "whsec_portal_tests_0123456789abcdef";
    private static readonly string[] Viewer = ["viewer"];
    private static readonly Dictionary<string, string?> WithSecret = new() { ["LAMBA_WEBHOOK_SECRET"] = Secret };

    [Fact]
    public async Task The_webhook_takes_the_admin_pages_away_while_the_cached_permissions_alone_still_serve_them()
    {
        // Both portals on a clock that stands still: only the webhook can end the first one's cached "may", and the
        // second one's ends when its clock is moved past the cache window, not after 30 s of waiting.
        var window = PermissionCacheOptions.MaximumLifetime;
        var withWebhookClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var withWebhook = await PortalHost.StartAsync(settings: WithSecret, portalClock: withWebhookClock);
        await using var relay = await WebhookRelay.StartAsync(withWebhook);
        using var first = withWebhook.NewBrowser();
        await first.SignInAsync("support@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/Admin/Members")).Status);
        var viaWebhook = await TimeUntilForbiddenAsync(withWebhook, first, "support@acme.test", limit: TimeSpan.FromSeconds(10));

        var cacheOnlyClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cacheOnly = await PortalHost.StartAsync(portalClock: cacheOnlyClock);
        using var second = cacheOnly.NewBrowser();
        await second.SignInAsync("support@acme.test");
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/Admin/Members")).Status);
        var cacheOnlyLimit = viaWebhook * 2 + TimeSpan.FromSeconds(1);
        var stillServed = await TimeUntilForbiddenAsync(cacheOnly, second, "support@acme.test", limit: cacheOnlyLimit);
        cacheOnlyClock.Advance(window);
        var afterWindow = await second.GetAsync("/Admin");

        output.WriteLine($"Role change to lost admin page: with the webhook {viaWebhook.TotalMilliseconds:F0} ms; without it still served after {stillServed.TotalMilliseconds:F0} ms, refused once the {window.TotalSeconds:F0} s cache window has passed on the portal's clock");
        Assert.True(viaWebhook < TimeSpan.FromSeconds(10), $"Still allowed {viaWebhook} after the webhook was sent.");
        Assert.Equal(1, relay.Relayed);
        Assert.True(stillServed >= cacheOnlyLimit, $"Without the webhook the page went after {stillServed}, inside the cache window.");
        Assert.Equal(HttpStatusCode.Forbidden, afterWindow.Status);
    }

    [Fact]
    public async Task A_wrong_signature_is_refused_with_a_problem_and_logged_without_the_body()
    {
        await using var host = await PortalHost.StartAsync(settings: WithSecret);
        var body = Envelope("evt_bad_signature", "member.removed", "usr_admin_secret_marker");

        using var answer = await PostAsync(host, body, Now(), "not-the-secret-at-all-000000000000");

        await AssertProblemAsync(answer, HttpStatusCode.BadRequest, "WEBHOOK_SIGNATURE_INVALID");
        Assert.Contains(host.Logs.Lines, line => line.Contains("signature does not match", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains("usr_admin_secret_marker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timestamp_more_than_300_seconds_old_is_refused_even_when_signed()
    {
        await using var host = await PortalHost.StartAsync(settings: WithSecret);

        using var answer = await PostAsync(host, Envelope("evt_stale", "member.removed", "usr_admin"), Now() - 301, Secret);

        await AssertProblemAsync(answer, HttpStatusCode.BadRequest, "WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE");
    }

    [Fact]
    public async Task Missing_signature_headers_and_a_signed_body_that_is_not_an_envelope_are_refused()
    {
        await using var host = await PortalHost.StartAsync(settings: WithSecret);
        using var client = host.CreateClient();

        using var unsigned = await client.PostAsync("/webhooks/lamba", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var malformed = await PostAsync(host, "[1,2,3", Now(), Secret);

        await AssertProblemAsync(unsigned, HttpStatusCode.BadRequest, "WEBHOOK_SIGNATURE_MISSING");
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "WEBHOOK_MALFORMED");
    }

    [Fact]
    public async Task The_same_event_delivered_twice_answers_204_both_times_and_acts_once()
    {
        await using var host = await PortalHost.StartAsync(settings: WithSecret);
        var body = Envelope("evt_twice", "member.roles_changed", "usr_support");

        using var first = await PostAsync(host, body, Now(), Secret);
        using var second = await PostAsync(host, body, Now(), Secret);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Single(host.Logs.Lines, line => line.Contains("evt_twice (member.roles_changed) handled", StringComparison.Ordinal));
        Assert.Single(host.Logs.Lines, line => line.Contains("evt_twice (member.roles_changed) already handled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_webhook_secret_the_receiver_does_not_exist()
    {
        await using var host = await PortalHost.StartAsync();

        using var answer = await PostAsync(host, Envelope("evt_x", "member.removed", "usr_admin"), Now(), Secret);

        await AssertProblemAsync(answer, HttpStatusCode.NotFound, "WEBHOOKS_NOT_CONFIGURED");
    }

    /// <summary>Demotes the member to viewer as the owner, then polls the admin page until it is refused.</summary>
    private static async Task<TimeSpan> TimeUntilForbiddenAsync(PortalHost host, TestBrowser browser, string email, TimeSpan limit)
    {
        var userId = await AdminArrange.UserIdAsync(host, email);
        var ownerToken = await AdminArrange.TokenAsync(host, "owner@acme.test");
        using var demote = new HttpRequestMessage(HttpMethod.Patch, "v1/admin/members/" + userId) { Content = JsonContent.Create(new { roleKeys = Viewer }) };
        demote.Headers.Authorization = new("Bearer", ownerToken);

        // From the moment Lamba has changed the role.
        (await host.EmulatorClient.SendAsync(demote)).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            // The admin start page asks Lamba nothing but the (cached) permissions: only they decide whether it is served.
            if ((await browser.GetAsync("/Admin")).Status == HttpStatusCode.Forbidden)
            {
                return clock.Elapsed;
            }

            await Task.Delay(50);
        }

        return clock.Elapsed;
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Envelope(string id, string type, string userId) => JsonSerializer.Serialize(new
    {
        id,
        type,
        occurredAt = DateTimeOffset.UtcNow,
        workspaceId = "wrk_acme",
        projectId = "prj_storefront",
        environment = "test",
        data = new { userId },
    });

    private static async Task<HttpResponseMessage> PostAsync(PortalHost host, string body, long timestamp, string secret)
    {
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        var signature = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stamp + "." + body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/lamba") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Lamba-Event", "test");
        request.Headers.Add("X-Lamba-Timestamp", stamp);
        request.Headers.Add("X-Lamba-Signature", signature);
        using var client = host.CreateClient();
        return await client.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage answer, HttpStatusCode status, string errorCode)
    {
        Assert.Equal(status, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(errorCode, problem.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    /// <summary>
    /// The portal under test runs in memory, where the emulator cannot reach it: this loopback receiver is the
    /// emulator's registered endpoint and hands each delivery to the portal byte for byte, signature headers included.
    /// </summary>
    private sealed class WebhookRelay : IAsyncDisposable
    {
        private static readonly string[] SignedHeaders = ["X-Lamba-Event", "X-Lamba-Timestamp", "X-Lamba-Signature"];
        private readonly WebApplication app;
        private int relayed;

        private WebhookRelay(WebApplication app) => this.app = app;

        public int Relayed => Volatile.Read(ref relayed);

        public static async Task<WebhookRelay> StartAsync(PortalHost host)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var relay = new WebhookRelay(app);
            var portal = host.CreateClient();
            app.MapPost("/relay", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                using var forward = new HttpRequestMessage(HttpMethod.Post, "/webhooks/lamba")
                {
                    Content = new StringContent(await reader.ReadToEndAsync(), Encoding.UTF8, "application/json"),
                };
                foreach (var header in SignedHeaders)
                {
                    forward.Headers.Add(header, http.Request.Headers[header].ToString());
                }

                using var answer = await portal.SendAsync(forward);
                if (answer.StatusCode == HttpStatusCode.NoContent && http.Request.Headers["X-Lamba-Event"] == "member.roles_changed")
                {
                    Interlocked.Increment(ref relay.relayed);
                }

                return Results.StatusCode((int)answer.StatusCode);
            });
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/relay";
            using var registered = await host.EmulatorClient.PostAsJsonAsync("_emulator/webhooks", new { url, secret = Secret });
            registered.EnsureSuccessStatusCode();
            return relay;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
